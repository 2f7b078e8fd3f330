"""Recovery workflows: each one transaction (clef.utils.writes), journaled in it, calling the rules of
clef.recovery.rules. The household's debt is read from the ledger (clef.rental.queries), never typed twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.organisations.models import Membership
from clef.recovery import models, queries, rules
from clef.recovery.enums import CaseStatus, PlanOrigin, PlanStatus
from clef.recovery.models import (
    CaseReview,
    Instalment,
    LitigationCase,
    LitigationStep,
    Reminder,
    RepaymentPlan,
)
from clef.rental import queries as rental_queries
from clef.rental.models import Lease
from clef.rental.rules import cents
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

register_constraint_errors(
    {
        "plan_one_in_progress_per_lease": models.PLAN_IN_PROGRESS,
        "recovery_repaymentplan.lease_id": models.PLAN_IN_PROGRESS,  # SQLite
        "case_one_open_per_lease": models.CASE_OPEN,
        "recovery_litigationcase.lease_id": models.CASE_OPEN,  # SQLite
    }
)
NO_DEBT_AT_EXIT = "Ce ménage n'a pas de dette à sa sortie selon son compte locatif : pas de plan à ouvrir."
NO_LEASE = "Ce séjour n'a pas de titre d'occupation : son compte locatif n'existe pas."


def _household_ids(lease: Lease) -> dict:
    return {"household_id": lease.stay.household_id, "dwelling_id": lease.stay.dwelling_id}


def _record(instance, lease: Lease, *, acting_user, before=None, extra=None) -> None:
    journal.record(
        acting_user=acting_user,
        instance=instance,
        action=Action.CREATE if before is None else Action.UPDATE,
        before=before,
        extra=extra,
        organisation_id=lease.organisation_id,
        **_household_ids(lease),
    )


# --- Repayment plans ------------------------------------------------------------------------------------------


def default_debt(lease: Lease, origin: str, on: date) -> Decimal | None:
    """The debt a new plan starts from: at exit, the ledger's debt at exit; else the household's debt now."""
    if origin == PlanOrigin.SORTIE:
        debt = rental_queries.debt_at_exit(lease.stay)
        return None if debt is None else cents(debt)
    return queries.household_debt(lease, on)


@register_write
def create_plan(
    *,
    lease: Lease,
    instalments_count: int,
    first_due_on: date,
    agreed_on: date,
    acting_user,
    origin: str = PlanOrigin.GESTION,
    debt_amount: Decimal | None = None,
    comments: str = "",
) -> RepaymentPlan:
    """A repayment plan of `debt_amount` (by default read from the ledger: the household's debt on the
    agreement day, or its debt at exit) in monthly instalments; the last absorbs the rounding."""
    ledger_debt = default_debt(lease, origin, agreed_on)
    if debt_amount is None:
        if ledger_debt is None:
            raise ValidationError(NO_DEBT_AT_EXIT)
        debt_amount = ledger_debt
    rules.check_plan(
        debt_amount=debt_amount,
        instalments_count=instalments_count,
        first_due_on=first_due_on,
        agreed_on=agreed_on,
        household_debt=ledger_debt,
    )
    amounts = rules.instalment_amounts(debt_amount, instalments_count)
    plan = RepaymentPlan(
        organisation_id=lease.organisation_id,
        lease=lease,
        origin=origin,
        debt_amount=debt_amount,
        instalments_count=instalments_count,
        monthly_amount=amounts[0],
        first_due_on=first_due_on,
        agreed_on=agreed_on,
        comments=comments,
        created_by=acting_user,
    )
    plan.full_clean(validate_constraints=False)  # the database checks the one plan in progress per lease
    plan.save()
    cumulated = Decimal("0.00")
    instalments = []
    for number, (due_on, amount) in enumerate(
        zip(rules.instalment_due_dates(first_due_on, instalments_count), amounts, strict=True), 1
    ):
        cumulated += amount
        instalments.append(
            Instalment(
                plan=plan,
                number=number,
                due_on=due_on,
                check_on=rules.check_day(due_on),
                calls_until=rules.calls_due_until(rules.check_day(due_on), lease.due_day),
                amount=amount,
                cumulated=cumulated,
            )
        )
    Instalment.objects.bulk_create(instalments)
    _record(plan, lease, acting_user=acting_user)
    return plan


def _state_changes(plan: RepaymentPlan, state: rules.PlanState) -> dict:
    changes = {}
    if plan.status != state.status:
        changes["Statut"] = journal.change(
            "Statut", PlanStatus(plan.status).label, PlanStatus(state.status).label
        )
    if plan.respected_months != state.respected_months:
        changes["Mois consécutifs respectés"] = journal.change(
            "Mois consécutifs respectés", plan.respected_months, state.respected_months
        )
    return changes


def _slide_since(plan: RepaymentPlan) -> date:
    """The day the slide became possible: the check day of the `slide_after_respected_months`-th instalment
    (instalments are respected from the first one, a miss breaks the plan), not the day it was noticed."""
    due = rules.instalment_due_dates(plan.first_due_on, rules.slide_months())[-1]
    return rules.check_day(due)


def _refresh_entry(plan: RepaymentPlan, changes: dict, flagged_on) -> JournalEntry:
    return JournalEntry(
        **journal.entry_row(
            acting_user_id=None,
            organisation_id=plan.organisation_id,
            model=RepaymentPlan,
            object_id=plan.pk,
            action=Action.UPDATE,
            changes=changes
            or {
                "Glissement": journal.change(
                    "Glissement du bail possible", None, "oui" if flagged_on else "non"
                )
            },
            household_id=plan.lease.stay.household_id,
        )
    )


def refresh_plans(plans, on: date, *, outcomes: dict[int, list[bool]] | None = None) -> int:
    """Brings the plans in progress or broken up to date on `on` (status, consecutive respected months, the
    slide flag and the day it became possible) from their instalments' outcomes: one query whatever the number
    of plans (the outcomes) and, only when something changed, one transaction (the journal's automatic entries,
    by no one), given plans loaded with `select_related("lease__stay")`. Returns how many plans changed.

    A guarded update (M6): the changed plans are locked (`select_for_update`) and written only if still in
    progress or broken AND at the version they were read at — a plan abandoned (or edited) meanwhile is never
    written back. The automatic refresh does not bump `version` (the user-editable one): a colleague's open
    abandon form does not become stale because someone opened the list."""
    plans = [plan for plan in plans if plan.status in (PlanStatus.EN_COURS, PlanStatus.ROMPU)]
    if outcomes is None:
        outcomes = queries.instalment_outcomes([plan.pk for plan in plans], on)
    changed = {}
    for plan in plans:
        state = rules.plan_state(outcomes[plan.pk], plan.instalments_count)
        changes = _state_changes(plan, state)
        flagged_on = (plan.slide_flagged_on or _slide_since(plan)) if state.slide_possible else None
        if changes or flagged_on != plan.slide_flagged_on:
            changed[plan.pk] = (plan, state, changes, flagged_on)
    if not changed:  # reading writes nothing
        return 0
    guard = Q(pk__in=[])
    for plan, *_ in changed.values():
        guard |= Q(pk=plan.pk, version=plan.version)
    with transaction.atomic():
        current = set(
            RepaymentPlan.objects.select_for_update()
            .filter(guard, status__in=[PlanStatus.EN_COURS, PlanStatus.ROMPU])
            .values_list("pk", flat=True)
        )
        written, entries = [], []
        for pk in current:
            plan, state, changes, flagged_on = changed[pk]
            plan.status, plan.respected_months, plan.slide_flagged_on = (
                state.status,
                state.respected_months,
                flagged_on,
            )
            written.append(plan)
            entries.append(_refresh_entry(plan, changes, flagged_on))
        if written:
            RepaymentPlan.objects.bulk_update(written, ["status", "respected_months", "slide_flagged_on"])
            JournalEntry.objects.bulk_create(entries)
    return len(written)


def refresh_plan(plan: RepaymentPlan, on: date) -> list[bool]:
    """One plan brought up to date (the plan page, on open); returns its instalments' outcomes."""
    outcomes = queries.instalment_outcomes([plan.pk], on)
    refresh_plans([plan], on, outcomes=outcomes)
    return outcomes[plan.pk]


