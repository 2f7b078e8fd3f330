"""Reads of recovery, in a constant number of queries: the household's current debt (from the ledger's
queries), the household's debt on each plan's instalments' check day (ONE aggregate for every plan), the
reminders due, the instalments of a month, the slides possible and the litigation deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from clef.recovery import rules
from clef.recovery.enums import CaseStatus, PlanStatus
from clef.recovery.models import Instalment, LitigationCase, LitigationStep, Reminder, RepaymentPlan
from clef.rental import debt
from clef.rental import queries as rental_queries
from clef.rental.models import Lease
from clef.rental.rules import cents

ZERO = Decimal("0.00")


def household_debt(lease: Lease, on: date) -> Decimal:
    """What the household itself owes on `on` (one query, the ledger's figures): its balance less the
    housing benefit still expected from the CAF/MSA (a late benefit is not the household's debt), ≥ 0."""
    figures = rental_queries.lease_figures(Lease.objects.filter(pk=lease.pk), on)
    return cents(figures.values_list("household_debt", flat=True).get())


def instalment_outcomes(plan_ids: list[int], on: date) -> dict[int, list[bool]]:
    """For each plan, the outcomes (THE rule `rules.instalment_respected`) of its instalments already checked
    on `on`, in order. ONE query: each instalment with the household's own debt on its check day
    (clef.rental.debt, the ledger's one definition: the housing benefit still expected from a late CAF/MSA is
    not the household's debt, so a late CAF/MSA never breaks a plan the household keeps)."""
    rows = Instalment.objects.filter(plan_id__in=plan_ids, check_on__lte=on)
    stages = debt.debt_annotations(
        OuterRef("check_on"),
        lease_ref="plan__lease_id",
        calls_on=Coalesce(OuterRef("calls_until"), OuterRef("check_on")),
    )
    for stage in stages:
        rows = rows.annotate(**stage)
    rows = rows.order_by("plan_id", "number").values_list(
        "plan_id", "cumulated", "household_debt", "plan__debt_amount"
    )
    outcomes: dict[int, list[bool]] = {pk: [] for pk in plan_ids}
    for plan_id, cumulated, owed, plan_debt in rows:
        outcomes[plan_id].append(
            rules.instalment_respected(
                debt_on_check_day=cents(owed), plan_debt=plan_debt, cumulated=cumulated
            )
        )
    return outcomes


@dataclass(frozen=True)
class ReminderDue:
    lease: Lease
    debt: Decimal
    last_reminder_on: date | None
    due_on: date  # the rent's last due date


def reminders_due(organisation_id: int, on: date, *, with_names: bool = False) -> list[ReminderDue]:
    """Running leases whose household owes something `reminder_after_days` after the rent's last due date,
    without a reminder since that date (`rules.reminder_due`). ONE query (the ledger's figures of the
    operator's running leases with their last reminder); `with_names`: one more for the households' members
    (their names on a page)."""
    last_reminder = (
        Reminder.objects.filter(lease_id=OuterRef("pk")).order_by("-sent_on").values("sent_on")[:1]
    )
    plan = RepaymentPlan.objects.filter(lease_id=OuterRef("pk"), status=PlanStatus.EN_COURS)
    paid_by_plan = (  # the instalments already due of the running plan (their cumulated amount)
        Instalment.objects.filter(
            plan__lease_id=OuterRef("pk"), plan__status=PlanStatus.EN_COURS, due_on__lte=on
        )
        .order_by("-number")
        .values("cumulated")[:1]
    )
    running = Lease.objects.filter(organisation_id=organisation_id, starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )
    leases = (
        rental_queries.lease_figures(running, on)
        .filter(household_debt__gt=0)
        .annotate(
            last_reminder_on=Subquery(last_reminder),
            plan_debt=Subquery(plan.values("debt_amount")[:1]),
            plan_paid=Subquery(paid_by_plan),
        )
        .select_related("stay__household", "stay__dwelling__commune")
        .order_by("-household_debt", "pk")
    )
    if with_names:
        leases = leases.prefetch_related("stay__household__members")
    due = []
    for lease in leases:
        remaining = None if lease.plan_debt is None else lease.plan_debt - (lease.plan_paid or ZERO)
        owed = rules.debt_beyond_plan(cents(lease.household_debt), remaining)
        if rules.reminder_due(
            household_debt=owed, due_day=lease.due_day, last_reminder_on=lease.last_reminder_on, on=on
        ):
            due.append(
                ReminderDue(lease, owed, lease.last_reminder_on, rules.last_due_date(on, lease.due_day))
            )
    return due


def instalments_of_month(organisation_id: int, on: date):
    """The instalments of the plans in progress due in `on`'s month (one query)."""
    start = on.replace(day=1)
    end = rules.instalment_due_dates(start, 2)[1]
    return (
        Instalment.objects.filter(
            plan__organisation_id=organisation_id,
            plan__status=PlanStatus.EN_COURS,
            due_on__gte=start,
            due_on__lt=end,
        )
        .select_related("plan__lease__stay")
        .order_by("due_on", "pk")
    )


def slides_possible(organisation_id: int):
    """Plans respected long enough: the lease may slide (one query)."""
    return (
        RepaymentPlan.objects.for_organisation(organisation_id)
        .slide_possible()
        .select_related("lease__stay")
        .order_by("slide_flagged_on", "pk")
    )


def cases_with_last_step(organisation_id: int):
    """The operator's open or suspended cases with their last step's kind and next deadline (one query)."""
    last = LitigationStep.objects.filter(case_id=OuterRef("pk")).order_by("-done_on", "-pk")
    return (
        LitigationCase.objects.for_organisation(organisation_id)
        .exclude(status=CaseStatus.CLOSE)
        .annotate(
            last_kind=Subquery(last.values("kind")[:1]),
            last_on=Subquery(last.values("done_on")[:1]),
            next_deadline=Subquery(last.values("next_deadline")[:1]),
        )
        .select_related("lease__stay", "officer")
    )
