"""The rules of SIAO orientation, written once: forms, services (and any importer) call these functions.
Each check raises a ValidationError whose keys are the model's field names."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError

from clef.dwellings.enums import Typology
from clef.dwellings.models import Dwelling
from clef.households.rules import check_composition, check_reference_person
from clef.occupancy.rules import check_demand_number, normalise_demand_number
from clef.organisations.models import Organisation, OrganisationKind
from clef.orientation.enums import AvailabilityStatus, Decision, HouseholdAnswer, RefusalReason

ADULT_AGE = 18

# What the commission (or the SIAO, for a withdrawal) may record from a pending proposal; a decision is
# final (an accepted candidate has its household file; if it then does not enter, the file says so).
TRANSITIONS: dict[str, set[str]] = {
    Decision.PENDING: {Decision.ACCEPTED, Decision.REFUSED, Decision.DECLINED, Decision.WITHDRAWN},
    Decision.ACCEPTED: set(),
    Decision.REFUSED: set(),
    Decision.DECLINED: set(),
    Decision.WITHDRAWN: set(),
}
COMMISSION_DECISIONS = (Decision.ACCEPTED, Decision.REFUSED, Decision.DECLINED)

# The one order of the candidates of a dwelling: by date proposed, then as recorded. Never by the
# household's past answers: a refusal by the household carries no penalty (Logement d'abord).
CANDIDATE_ORDER = ("proposed_on", "pk")


def siao_of(department_id: str | None) -> Organisation | None:
    """The SIAO of a department: the active SIAO organisation whose head office is there."""
    if not department_id:
        return None
    return Organisation.objects.filter(
        kind=OrganisationKind.SIAO, head_office_department_id=department_id, is_active=True
    ).first()


def require_siao_of(department_id: str | None) -> Organisation:
    siao = siao_of(department_id)
    if siao is None:
        raise ValidationError(
            "Aucun SIAO n'est enregistré dans Clef pour le département de ce logement : la mise à "
            "disposition ne peut pas lui être adressée. Contactez l'administration de la plateforme.",
            code="no_siao",
        )
    return siao


def check_available(*, dwelling: Dwelling, on: date) -> None:
    """A dwelling is made available only if it is in the park and vacant on the date it is available."""
    if not dwelling.is_in_park_on(on):
        raise ValidationError(
            {
                "available_from": "Ce logement n'est pas dans le parc IML à cette date : il ne peut pas être mis "
                "à disposition."
            },
            code="not_in_park",
        )
    if not Dwelling.objects.vacant_on(on).filter(pk=dwelling.pk).exists():
        raise ValidationError(
            {
                "available_from": "Un ménage occupe ce logement à cette date : choisissez la date à laquelle il "
                "sera libre."
            },
            code="occupied",
        )


def max_available_from(today: date) -> date:
    """The latest « disponible à partir du » date: a bounded window ahead (setting, 92 days by default)."""
    return today + timedelta(days=settings.CLEF_AVAILABILITY_MAX_DAYS_AHEAD)


def check_offer(
    *, dwelling_places: int, places: int | None, available_from: date | None, today: date
) -> None:
    """What is offered fits the dwelling (no more places than it has) and is available soon enough for the
    SIAO to propose a candidate (within the window ahead)."""
    errors: dict[str, str] = {}
    if places is not None and places > dwelling_places:
        errors["places"] = (
            f"Ce logement compte {dwelling_places} place{'s' if dwelling_places > 1 else ''} : la mise à "
            "disposition ne peut pas en offrir davantage."
        )
    if available_from is not None and available_from > max_available_from(today):
        errors["available_from"] = (
            f"La mise à disposition se fait au plus {settings.CLEF_AVAILABILITY_MAX_DAYS_AHEAD} jours à "
            f"l'avance (au plus tard le {max_available_from(today):%d/%m/%Y})."
        )
    if errors:
        raise ValidationError(errors, code="offer")


def check_rent(*, rent_total, household_share) -> None:
    if rent_total is not None and household_share is not None and household_share > rent_total:
        raise ValidationError(
            {"household_share": "La part du ménage ne peut pas dépasser le loyer charges comprises."},
            code="share_above_rent",
        )


def check_open(status: str) -> None:
    """Candidates are proposed, and accepted, only on an open availability."""
    if status != AvailabilityStatus.OPEN:
        raise ValidationError(
            "Cette mise à disposition est close (logement pourvu ou retiré) : plus aucun candidat ne peut y "
            "être proposé ni accepté.",
            code="availability_closed",
        )


def check_candidate(*, composition: str, member_roles: Iterable[str]) -> None:
    """The candidate household's members (the reference person and the others) against its composition:
    the household rules themselves, so that the household file created on acceptance is valid."""
    roles = list(member_roles)
    check_reference_person(roles)
    check_composition(composition, roles)


def clean_demand(number: str, first_demand_on: date | None, *, on: date) -> str:
    """The candidate's numéro unique, by the occupancy rule (letters and digits, normalised), and the date of
    the first demand that goes with it (printed on the same certificate): both or neither, the date not
    after the proposal. Returns the number as stored."""
    number = normalise_demand_number(number)
    errors: dict[str, str] = {}
    try:
        check_demand_number(number)
    except ValidationError as exc:
        errors["demand_number"] = exc.messages[0]
    if number and first_demand_on is None:
        errors["first_demand_on"] = (
            "Indiquez la date de la première demande, qui figure sur l'attestation avec le numéro unique."
        )
    elif first_demand_on is not None and not number:
        errors["demand_number"] = "Indiquez le numéro unique de cette demande (ou effacez sa date)."
    elif first_demand_on is not None and first_demand_on > on:
        errors["first_demand_on"] = (
            "La date de la première demande ne peut pas suivre la date de la proposition."
        )
    if errors:
        raise ValidationError(errors, code="demand")
    return number


def candidate_errors(
    *,
    composition: str,
    member_roles: Iterable[str],
    demand_number: str,
    first_demand_on: date | None,
    on: date,
) -> dict[str, list[str]]:
    """Every rule of a candidate's summary at once (its members against its composition, its demand), so
    that the form shows all the errors in one pass: {field (or NON_FIELD_ERRORS): messages}."""
    errors: dict[str, list[str]] = {}
    for check in (
        lambda: check_candidate(composition=composition, member_roles=member_roles),
        lambda: clean_demand(demand_number, first_demand_on, on=on),
    ):
        try:
            check()
        except ValidationError as exc:
            for name, messages in exc.update_error_dict({}).items():
                errors.setdefault(name, []).extend(messages)
    return errors


def count_adults(birth_dates: Iterable[date], on: date) -> tuple[int, int]:
    """(adults, children) of a household on a day: 18 years old or more is an adult."""
    adults = children = 0
    for born in birth_dates:
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        if age >= ADULT_AGE:
            adults += 1
        else:
            children += 1
    return adults, children


def check_typologies(typology_min: str, typology_max: str) -> None:
    order = list(Typology.values)
    if typology_min and typology_max and order.index(typology_min) > order.index(typology_max):
        raise ValidationError(
            {
                "typology_max": "La typologie la plus grande souhaitée ne peut pas être plus petite que la plus "
                "petite."
            },
            code="typology_range",
        )


def decision_words(decision: str) -> str:
    """A decision's label inside a sentence: its first letter lower-cased only (« retirée par le SIAO »)."""
    label = str(Decision(decision).label)
    return label[:1].lower() + label[1:]


