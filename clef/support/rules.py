"""Rules of the support (accompagnement): one function each, called by the forms, the services and any
importer, never restated.

- one support agreement in force per household at a time (`check_one_agreement_in_force`);
- objectives by domain (`check_objectives`);
- home visits and joint visits only with the household's consent in force that day, which it can
  withdraw (`home_visits_allowed`, `check_home_visit_allowed`, `check_consent_dates`);
- appointments: a date not beyond a bound in the future, a note only once it took place
  (`check_appointment`); somebody present, and for a joint visit a rental manager and a social worker
  (`check_attendees`);
- cadences from the operator's practice settings (`clef.organisations.practice.practice_for`):
  the social worker meets the household every `meeting_every_months`, a joint visit every
  `joint_visit_every_months` (`overdue_threshold`, `due_on`, `is_overdue`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q

from clef.organisations.models import Membership, Role
from clef.support.enums import HOME_VISIT_KINDS, AppointmentKind, Domain
from clef.support.models import HomeVisitConsent, SupportAgreement
from clef.utils.dates import add_months

# An appointment is planned at most this many days ahead (beyond: a typing error, refused).
APPOINTMENT_MAX_DAYS_AHEAD = 366
MAX_OBJECTIVES = 30


# --- Agreement -----------------------------------------------------------------------------------------


def overlapping_q(signed_on: date, ends_on: date | None) -> Q:
    """Agreements whose period [signed_on, ends_on] meets the given one (an open end runs forever)."""
    condition = Q(ends_on__isnull=True) | Q(ends_on__gte=signed_on)
    if ends_on is not None:
        condition &= Q(signed_on__lte=ends_on)
    return condition


def in_force_q(day: date) -> Q:
    return Q(signed_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def check_agreement_dates(signed_on: date, ends_on: date | None) -> None:
    if ends_on is not None and signed_on is not None and ends_on < signed_on:
        raise ValidationError({"ends_on": "La fin du contrat ne peut pas précéder sa signature."})


def check_one_agreement_in_force(
    *, household_id: int, signed_on: date, ends_on: date | None, exclude_pk: int | None = None
) -> None:
    """A household has one support agreement in force at a time: periods never overlap."""
    others = SupportAgreement.objects.filter(household_id=household_id).filter(
        overlapping_q(signed_on, ends_on)
    )
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    other = others.order_by("signed_on").first()
    if other is not None:
        end = f" jusqu'au {other.ends_on:%d/%m/%Y}" if other.ends_on else ", sans date de fin"
        raise ValidationError(
            {
                "signed_on": f"Un autre contrat d'accompagnement est en vigueur sur cette période (signé le "
                f"{other.signed_on:%d/%m/%Y}{end}) : mettez-y fin avant d'en signer un nouveau."
            },
            code="agreement_overlap",
        )


@dataclass
class ObjectiveData:
    domain: str
    text: str
    status: str
    pk: int | None = None
    delete: bool = False


def check_objectives(objectives: list[ObjectiveData]) -> None:
    """Each objective names a domain of the list and says what it is; at most MAX_OBJECTIVES."""
    live = [o for o in objectives if not o.delete]
    if len(live) > MAX_OBJECTIVES:
        raise ValidationError(f"Un contrat compte au plus {MAX_OBJECTIVES} objectifs.", code="too_many")
    for objective in live:
        if objective.domain not in Domain.values:
            raise ValidationError("Choisissez le domaine de chaque objectif dans la liste.", code="domain")
        if not objective.text.strip():
            raise ValidationError("Écrivez chaque objectif (ou retirez la ligne).", code="empty_objective")


def objectives_by_domain(objectives) -> list[tuple[str, list]]:
    """(domain label, objectives) in the order of the domains list, only the domains that have some."""
    grouped: dict[str, list] = {}
    for objective in objectives:
        grouped.setdefault(objective.domain, []).append(objective)
    return [(label, grouped[code]) for code, label in Domain.choices if code in grouped]


# --- Home visits: the household's consent ---------------------------------------------------------------


def consent_in_force_q(day: date) -> Q:
    """Consents given on or before `day` and not withdrawn by then (a withdrawal takes effect that day)."""
    return Q(given_on__lte=day) & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))


def home_visits_allowed(household, on: date) -> bool:
    """Whether the household agreed to home visits, and had not withdrawn its agreement, on `on`."""
    return HomeVisitConsent.objects.filter(household=household).filter(consent_in_force_q(on)).exists()


def check_home_visit_allowed(household, kind: str, held_on: date) -> None:
    """A home visit or a joint visit needs the household's consent in force on its day."""
    if kind in HOME_VISIT_KINDS and not home_visits_allowed(household, held_on):
        raise ValidationError(
            {
                "kind": "Le ménage n'a pas donné son accord pour les visites à domicile à cette date (ou l'a "
                "retiré) : une visite à domicile ou conjointe ne peut pas être enregistrée. Enregistrez "
                "d'abord son accord, s'il le donne."
            },
            code="no_consent",
        )


