"""Reads of captation for the pages, the agenda and the figures of other apps. Statistics are aggregate
queries; the one exception is the median time in a stage (see `conversion`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from clef.captation.enums import CLOSED_STAGES, OPEN_STAGES, PIPELINE, Origin, Stage
from clef.captation.models import Campaign, Landlord, Lead, StageChange
from clef.captation.rules import contactable_q

__all__ = [
    "board",
    "campaign_audience",
    "campaign_yield",
    "conversion",
    "next_actions_due",
    "open_recaptations",
    "origin_yield",
    "pipeline_by_typology",
]

BOARD_STAGES = [*OPEN_STAGES, Stage.ENGAGEMENT_SIGNE]
REACHED_VISIT = [Stage.VISITE, Stage.PROPOSITION, Stage.ENGAGEMENT_SIGNE]


def board_leads(organisation_id: int) -> QuerySet[Lead]:
    """The leads a board shows, with what their cards read (landlord, commune, typology), in one query."""
    return (
        Lead.objects.for_organisation(organisation_id)
        .select_related(
            "landlord", "offered_dwelling__commune", "source_dwelling__commune", "managing_operator"
        )
        .order_by(F("next_action_on").asc(nulls_last=True), "-stage_since", "-pk")
    )


def board(
    organisation_id: int, leads: QuerySet[Lead] | None = None, *, signed_since: date | None = None
) -> dict:
    """Open leads by stage (and those signed since `signed_since`), in one query: {stage: [lead, …]}.
    `leads` is `board_leads(...)` already filtered by the page (origin, typology, commune…)."""
    leads = board_leads(organisation_id) if leads is None else leads
    shown = Q(stage__in=OPEN_STAGES)
    if signed_since is not None:
        shown |= Q(stage=Stage.ENGAGEMENT_SIGNE, signed_on__gte=signed_since)
    columns: dict[str, list[Lead]] = {stage: [] for stage in BOARD_STAGES}
    for lead in leads.filter(shown):
        columns[lead.stage].append(lead)
    return columns


@dataclass
class StageFigures:
    stage: str
    label: str
    entered: int = 0
    moved_on: int = 0
    closed: int = 0
    mean_days: Decimal | None = None
    median_days: Decimal | None = None

    @property
    def rate(self) -> Decimal | None:
        """Share of the leads entered that moved on, in percent (one decimal)."""
        if not self.entered:
            return None
        return (Decimal(100 * self.moved_on) / self.entered).quantize(Decimal("0.1"))


def _days(value: timedelta | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.total_seconds()) / 86400).quantize(Decimal("0.1"))


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def conversion(organisation_id: int, year: int) -> list[StageFigures]:
    """Per stage of the pipeline, for the leads that entered it in `year`: how many entered, moved on (to a
    later stage, the signature included), were closed from it; mean and median days spent in it by those
    that left it. Three queries: two aggregates, and the durations of the leads that left each stage,
    ordered, for the median — Django has no median aggregate that runs on both SQLite and PostgreSQL
    (PostgreSQL's percentile_cont has no SQLite counterpart), and these are durations only, no record."""
    scoped = StageChange.objects.filter(lead__in=Lead.objects.for_organisation(organisation_id))
    figures = {stage: StageFigures(stage, str(Stage(stage).label)) for stage in PIPELINE}
    for row in (
        scoped.filter(on__year=year, to_stage__in=PIPELINE)
        .values("to_stage")
        .annotate(n=Count("lead", distinct=True))
    ):
        figures[row["to_stage"]].entered = row["n"]
    entered_on = StageChange.objects.filter(lead=OuterRef("lead"), to_stage=OuterRef("from_stage")).values(
        "on"
    )[:1]
    left = (
        scoped.filter(from_stage__in=OPEN_STAGES)
        .annotate(entered_on=Subquery(entered_on))
        .filter(entered_on__year=year)
        .annotate(spent=ExpressionWrapper(F("on") - F("entered_on"), output_field=DurationField()))
    )
    for row in left.values("from_stage").annotate(
        moved_on=Count("lead", filter=~Q(to_stage__in=CLOSED_STAGES), distinct=True),
        closed=Count("lead", filter=Q(to_stage__in=CLOSED_STAGES), distinct=True),
        mean=Avg("spent"),
    ):
        stage = figures[row["from_stage"]]
        stage.moved_on, stage.closed, stage.mean_days = row["moved_on"], row["closed"], _days(row["mean"])
    durations: dict[str, list[timedelta]] = {}
    for stage, spent in left.order_by("from_stage", "spent").values_list("from_stage", "spent"):
        durations.setdefault(stage, []).append(spent)
    for stage, values in durations.items():
        figures[stage].median_days = _days(_median(values))
    return list(figures.values())


def _yield(organisation_id: int, year: int, key: str) -> list[dict]:
    """Leads opened in `year`, grouped by `key`: how many, how many reached the visit, how many signed."""
    opened = StageChange.objects.filter(lead=OuterRef("pk"), from_stage="", on__year=year)
    reached_visit = StageChange.objects.filter(lead=OuterRef("pk"), to_stage__in=REACHED_VISIT)
    return list(
        Lead.objects.for_organisation(organisation_id)
        .filter(Exists(opened))
        .values(key)
        .annotate(
            leads=Count("pk"),
            visits=Count("pk", filter=Q(Exists(reached_visit))),
            signed=Count("pk", filter=Q(signed_on__isnull=False)),
        )
        .order_by(key)
    )


def campaign_yield(organisation_id: int, year: int) -> list[Campaign]:
    """The organisation's communication actions running in `year` or that brought leads in `year` (an action
    of last year whose leads came this year), each with what it brought: `lead_count` (leads opened in
    `year`, whatever the action's dates: the one definition of `origin_yield` too), `visit_count` (of them,
    reached the visit), `signed_count` (engagements signed). Two queries: the aggregate of the leads by
    action, and the actions."""
    counts = {row["campaign"]: row for row in _yield(organisation_id, year, "campaign")}
    running = Q(started_on__year__lte=year) & (Q(ended_on__isnull=True) | Q(ended_on__year__gte=year))
    campaigns = list(
        Campaign.objects.filter(organisation_id=organisation_id)
        .filter(running | Q(pk__in=[pk for pk in counts if pk is not None]))
        .select_related("authority")
        .order_by("-started_on", "name", "pk")
    )
    for campaign in campaigns:
        row = counts.get(campaign.pk, {})
        campaign.lead_count = row.get("leads", 0)
        campaign.visit_count = row.get("visits", 0)
        campaign.signed_count = row.get("signed", 0)
    return campaigns


def origin_yield(organisation_id: int, year: int) -> list[dict]:
    """Leads opened in `year` by origin, with visits reached and engagements signed: one aggregate query."""
    labels = dict(Origin.choices)
    return [
        {**row, "label": labels.get(row["origin"], row["origin"])}
        for row in _yield(organisation_id, year, "origin")
    ]


def next_actions_due(
    organisation_id: int, on: date, *, within_days: int = 7, recaptations: bool = True
) -> QuerySet[Lead]:
    """Open leads whose next action is due by `on` + `within_days` (overdue ones first), never for a landlord
    who asked not to be contacted; without the re-captation leads when `recaptations` is false (the agenda
    lists them in their own section, with their next action)."""
    leads = (
        Lead.objects.for_organisation(organisation_id)
        .open()
        .filter(next_action_on__lte=on + timedelta(days=within_days))
        .filter(Q(landlord__isnull=True) | contactable_q("landlord__"))
        .select_related("offered_dwelling__commune", "source_dwelling__commune")
        .order_by("next_action_on", "pk")
    )
    return leads if recaptations else leads.exclude(origin=Origin.RECAPTATION)


def open_recaptations(organisation_id: int) -> QuerySet[Lead]:
    """Open re-captation leads: the dwellings that left the park and why."""
    return (
        Lead.objects.for_organisation(organisation_id)
        .open()
        .filter(origin=Origin.RECAPTATION)
        .select_related("source_dwelling__commune", "offered_dwelling__commune")
        .order_by("stage_since", "pk")
    )


def campaign_audience(organisation_id: int) -> QuerySet[Landlord]:
    """The landlords a communication action may address: those who agreed to be contacted again and did
    not ask not to be contacted (rules.contactable_q)."""
    return Landlord.objects.filter(organisation_id=organisation_id, consent_to_contact=True).filter(
        contactable_q()
    )


def pipeline_by_typology(**filters) -> list[dict]:
    """Open leads with an offered dwelling, counted by typology and commune (with its EPCI and department):
    one aggregate query. `filters` are lookups on Lead (e.g. `organisation_id__in=[…]`,
    `offered_dwelling__commune__epci_id="200069110"`, `offered_dwelling__commune__department_id="73"`)."""
    return list(
        Lead.objects.open()
        .filter(offered_dwelling__isnull=False, **filters)
        .values(
            "offered_dwelling__typology",
            "offered_dwelling__commune_id",
            "offered_dwelling__commune__epci_id",
            "offered_dwelling__commune__department_id",
        )
        .annotate(leads=Count("pk"))
        .order_by("offered_dwelling__commune_id", "offered_dwelling__typology")
    )