@register_write
def abandon_plan(
    *, plan: RepaymentPlan, reason: str, expected_version: int | None, acting_user
) -> RepaymentPlan:
    """The team abandons a plan (another plan, the lease ended…): written down, never silent."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Indiquez pourquoi le plan est abandonné."})
    stored = lock_and_check_version(plan, expected_version)
    if stored.status != PlanStatus.EN_COURS and stored.status != PlanStatus.ROMPU:
        raise ValidationError("Ce plan est déjà soldé ou abandonné.")
    before = journal.snapshot(stored)
    stored.status, stored.slide_flagged_on, stored.version = PlanStatus.ABANDONNE, None, stored.version + 1
    stored.comments = f"{stored.comments}\n{reason.strip()}".strip()[:1000]
    stored.save(update_fields=["status", "slide_flagged_on", "comments", "version"])
    _record(stored, plan.lease, acting_user=acting_user, before=before)
    return stored


# --- Reminders ------------------------------------------------------------------------------------------------


@register_write
def record_reminder(*, lease: Lease, sent_on: date, channel: str, note: str = "", acting_user) -> Reminder:
    """A reminder sent; the debt at the time is read from the ledger."""
    reminder = Reminder(
        organisation_id=lease.organisation_id,
        lease=lease,
        sent_on=sent_on,
        channel=channel,
        debt=queries.household_debt(lease, sent_on),
        note=note,
        created_by=acting_user,
    )
    reminder.full_clean()
    reminder.save()
    _record(reminder, lease, acting_user=acting_user)
    return reminder


# --- Litigation -----------------------------------------------------------------------------------------------


@register_write
def open_case(
    *, lease: Lease, opened_on: date, decision: str, officer, social_worker=None, acting_user
) -> LitigationCase:
    """A litigation case, opened only on the team's written decision."""
    rules.check_decision(decision)
    roles = dict(
        Membership.objects.filter(
            organisation_id=lease.organisation_id,
            is_active=True,
            user_id__in=[u.pk for u in (officer, social_worker) if u is not None],
        ).values_list("user_id", "role")
    )
    rules.check_case_people(
        officer_role=roles.get(getattr(officer, "pk", None)),
        social_worker_role=roles.get(getattr(social_worker, "pk", None)),
        has_social_worker=social_worker is not None,
    )
    case = LitigationCase(
        organisation_id=lease.organisation_id,
        lease=lease,
        opened_on=opened_on,
        decision=decision.strip(),
        officer=officer,
        social_worker=social_worker,
        created_by=acting_user,
    )
    case.full_clean(validate_constraints=False)
    case.save()
    _record(case, lease, acting_user=acting_user)
    return case