def check_transition(*, current: str, new: str, has_stay: bool) -> None:
    if new not in TRANSITIONS.get(current, set()):
        raise ValidationError(
            f"Cette proposition est déjà « {decision_words(current)} » : elle ne peut pas devenir "
            f"« {decision_words(new)} ». Rechargez la page pour voir la décision enregistrée.",
            code="transition",
        )
    if has_stay:
        raise ValidationError("Le ménage est déjà entré dans le logement.", code="entered")


def check_decision(
    *,
    decision: str,
    refusal_reason: str,
    refusal_detail: str,
    household_reason: str,
    on: date | None = None,
    proposed_on: date | None = None,
) -> None:
    """A refusal by the commission has its reason (and « autre » its detail); a household that declines
    says why in its own words (which may be « ne souhaite pas le dire »); a decision is not dated before
    the proposal it decides."""
    errors: dict[str, str] = {}
    if on is not None and proposed_on is not None and on < proposed_on:
        errors["decided_on"] = (
            f"La décision ne peut pas précéder la proposition du candidat (le {proposed_on:%d/%m/%Y})."
        )
    if decision == Decision.REFUSED:
        if not refusal_reason:
            errors["refusal_reason"] = "Indiquez le motif du refus de la commission."
        elif refusal_reason == RefusalReason.AUTRE and not refusal_detail.strip():
            errors["refusal_detail"] = "Précisez le motif du refus."
    elif refusal_reason:
        errors["refusal_reason"] = "Un motif de refus ne s'indique que pour un refus de la commission."
    if decision == Decision.DECLINED and not household_reason.strip():
        errors["household_reason"] = (
            "Indiquez la raison donnée par le ménage (ou « ne souhaite pas la donner »)."
        )
    if errors:
        raise ValidationError(errors, code="decision")


