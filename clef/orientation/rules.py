"""The rules of SIAO orientation, written once: forms, services (and any importer) call these functions.
Each check raises a ValidationError whose keys are the model's field names."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError

from clef.dwellings.enums import Typology
from clef.dwellings.models import Dwelling
from clef.households.rules import check_composition, check_reference_person
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


def check_transition(*, current: str, new: str, has_stay: bool) -> None:
    if new not in TRANSITIONS.get(current, set()):
        raise ValidationError(
            f"Cette proposition est déjà « {Decision(current).label.lower()} » : elle ne peut pas devenir "
            f"« {Decision(new).label.lower()} ». Rechargez la page pour voir la décision enregistrée.",
            code="transition",
        )
    if has_stay:
        raise ValidationError("Le ménage est déjà entré dans le logement.", code="entered")


def check_decision(*, decision: str, refusal_reason: str, refusal_detail: str, household_reason: str) -> None:
    """A refusal by the commission has its reason (and « autre » its detail); a household that declines
    says why in its own words (which may be « ne souhaite pas le dire »)."""
    errors: dict[str, str] = {}
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


def check_entry(*, decision: str, has_stay: bool) -> None:
    if decision != Decision.ACCEPTED:
        raise ValidationError("Seul un candidat accepté par la commission peut entrer.", code="not_accepted")
    if has_stay:
        raise ValidationError("L'entrée de ce ménage est déjà enregistrée.", code="entered")


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
