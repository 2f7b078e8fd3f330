"""Recovery pages: the recovery hub (reminders due, plans, cases), a reminder and its letter, a repayment plan
(created from a lease or from an exit, refreshed on open), a litigation case with its steps, reviews and
status. Each view starts with its access helper (clef.www.recovery.access); the writes are
clef.recovery.services (the rules are theirs). Every page naming a household is traced in the access log
(context RECOUVREMENT)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.households.models import Person
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.organisations import perms
from clef.recovery import queries, rules, services
from clef.recovery.enums import CaseStatus, PlanOrigin, PlanStatus, StepKind
from clef.recovery.models import RepaymentPlan
from clef.recovery.pdf import reminder_letter_pdf
from clef.www.access import ClefRequest
from clef.www.editing import attach_errors, form_status, require_version_when_editing
from clef.www.recovery.access import (
    get_case_or_404,
    get_lease_or_404,
    get_litigation_lease_or_404,
    get_plan_or_404,
    get_reminder_or_404,
    require_recovery,
)
from clef.www.recovery.forms import (
    AbandonPlanForm,
    CaseForm,
    CaseStatusForm,
    PlanForm,
    ReminderForm,
    ReviewForm,
    StepForm,
)

MEMBERS = "stay__household__members"
LIST_MAX = 300


def members(prefix: str = "lease__") -> Prefetch:
    """The household's members (its name: the reference person), one query for a whole list."""
    return Prefetch(f"{prefix}{MEMBERS}", queryset=Person.objects.order_by("pk"))


def log(request: ClefRequest, household_ids, subject=None) -> None:
    log_access(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        context=AccessLogEntry.Context.RECOUVREMENT,
        household_ids=list(household_ids),
        subject=subject,
    )


def recovery_home(request: ClefRequest) -> HttpResponse:
    membership = require_recovery(request)
    organisation_id, today = membership.organisation_id, timezone.localdate()
    plans = list(
        RepaymentPlan.objects.for_organisation(organisation_id)
        .exclude(status=PlanStatus.ABANDONNE)
        .select_related("lease__stay__household")
        .prefetch_related(members())
        .order_by("status", "-agreed_on", "-pk")[:LIST_MAX]
    )
    services.refresh_plans(plans, today)
    due = queries.reminders_due(organisation_id, today, with_names=True)
    see_cases = perms.can_see_litigation(membership)
    open_cases = (
        list(
            queries.cases_with_last_step(organisation_id)
            .select_related("lease__stay__household")
            .prefetch_related(members())
            .order_by("opened_on", "pk")
        )
        if see_cases
        else []
    )
    for case in open_cases:
        case.last_label = StepKind(case.last_kind).label if case.last_kind else ""
    households = [r.lease.stay.household_id for r in due] + [p.lease.stay.household_id for p in plans]
    log(request, households + [c.lease.stay.household_id for c in open_cases])
    context = {
        "today": today,
        "due": due,
        "plans": plans,
        "cases": open_cases,
        "see_cases": see_cases,
        "can_edit": perms.can_edit_recovery(membership),
        "slide_months": rules.slide_months(),
    }
    return render(request, "recovery/home.html", context)


