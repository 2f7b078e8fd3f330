"""What is due for an operator on a day (the occupancy lists, the IML meeting's agenda, « À faire »).

Each function returns a queryset of the operator's records, soonest first, annotated with `due_on` (the
date it is due); the durations and alert windows are the operator's practice settings (one query). The
callers add what they display (select_related, prefetch of the members)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from clef.dwellings.enums import ManagementMode
from clef.households.models import Household
from clef.occupancy import rules
from clef.occupancy.enums import CommissionDecision, SlideOutcome, TermDecision
from clef.occupancy.models import LeaseSlideReview, OccupancyTerm, SocialHousingDemand
from clef.organisations.practice import practice_for
from clef.stays.models import Stay


def _plus_days(field: str, days: int):
    """`field` + `days`, as a date, in the database (SQLite and PostgreSQL)."""
    return Cast(ExpressionWrapper(F(field) + timedelta(days=days), output_field=DateField()), DateField())


class _AddMonths(Func):
    """`date` + `months` months in the database, clamped to the end of the month like
    clef.utils.dates.add_months (31/01 + 1 → 28 or 29/02), on PostgreSQL and SQLite alike."""

    output_field = DateField()

    def __init__(self, expression, months: int):
        super().__init__(expression)
        self.months = int(months)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + make_interval(months => {self.months}))::date", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        plain = f"date({sql}, '{self.months:+d} months')"
        clamped = f"date({sql}, 'start of month', '{self.months + 1:+d} months', '-1 day')"
        same_day = f"strftime('%%d', {plain}) = strftime('%%d', {sql})"  # % doubled: a query template
        return f"(CASE WHEN {same_day} THEN {plain} ELSE {clamped} END)", params * 4


def _present_stays(organisation_id: int, on: date) -> QuerySet[Stay]:
    return Stay.objects.filter(organisation_id=organisation_id, exit_date__isnull=True, entry_date__lte=on)


def terms_due(organisation_id: int, on: date) -> QuerySet[OccupancyTerm]:
    """Pending terms of present households ending within the alert window (or already past)."""
    practice = practice_for(organisation_id)
    return (
        OccupancyTerm.objects.filter(
            organisation_id=organisation_id,
            decision=TermDecision.PENDING,
            stay__exit_date__isnull=True,
            ends_on__lte=on + timedelta(days=practice.term_alert_days),
        )
        .annotate(due_on=F("ends_on"))
        .order_by("ends_on", "pk")
    )


def stays_beyond_recommended(organisation_id: int, on: date) -> QuerySet[Stay]:
    """Present households of sublet dwellings whose occupancy passed the recommended length (18 months by
    default), with `reason` (the latest reason given for a renewal) and `due_on`: the day the stay passed
    the recommended length (`rules.recommended_end` + 1 day, i.e. entry + term × (1 + renewals) months),
    the most overdue first."""
    practice = practice_for(organisation_id)
    term_months, renewals = practice.occupancy_term_months, practice.occupancy_max_renewals
    cutoff = rules.beyond_recommended_cutoff(on, term_months, renewals)
    terms = OccupancyTerm.objects.filter(stay=OuterRef("pk"))
    return (
        _present_stays(organisation_id, on)
        .filter(entry_date__lte=cutoff, dwelling__management_mode__in=rules.SUBLET_MODES)
        .annotate(
            reason=Subquery(terms.exclude(reason="").order_by("-number").values("reason")[:1]),
            due_on=_AddMonths(F("entry_date"), rules.recommended_months(term_months, renewals)),
        )
        .order_by("due_on", "pk")
    )


def households_without_active_demand(organisation_id: int, on: date) -> QuerySet[Household]:
    """Present households without a social-housing demand active on `on` (the instruction requires one
    from the entry): `due_on` is the start of their pathway."""
    current = Stay.objects.filter(household=OuterRef("pk")).occupying_on(on).order_by("-entry_date")
    return (
        Household.objects.filter(organisation_id=organisation_id)
        .present_on(on)
        .exclude(rules.active_demand_q(on))
        .annotate(due_on=Subquery(current.values("pathway_start")[:1]))
        .order_by("due_on", "pk")
    )


def demands_to_renew(organisation_id: int, on: date) -> QuerySet[SocialHousingDemand]:
    """Active demands of present households due for renewal within the alert window."""
    practice = practice_for(organisation_id)
    present = Household.objects.filter(organisation_id=organisation_id).present_on(on)
    return (
        SocialHousingDemand.objects.filter(
            organisation_id=organisation_id,
            household__in=present,
            renewal_due_on__gte=on,
            renewal_due_on__lte=on + timedelta(days=practice.demand_alert_days),
        )
        .annotate(due_on=F("renewal_due_on"))
        .order_by("renewal_due_on", "pk")
    )


def _last_review(field: str):
    reviews = LeaseSlideReview.objects.filter(stay=OuterRef("pk")).order_by("-reviewed_on", "-pk")
    return Subquery(reviews.values(field)[:1])


def _is_ready() -> Case:
    """Found ready at the last review, or a favourable commission (never NULL: a stay without review is
    not ready)."""
    ready = Q(last_outcome=SlideOutcome.PRET) | Q(last_commission=CommissionDecision.FAVORABLE)
    return Case(When(ready, then=Value(True)), default=Value(False), output_field=BooleanField())


def _slide_stays(organisation_id: int, on: date, modes) -> QuerySet[Stay]:
    return (
        _present_stays(organisation_id, on)
        .filter(dwelling__management_mode__in=modes)
        .annotate(
            last_reviewed_on=_last_review("reviewed_on"),
            last_next_review_on=_last_review("next_review_on"),
            last_outcome=_last_review("outcome"),
            last_commission=_last_review("commission_decision"),
            last_commission_on=_last_review("commission_on"),
        )
        .annotate(is_ready=_is_ready())
    )


def slide_reviews_due(organisation_id: int, on: date) -> QuerySet[Stay]:
    """Present households of bail glissant dwellings whose next readiness review falls within the alert
    window: the date set at the last review, else the review cadence after the last review (or after the
    entry, before the first one). Households found ready are slide candidates instead."""
    practice = practice_for(organisation_id)
    days = rules.cadence_days(practice.slide_review_every_months)
    due = Coalesce(
        F("last_next_review_on"), _plus_days("last_reviewed_on", days), _plus_days("entry_date", days)
    )
    return (
        _slide_stays(organisation_id, on, [ManagementMode.BAIL_GLISSANT])
        .annotate(due_on=due)
        .filter(is_ready=False)
        .filter(due_on__lte=on + timedelta(days=practice.term_alert_days))
        .order_by("due_on", "pk")
    )


def slide_candidates(organisation_id: int, on: date) -> QuerySet[Stay]:
    """Present households of sublet dwellings found ready at their last review (or with a favourable
    commission decision): their lease may slide. `due_on`: the commission date, else the review date."""
    return (
        _slide_stays(organisation_id, on, rules.SLIDE_MODES)
        .filter(is_ready=True)
        .annotate(due_on=Coalesce(F("last_commission_on"), F("last_reviewed_on")))
        .order_by("due_on", "pk")
    )