def check_consent_dates(given_on: date, withdrawn_on: date | None) -> None:
    if withdrawn_on is not None and given_on is not None and withdrawn_on < given_on:
        raise ValidationError(
            {"withdrawn_on": "Le retrait de l'accord ne peut pas précéder la date où il a été donné."}
        )


# --- Appointments --------------------------------------------------------------------------------------


def latest_appointment_date(today: date) -> date:
    return today + timedelta(days=APPOINTMENT_MAX_DAYS_AHEAD)


def check_appointment(*, held_on: date, note: str, today: date) -> None:
    """A date at most APPOINTMENT_MAX_DAYS_AHEAD days ahead; a note only for an appointment that took
    place (on or before today)."""
    if held_on > latest_appointment_date(today):
        raise ValidationError(
            {"held_on": f"Un rendez-vous se prévoit au plus {APPOINTMENT_MAX_DAYS_AHEAD} jours à l'avance."},
            code="too_far",
        )
    if note.strip() and held_on > today:
        raise ValidationError(
            {"note": "Une note se rédige après le rendez-vous : celui-ci n'a pas encore eu lieu."},
            code="note_before_appointment",
        )


NO_ATTENDEE = "Indiquez qui était présent : au moins un professionnel coché, ou les autres présents."
JOINT_VISIT_NEEDS = (
    "Une visite conjointe réunit un gestionnaire locatif et un travailleur social : cochez parmi les "
    "professionnels présents {missing}."
)


def check_attendees(*, kind: str, attendee_ids, other_attendees: str, organisation_ids) -> None:
    """Somebody attends an appointment (a professional, or « autres présents »); a joint visit has among
    its attendees a rental manager and a social worker: users whose active membership of the household's
    operator or of the organisation doing its support (`organisation_ids`) has that role."""
    attendee_ids = [pk for pk in attendee_ids if pk is not None]
    if not attendee_ids and not other_attendees.strip():
        raise ValidationError({"attendees": NO_ATTENDEE}, code="no_attendee")
    if kind != AppointmentKind.VISITE_CONJOINTE:
        return
    roles = set(
        Membership.objects.filter(
            user_id__in=attendee_ids, organisation_id__in=list(organisation_ids), is_active=True
        ).values_list("role", flat=True)
    )
    missing = [
        label
        for role, label in (
            (Role.RENTAL_MANAGER, "un gestionnaire locatif"),
            (Role.SOCIAL_WORKER, "un travailleur social"),
        )
        if role not in roles
    ]
    if missing:
        raise ValidationError(
            {"attendees": JOINT_VISIT_NEEDS.format(missing=" et ".join(missing))},
            code="joint_visit_attendees",
        )


# --- Cadences ------------------------------------------------------------------------------------------


def due_on(reference_on: date, every_months: int) -> date:
    """When the next meeting (or joint visit) is due after the last one (or after the entry)."""
    return add_months(reference_on, every_months)


def overdue_threshold(on: date, every_months: int) -> date:
    """A household whose last meeting (or entry) is before this date is overdue on `on`."""
    return add_months(on, -every_months)


def is_overdue(reference_on: date | None, every_months: int, on: date) -> bool:
    return reference_on is not None and reference_on < overdue_threshold(on, every_months)