def reminder_create(request: ClefRequest, pk: int) -> HttpResponse:
    lease = get_lease_or_404(request, pk, edit=True)
    today = timezone.localdate()
    form = ReminderForm(request.POST or None, initial={"sent_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reminder = services.record_reminder(
                lease=lease,
                sent_on=data["sent_on"],
                channel=data["channel"],
                note=data["note"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request, f"La relance est enregistrée (dette à la date : {_euros(reminder.debt)})."
            )
            return redirect("www:recovery_home")
    log(request, [lease.stay.household_id], subject=lease)
    context = {"form": form, "lease": lease, "debt": queries.household_debt(lease, today)}
    return render(request, "recovery/reminder_form.html", context, status=form_status(form))


def reminder_letter(request: ClefRequest, pk: int) -> HttpResponse:
    reminder = get_reminder_or_404(request, pk)
    content = reminder_letter_pdf(reminder)
    log(request, [reminder.lease.stay.household_id], subject=reminder)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="relance-{reminder.sent_on:%Y-%m-%d}-{reminder.pk}.pdf"'
    )
    return response


def _euros(value) -> str:
    from clef.www.templatetags.clef_tags import euros

    return euros(value)


def plan_create(request: ClefRequest, pk: int) -> HttpResponse:
    lease = get_lease_or_404(request, pk, edit=True)
    today = timezone.localdate()
    at_exit = request.GET.get("sortie") == "1"
    origin = PlanOrigin.SORTIE if at_exit else PlanOrigin.GESTION
    suggested = services.default_debt(lease, origin, today)
    initial = {
        "origin": origin,
        "debt_amount": suggested or None,
        "agreed_on": today,
        "first_due_on": rules.first_due_default(today, lease.due_day),
    }
    form = PlanForm(request.POST or None, initial=initial, household_debt=suggested)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.create_plan(
                lease=lease,
                origin=data["origin"],
                debt_amount=data["debt_amount"],
                instalments_count=data["instalments_count"],
                first_due_on=data["first_due_on"],
                agreed_on=data["agreed_on"],
                comments=data["comments"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le plan d'apurement est enregistré.")
            return redirect(plan)
    log(request, [lease.stay.household_id], subject=lease)
    context = {
        "form": form,
        "lease": lease,
        "suggested": suggested,
        "at_exit": at_exit,
        "ended": at_exit or lease.stay.exit_date is not None,  # no « loyer courant » once the stay is over
        "grace_days": settings.CLEF_RENTAL["instalment_grace_days"],
    }
    return render(request, "recovery/plan_form.html", context, status=form_status(form))


def plan_detail(request: ClefRequest, pk: int, *, abandon_form=None) -> HttpResponse:
    plan = get_plan_or_404(request, pk)
    today = timezone.localdate()
    outcomes = services.refresh_plan(plan, today)
    instalments = list(plan.instalments.order_by("number"))
    rows = [(i, outcomes[n] if n < len(outcomes) else None) for n, i in enumerate(instalments)]
    log(request, [plan.lease.stay.household_id], subject=plan)
    can_edit = perms.can_edit_recovery(request.membership)
    if abandon_form is None and can_edit:
        abandon_form = AbandonPlanForm(initial={"version": plan.version})
    context = {
        "plan": plan,
        "rows": rows,
        "today": today,
        "can_edit": can_edit,
        "abandon_form": abandon_form,
        "slide_months": rules.slide_months(),
        "open": plan.status in (PlanStatus.EN_COURS, PlanStatus.ROMPU),
    }
    status = form_status(abandon_form) if abandon_form is not None else 200
    return render(request, "recovery/plan_detail.html", context, status=status)


def plan_abandon(request: ClefRequest, pk: int) -> HttpResponse:
    plan = get_plan_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(plan)
    form = AbandonPlanForm(request.POST)
    require_version_when_editing(form, True)
    if form.is_valid():
        try:
            services.abandon_plan(
                plan=plan,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le plan est abandonné.")
            return redirect(plan)
    return plan_detail(request, pk, abandon_form=form)


# --- Litigation -----------------------------------------------------------------------------------------------


def case_create(request: ClefRequest, pk: int) -> HttpResponse:
    lease = get_litigation_lease_or_404(request, pk)
    form = CaseForm(
        request.POST or None,
        organisation_id=lease.organisation_id,
        initial={"opened_on": timezone.localdate(), "officer": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(
                lease=lease,
                opened_on=data["opened_on"],
                decision=data["decision"],
                officer=data["officer"],
                social_worker=data["social_worker"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La procédure contentieuse est ouverte.")
            return redirect(case)
    log(request, [lease.stay.household_id], subject=lease)
    context = {"form": form, "lease": lease, "debt": queries.household_debt(lease, timezone.localdate())}
    return render(request, "recovery/case_form.html", context, status=form_status(form))


def case_detail(request: ClefRequest, pk: int, *, forms: dict | None = None) -> HttpResponse:
    case = get_case_or_404(request, pk)
    membership, today = request.membership, timezone.localdate()
    steps = list(case.steps.select_related("created_by").order_by("done_on", "pk"))
    reviews = list(case.reviews.select_related("by").order_by("-on", "-pk"))
    last = steps[-1] if steps else None
    can_edit = perms.can_edit_recovery(membership)
    allowed = rules.allowed_next_steps(last.kind if last else None)
    forms = forms or {}
    is_open = case.status == CaseStatus.OUVERTE
    if can_edit and is_open and allowed:
        forms.setdefault("step", StepForm(allowed=allowed, initial={"done_on": today}))
    forms.setdefault("review", ReviewForm(initial={"on": today}))
    if can_edit and case.status != CaseStatus.CLOSE:
        forms.setdefault("status", CaseStatusForm(initial={"version": case.version}))
    log(request, [case.lease.stay.household_id], subject=case)
    context = {
        "case": case,
        "steps": steps,
        "reviews": reviews,
        "last": last,
        "today": today,
        "forms": forms,
        "debt": queries.household_debt(case.lease, today),
    }
    status = 400 if any(f.is_bound and f.errors for f in forms.values()) else 200
    return render(request, "recovery/case_detail.html", context, status=status)


def case_step(request: ClefRequest, pk: int) -> HttpResponse:
    case = get_case_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(case)
    last = case.steps.order_by("-done_on", "-pk").first()
    form = StepForm(request.POST, allowed=rules.allowed_next_steps(last.kind if last else None))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_step(
                case=case,
                kind=data["kind"],
                done_on=data["done_on"],
                comments=data["comments"],
                today=timezone.localdate(),
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "L'étape est enregistrée.")
            return redirect(case)
    return case_detail(request, pk, forms={"step": form})


def case_review(request: ClefRequest, pk: int) -> HttpResponse:
    case = get_case_or_404(request, pk)
    if request.method != "POST":
        return redirect(case)
    form = ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_review(case=case, on=data["on"], notes=data["notes"], acting_user=request.user)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le point contentieux est enregistré.")
            return redirect(case)
    return case_detail(request, pk, forms={"review": form})


def case_status(request: ClefRequest, pk: int) -> HttpResponse:
    case = get_case_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(case)
    form = CaseStatusForm(request.POST)
    require_version_when_editing(form, True)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_case_status(
                case=case,
                status=data["status"],
                reason=data["closed_reason"],
                expected_version=data["version"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le statut de la procédure est enregistré.")
            return redirect(case)
    return case_detail(request, pk, forms={"status": form})