def household_answer_for(decision: str, current: str) -> str:
    """The household's answer that a decision implies: accepting means it said yes, declining no."""
    if decision == Decision.ACCEPTED:
        return HouseholdAnswer.YES
    if decision == Decision.DECLINED:
        return HouseholdAnswer.NO
    return current


def check_single_acceptance(*, other_accepted_waiting: bool) -> None:
    """One dwelling, one household: a second candidate is accepted only once the first has entered or
    declined."""
    if other_accepted_waiting:
        raise ValidationError(
            "Un autre candidat est déjà accepté pour ce logement et n'est pas encore entré : enregistrez son "
            "entrée ou son refus d'abord.",
            code="already_accepted",
        )


def check_entry(
    *,
    decision: str,
    has_stay: bool,
    on: date | None = None,
    decided_on: date | None = None,
    available_from: date | None = None,
) -> None:
    """Only an accepted candidate enters, once, and not before the commission accepted it nor before the
    dwelling was available (else the delays of the orientation would be negative). A proposal itself may
    precede the availability date: the SIAO proposes a candidate for a dwelling announced in advance."""
    if decision != Decision.ACCEPTED:
        raise ValidationError("Seul un candidat accepté par la commission peut entrer.", code="not_accepted")
    if has_stay:
        raise ValidationError("L'entrée de ce ménage est déjà enregistrée.", code="entered")
    if on is None:
        return
    if decided_on is not None and on < decided_on:
        raise ValidationError(
            {
                "entry_date": f"L'entrée ne peut pas précéder l'accord de la commission (le {decided_on:%d/%m/%Y})."
            },
            code="entry_before_decision",
        )
    if available_from is not None and on < available_from:
        raise ValidationError(
            {
                "entry_date": "L'entrée ne peut pas précéder la date à laquelle le logement est disponible "
                f"(le {available_from:%d/%m/%Y})."
            },
            code="entry_before_availability",
        )


def check_reorientation(*, stay_exit_date: date | None) -> None:
    if stay_exit_date is not None:
        raise ValidationError(
            "Ce ménage a quitté le logement : une réorientation ne se demande que pour un ménage présent.",
            code="not_present",
        )


def check_places_count(count: int, maximum: int) -> None:
    if count > maximum:
        raise ValidationError(
            {"communes": f"Indiquez au plus {maximum} communes ou intercommunalités souhaitées."},
            code="too_many_places",
        )
