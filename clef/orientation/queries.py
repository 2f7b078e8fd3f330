"""Reads of the orientation records that other apps (agenda, bilan) and the pages use. Querysets and
aggregate queries: nothing is counted in Python.

Delays of an availability, in days: to the first proposal (available_from → first proposed_on), to the
decision (first proposed_on → decided_on of the accepted candidate), to the entry (decided_on → entry
date of its stay), and the vacancy (available_from → entry date, or the day the availability was
withdrawn, or today while it is open: « jours de vacance à ce jour »)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from clef.orientation.enums import AvailabilityStatus, Decision, ReorientationStatus
from clef.orientation.models import Availability, Proposal, ReorientationRequest

# Grouping keys of `delays(…, by=…)`.
BY = {
    "dwelling": "dwelling_id",
    "operator": "organisation_id",
    "department": "dwelling__commune__department_id",
}


def open_reorientation_requests(organisation_id: int):
    """Open re-orientation requests of an operator (asked by it) or of a SIAO (to answer), oldest first,
    with `due_on` (the day asked)."""
    return (
        ReorientationRequest.objects.filter(Q(organisation_id=organisation_id) | Q(siao_id=organisation_id))
        .filter(status=ReorientationStatus.OPEN)
        .annotate(due_on=F("requested_on"))
        .select_related("household", "stay__dwelling__commune", "organisation")
        .order_by("requested_on", "pk")
    )


def availabilities_without_proposal(siao_id: int):
    """Open availabilities of the SIAO with no candidate under way (none pending, none accepted), the
    longest vacant first, with `due_on` (the day the dwelling is available)."""
    under_way = Proposal.objects.filter(
        availability=OuterRef("pk"), decision__in=[Decision.PENDING, Decision.ACCEPTED]
    )
    return (
        Availability.objects.filter(siao_id=siao_id, status=AvailabilityStatus.OPEN)
        .exclude(models.Exists(under_way))
        .annotate(due_on=F("available_from"))
        .select_related("dwelling__commune", "organisation")
        .order_by("available_from", "pk")
    )


def _days(end, start) -> ExpressionWrapper:
    return ExpressionWrapper(end - start, output_field=DurationField())


def with_milestones(queryset, today: date):
    """Each availability with `first_proposed_on`, `accepted_on`, `entered_on` and `vacancy_end`."""
    proposals = Proposal.objects.filter(availability=OuterRef("pk"))
    accepted = proposals.filter(decision=Decision.ACCEPTED).order_by("decided_on", "pk")
    first = proposals.order_by().values("availability").annotate(first=Min("proposed_on")).values("first")
    return queryset.annotate(
        first_proposed_on=Subquery(first[:1]),
        accepted_on=Subquery(accepted.values("decided_on")[:1]),
        entered_on=Subquery(accepted.filter(stay__isnull=False).values("stay__entry_date")[:1]),
        proposal_count=Subquery(
            proposals.order_by().values("availability").annotate(n=Count("pk")).values("n")[:1],
            output_field=models.IntegerField(),
        ),
    ).annotate(
        # not before the dwelling is available: a dwelling offered for a later date has no vacancy yet
        vacancy_end=Coalesce(
            F("entered_on"),
            F("closed_on"),
            Greatest(Value(today, output_field=models.DateField()), F("available_from")),
        ),
    )


def _in_days(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 86400, 1)
    return round(float(value) / 86400e6, 1)  # a backend that returns microseconds


def delays(queryset, *, today: date | None = None, by: str | None = None):
    """Average delays in days (None when nothing to average) and counts, over the availabilities of
    `queryset`: one dict, or one per dwelling / operator / department (`by`, a key of BY)."""
    rows = with_milestones(queryset, today or timezone.localdate())
    aggregates = {
        "availabilities": Count("pk"),
        "filled": Count("pk", filter=Q(status=AvailabilityStatus.FILLED)),
        "to_proposal": Avg(_days(F("first_proposed_on"), F("available_from"))),
        "to_decision": Avg(_days(F("accepted_on"), F("first_proposed_on"))),
        "to_entry": Avg(_days(F("entered_on"), F("accepted_on"))),
        "vacancy": Avg(_days(F("vacancy_end"), F("available_from"))),
    }
    durations = ("to_proposal", "to_decision", "to_entry", "vacancy")

    def readable(row: dict) -> dict:
        return {key: _in_days(value) if key in durations else value for key, value in row.items()}

    if by is None:
        return readable(rows.aggregate(**aggregates))
    key = BY[by]
    grouped = rows.order_by().values(key).annotate(**aggregates).order_by(key)
    return [readable(row) for row in grouped]
