"""« Gestion locative »: one household's account (the ledger page, its forms and documents) and its lease.
No rule here: `clef.rental` decides; these pages carry input and show French errors."""

from __future__ import annotations

import re
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.organisations import perms
from clef.rental import pdf, queries, rules, services
from clef.rental.accounts import ledger_lines
from clef.rental.enums import Account
from clef.rental.models import CafReport, Lease, RentDifferential
from clef.utils.writes import StaleEditError
from clef.www.editing import attach_errors, form_status
from clef.www.once import AlreadySubmitted, Once
from clef.www.rental.access import (
    get_account_or_404,
    get_entry_or_404,
    get_stay_without_lease_or_404,
    log_account_read,
    log_stay_read,
)
from clef.www.rental.forms import (
    CafReportForm,
    DifferentialForm,
    LeaseForm,
    PaymentForm,
    PeriodForm,
    ReverseForm,
)

MONTH = re.compile(r"(?P<year>20\d\d)-(?P<month>\d\d)")


def _posted(request):
    """The posted data, even empty (an empty form is refused, not shown again as new)."""
    return request.POST if request.method == "POST" else None


def _today() -> date:
    return timezone.localdate()


def _save_once(request, once: Once, form, save, *, url: str, done: str) -> HttpResponse | None:
    """`save()` once per one-time token (a double click writes once, the second POST is redirected): the
    redirect when saved, None when refused (the errors attached to `form`)."""
    try:
        with once.claim():
            save()
            once.done(url)
    except AlreadySubmitted as exc:
        return exc.response
    except ValidationError as exc:
        attach_errors(form, exc)
        return None
    messages.success(request, done)
    return redirect(url)


def _ledger_context(request, lease: Lease, **forms) -> dict:
    today = _today()
    membership = request.membership
    figures = queries.lease_figures(Lease.objects.filter(pk=lease.pk), today).values(
        "balance", "benefit_pending", "household_debt"
    )[0]
    owner_side = perms.can_see_owner_accounts(membership)
    lines = ledger_lines(lease, owner_side=owner_side)
    return {
        "lease": lease,
        "household": lease.stay.household,
        "figures": figures,
        "net_monthly_due": rules.net_monthly_due(lease),
        "monthly_due": rules.monthly_due(lease),
        "caf_threshold": rules.caf_threshold(lease),
        "bucket": rules.ageing_bucket(figures["household_debt"], rules.net_monthly_due(lease)),
        "household_lines": lines[Account.MENAGE],
        "deposit_lines": lines[Account.DEPOT],
        "owner_lines": lines[Account.PROPRIETAIRE] if owner_side else None,
        "paid_months": list(reversed(queries.paid_months(lease)))[:24],
        "differentials": list(lease.differentials.all()),
        "caf_reports": list(lease.caf_reports.all()),
        "can_edit": perms.can_edit_ledger(membership),
        "can_report": perms.can_edit_recovery(membership),
        "payment_form": forms.get("payment_form") or PaymentForm(initial={"on": today}),
        "once": forms.get("once") or Once(request, "rental_payment"),
        "reverse_form": forms.get("reverse_form"),
        "period_form": forms.get("period_form")
        or PeriodForm(initial={"start": rules.month_start(rules.add_months(today, -11)), "end": today}),
        "today": today,
        "month_label": rules.month_label,
    }


def lease_ledger(request, pk: int) -> HttpResponse:
    lease = get_account_or_404(request, pk)
    log_account_read(request, lease)
    return render(request, "rental/lease_ledger.html", _ledger_context(request, lease))


def lease_payment(request, pk: int) -> HttpResponse:
    lease = get_account_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(lease)
    once = Once(request, "rental_payment")
    if (replay := once.replay()) is not None:
        return replay
    log_account_read(request, lease)
    form = PaymentForm(request.POST)
    if once.problem:
        form.add_error(None, once.problem)
    if form.is_valid():
        data = form.cleaned_data

        def save():
            services.record_payment(
                lease,
                data["amount"],
                data["on"],
                kind=data["kind"],
                label=data["label"],
                acting_user=request.user,
            )

        saved = _save_once(
            request, once, form, save, url=lease.get_absolute_url(), done="Le paiement est enregistré."
        )
        if saved is not None:
            return saved
    context = _ledger_context(request, lease, payment_form=form, once=once)
    return render(request, "rental/lease_ledger.html", context, status=form_status(form))


def lease_entry_reverse(request, pk: int) -> HttpResponse:
    lease = get_account_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(lease)
    log_account_read(request, lease)
    form = ReverseForm(request.POST)
    if form.is_valid():
        entry = get_entry_or_404(request, lease, form.cleaned_data["entry"])
        try:
            services.reverse_entry(entry, form.cleaned_data["reason"], request.user, on=_today())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "L'écriture est contre-passée.")
            return redirect(lease)
    context = _ledger_context(request, lease, reverse_form=form)
    return render(request, "rental/lease_ledger.html", context, status=form_status(form))