@register_write
def add_step(
    *, case: LitigationCase, kind: str, done_on: date, comments: str = "", today: date, acting_user
) -> LitigationStep:
    """The next step of an open case: later in the order, dated after the previous one, deadline from the
    settings."""
    stored = LitigationCase.objects.select_for_update().get(pk=case.pk)
    if stored.status != CaseStatus.OUVERTE:
        raise ValidationError("La procédure n'est pas ouverte : reprenez-la avant d'ajouter une étape.")
    previous = stored.steps.order_by("-done_on", "-pk").first()
    rules.check_step(
        kind=kind,
        done_on=done_on,
        previous_kind=previous.kind if previous else None,
        previous_on=previous.done_on if previous else None,
        opened_on=stored.opened_on,
        today=today,
    )
    step = LitigationStep(
        case=stored,
        kind=kind,
        done_on=done_on,
        next_deadline=rules.next_deadline(kind, done_on),
        comments=comments,
        created_by=acting_user,
    )
    step.full_clean(validate_constraints=False)
    step.save()
    journal.record(
        acting_user=acting_user,
        instance=step,
        action=Action.CREATE,
        organisation_id=stored.organisation_id,
        **_household_ids(case.lease),
    )
    return step


@register_write
def add_review(*, case: LitigationCase, on: date, notes: str, acting_user) -> CaseReview:
    """A « point contentieux » between the litigation officer and the social worker."""
    review = CaseReview(case=case, on=on, notes=(notes or "").strip(), by=acting_user)
    review.full_clean()
    review.save()
    journal.record(
        acting_user=acting_user,
        instance=review,
        action=Action.CREATE,
        organisation_id=case.organisation_id,
        **_household_ids(case.lease),
    )
    return review


@register_write
def set_case_status(
    *, case: LitigationCase, status: str, reason: str, expected_version: int | None, acting_user
) -> LitigationCase:
    """Suspend (a plan agreed, the link found again), resume or close a case; suspending and closing say why."""
    status = CaseStatus(status)
    reason = (reason or "").strip()
    if status != CaseStatus.OUVERTE and not reason:
        raise ValidationError({"closed_reason": "Indiquez le motif de la suspension ou de la clôture."})
    stored = lock_and_check_version(case, expected_version)
    if stored.status == CaseStatus.CLOSE:
        raise ValidationError("Cette procédure est close.")
    before = journal.snapshot(stored)
    stored.status, stored.version = status, stored.version + 1
    stored.closed_reason = reason if status != CaseStatus.OUVERTE else ""
    stored.full_clean(validate_constraints=False)
    stored.save(update_fields=["status", "closed_reason", "version"])
    _record(stored, case.lease, acting_user=acting_user, before=before)
    return stored
