"""Reads of the support that other areas use (the agenda, « À faire »): querysets, aggregated in the
database.

Which organisation does a household's support on a day: the partner of the household's SUPPORT share in
force that day (`clef.organisations` Share, access « accompagnement »), else the household's own operator.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from clef.households.models import Household
from clef.organisations.models import Share
from clef.organisations.practice import practice_for
from clef.stays.models import Stay
from clef.support import rules
from clef.support.enums import AppointmentKind
from clef.support.models import Appointment


def support_shares(on: date):
    """The SUPPORT shares of households in force on `on`."""
    return Share.objects.of_model(Household).active_on(on).filter(access=Share.Access.SUPPORT)


def support_organisation_id(household: Household, on: date) -> int:
    """The organisation doing the household's support on `on` (one query)."""
    partner = (
        support_shares(on)
        .filter(object_id=household.pk, organisation_id=household.organisation_id)
        .order_by("starts_on", "pk")
        .values_list("partner_id", flat=True)
        .first()
    )
    return partner or household.organisation_id


def supported_by(organisation_id: int, on: date):
    """Households whose support `organisation_id` does on `on`: its own without a partner doing it, and
    those a partner operator delegated to it."""
    shares = support_shares(on).filter(object_id=OuterRef("pk"))
    delegated_away = shares.filter(organisation_id=OuterRef("organisation_id"))
    delegated_here = shares.filter(partner_id=organisation_id)
    return Household.objects.filter(
        (Q(organisation_id=organisation_id) & ~Exists(delegated_away)) | Exists(delegated_here)
    )


def with_cadence(households, on: date):
    """Annotate `last_meeting` (any appointment held by `on`), `last_joint_visit` and `since` (the entry
    into the current dwelling): one query for the whole list."""
    held = Appointment.objects.filter(household=OuterRef("pk"), held_on__lte=on)
    current = Stay.objects.filter(household=OuterRef("pk")).occupying_on(on).order_by("-entry_date")
    return households.annotate(
        last_meeting=Subquery(held.order_by().values("household").annotate(m=Max("held_on")).values("m")[:1]),
        last_joint_visit=Subquery(
            held.filter(kind=AppointmentKind.VISITE_CONJOINTE)
            .order_by()
            .values("household")
            .annotate(m=Max("held_on"))
            .values("m")[:1]
        ),
        since=Subquery(current.values("entry_date")[:1]),
    )


def _overdue(organisation_id: int, on: date, *, field: str, every_months: int):
    households = with_cadence(supported_by(organisation_id, on).present_on(on), on)
    return (
        households.annotate(reference_on=Coalesce(field, "since"), every_months=Value(every_months))
        .filter(reference_on__lt=rules.overdue_threshold(on, every_months))
        .order_by("reference_on", "pk")
    )


def overdue_meetings(organisation_id: int, on: date):
    """Households present on `on`, supported by the organisation, not met for longer than its practice's
    `meeting_every_months` (since their last appointment, or their entry). Each row carries
    `reference_on` and `every_months`: due on `rules.due_on(reference_on, every_months)`; most overdue
    first."""
    every = practice_for(organisation_id).meeting_every_months
    return _overdue(organisation_id, on, field="last_meeting", every_months=every)


def overdue_joint_visits(organisation_id: int, on: date):
    """The same for joint visits (rental manager and social worker), every `joint_visit_every_months`."""
    every = practice_for(organisation_id).joint_visit_every_months
    return _overdue(organisation_id, on, field="last_joint_visit", every_months=every)