def lease_receipt(request, pk: int, month: str) -> HttpResponse:
    lease = get_account_or_404(request, pk)
    match = MONTH.fullmatch(month)
    if match is None or not 1 <= int(match["month"]) <= 12:
        raise Http404
    year, month = int(match["year"]), int(match["month"])
    log_account_read(request, lease)
    try:
        content = pdf.receipt_pdf(lease, date(year, month, 1))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(lease)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="quittance-{lease.payment_reference}-{year}-{month:02d}.pdf"'
    )
    return response


def lease_statement(request, pk: int) -> HttpResponse:
    lease = get_account_or_404(request, pk)
    log_account_read(request, lease)
    form = PeriodForm(request.GET)
    if not form.is_valid():  # the ledger shown again with the typed period and its French errors, as a 400
        context = _ledger_context(request, lease, period_form=form)
        return render(request, "rental/lease_ledger.html", context, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    response = HttpResponse(pdf.statement_pdf(lease, start, end), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="releve-{lease.payment_reference}-{start:%Y%m%d}-{end:%Y%m%d}.pdf"'
    )
    return response


def lease_create(request, stay_pk: int) -> HttpResponse:
    stay = get_stay_without_lease_or_404(request, stay_pk)
    existing = Lease.objects.filter(stay=stay).first()
    if existing is not None:
        messages.info(request, "Ce séjour a déjà un titre d'occupation.")
        return redirect(existing)
    log_stay_read(request, stay)  # the page names the household
    lease = services.lease_from_stay(stay, request.user)
    form = LeaseForm(_posted(request), instance=lease)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_lease(lease=form.instance, acting_user=request.user)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le titre d'occupation est enregistré.")
            return redirect(form.instance)
    context = {"form": form, "stay": stay, "lease": lease, "creating": True}
    return render(request, "rental/lease_form.html", context, status=form_status(form))


def lease_edit(request, pk: int) -> HttpResponse:
    lease = get_account_or_404(request, pk, edit=True)
    log_account_read(request, lease)
    form = LeaseForm(_posted(request), instance=lease, initial={"version": lease.version})
    if request.method == "POST":
        form.fields["version"].required = True
    if request.method == "POST" and form.is_valid():
        try:
            services.save_lease(
                lease=form.instance, acting_user=request.user, expected_version=form.cleaned_data["version"]
            )
        except StaleEditError as exc:
            form.add_error(None, exc.messages[0])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le titre d'occupation est modifié.")
            return redirect(form.instance)
    context = {"form": form, "stay": lease.stay, "lease": lease, "creating": False}
    return render(request, "rental/lease_form.html", context, status=form_status(form))


def differential_create(request, pk: int) -> HttpResponse:
    lease = get_account_or_404(request, pk, edit=True)
    once = Once(request, "rental_differential")
    if (replay := once.replay()) is not None:
        return replay
    log_account_read(request, lease)
    form = DifferentialForm(
        _posted(request), instance=RentDifferential(lease=lease, organisation=lease.organisation)
    )
    if once.problem:
        form.add_error(None, once.problem)
    if request.method == "POST" and form.is_valid():
        saved = _save_once(
            request,
            once,
            form,
            lambda: services.save_differential(differential=form.instance, acting_user=request.user),
            url=lease.get_absolute_url(),
            done="Le différentiel de loyer est enregistré : les prochains appels le déduiront.",
        )
        if saved is not None:
            return saved
    context = {"form": form, "lease": lease, "title": "Différentiel de loyer", "once": once}
    return render(request, "rental/lease_subform.html", context, status=form_status(form))


def caf_report_create(request, pk: int) -> HttpResponse:
    lease = get_account_or_404(request, pk, recovery=True)
    once = Once(request, "rental_caf_report")
    if (replay := once.replay()) is not None:
        return replay
    log_account_read(request, lease)
    debt = queries.lease_figures(Lease.objects.filter(pk=lease.pk), _today()).values_list(
        "household_debt", flat=True
    )[0]
    initial = {"reported_on": _today(), "debt": debt, "payer": lease.benefit_payer}
    form = CafReportForm(
        _posted(request),
        initial=initial,
        instance=CafReport(lease=lease, organisation=lease.organisation),
    )
    if once.problem:
        form.add_error(None, once.problem)
    if request.method == "POST" and form.is_valid():
        saved = _save_once(
            request,
            once,
            form,
            lambda: services.record_caf_report(lease=lease, acting_user=request.user, **form.cleaned_data),
            url=lease.get_absolute_url(),
            done="Le signalement à la CAF/MSA est enregistré.",
        )
        if saved is not None:
            return saved
    context = {"form": form, "lease": lease, "title": "Signalement d'impayé à la CAF/MSA", "once": once}
    return render(request, "rental/lease_subform.html", context, status=form_status(form))
