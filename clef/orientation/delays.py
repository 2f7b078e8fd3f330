"""The orientation delays, defined once: the milestones of an availability and the spans between them. The
delays page (`delays`) and the bilan's orientation section (`clef.bilan.sections.orientation`) both read
them from here; aggregate queries only, nothing is counted in Python.

Milestones of an availability (« mise à disposition »):
- `available_from`: the day the dwelling is available to the SIAO;
- `first_proposed_on`: the day its first candidate was proposed (whatever became of that candidate);
- `accepted_on`: the day the commission accepted its candidate (the accepted proposal is the one whose
  household entered, or else the first accepted);
- `entered_on`: the entry date of that accepted household's stay;
- `vacancy_ended_on`: the day the vacancy ended: the entry, or else the day the availability was closed
  (withdrawn), never before `available_from`; empty while the dwelling waits;
- `vacancy_end`: `vacancy_ended_on`, or today while the dwelling waits (never before `available_from`: a
  dwelling offered for a later date has no vacancy yet): « jours de vacance à ce jour ».

Spans, in days (end − start): to the first proposal, to the acceptance, to the entry (these three add
up to the vacancy of a dwelling that was filled), and the vacancy. A span ends on its `ended_on`
milestone: the bilan counts it in the year of that day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from clef.orientation.enums import AvailabilityStatus, Decision
from clef.orientation.models import Proposal


@dataclass(frozen=True)
class Span:
    start: str  # milestone
    end: str  # milestone
    ended_on: str  # milestone: the day the span is over (empty while it runs)


SPANS = {
    "to_proposal": Span("available_from", "first_proposed_on", "first_proposed_on"),
    "to_decision": Span("first_proposed_on", "accepted_on", "accepted_on"),
    "to_entry": Span("accepted_on", "entered_on", "entered_on"),
    "vacancy": Span("available_from", "vacancy_end", "vacancy_ended_on"),
}

# Grouping keys of `delays(…, by=…)`.
BY = {
    "dwelling": "dwelling_id",
    "operator": "organisation_id",
    "department": "dwelling__commune__department_id",
}


def with_milestones(queryset, today: date):
    """Each availability of `queryset` with its milestones (module docstring) and `proposal_count`."""
    proposals = Proposal.objects.filter(availability=OuterRef("pk"))
    # the accepted proposal: the one whose household entered, or else the first accepted
    accepted = proposals.filter(decision=Decision.ACCEPTED).order_by(
        F("stay__entry_date").asc(nulls_last=True), "decided_on", "pk"
    )
    first = proposals.order_by().values("availability").annotate(first=Min("proposed_on")).values("first")
    return (
        queryset.annotate(
            first_proposed_on=Subquery(first[:1]),
            accepted_on=Subquery(accepted.values("decided_on")[:1]),
            entered_on=Subquery(accepted.values("stay__entry_date")[:1]),
            proposal_count=Subquery(
                proposals.order_by().values("availability").annotate(n=Count("pk")).values("n")[:1],
                output_field=models.IntegerField(),
            ),
        )
        .annotate(
            # a CASE, not GREATEST alone: PostgreSQL's GREATEST skips a null, SQLite's MAX returns null
            vacancy_ended_on=Case(
                When(
                    Q(entered_on__isnull=False) | Q(closed_on__isnull=False),
                    then=Greatest(Coalesce(F("entered_on"), F("closed_on")), F("available_from")),
                ),
                output_field=models.DateField(),
            )
        )
        .annotate(
            vacancy_end=Coalesce(
                F("vacancy_ended_on"),
                Greatest(Value(today, output_field=models.DateField()), F("available_from")),
            )
        )
    )


def duration(name: str) -> ExpressionWrapper:
    """The span `name` (a key of SPANS) of each availability, as a database duration."""
    span = SPANS[name]
    return ExpressionWrapper(F(span.end) - F(span.start), output_field=DurationField())


def in_days(value) -> float | None:
    """A database duration (a mean, a total) in days, unrounded; None when there is nothing."""
    if value is None:
        return None
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return float(value) / 86400e6  # a backend that returns microseconds


def delays(queryset, *, today: date | None = None, by: str | None = None):
    """Mean of each span in days, unrounded (None when nothing to average), and counts, over the
    availabilities of `queryset`: one dict, or one per dwelling / operator / department (`by`, a key of
    BY). Each mean is over the availabilities whose span has its end milestone (the vacancy: all)."""
    rows = with_milestones(queryset, today or timezone.localdate())
    aggregates = {
        "availabilities": Count("pk"),
        "filled": Count("pk", filter=Q(status=AvailabilityStatus.FILLED)),
        **{name: Avg(duration(name)) for name in SPANS},
    }

    def readable(row: dict) -> dict:
        return {key: in_days(value) if key in SPANS else value for key, value in row.items()}

    if by is None:
        return readable(rows.aggregate(**aggregates))
    key = BY[by]
    grouped = rows.order_by().values(key).annotate(**aggregates).order_by(key)
    return [readable(row) for row in grouped]
