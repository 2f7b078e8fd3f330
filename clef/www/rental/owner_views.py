"""The owner's account of a dwelling (« Compte du propriétaire »): its statement over a year, the vacancy
cost, and for the direction and rental managers the payment to the owner (« Reverser au propriétaire »,
bounded by what is owed: `rental.services.record_payover`, one-time token) and the counter-entry of an owner
entry (the owner's rent, a payment to the owner). No rule here: `clef.rental` decides."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from clef.contracts.enums import ContractKind
from clef.contracts.models import Contract
from clef.organisations import perms
from clef.rental import queries, rules, services
from clef.rental.enums import Account, EntryKind
from clef.rental.models import LedgerEntry
from clef.www.editing import attach_errors, form_status
from clef.www.once import AlreadySubmitted, Once
from clef.www.rental.access import get_owner_dwelling_or_404
from clef.www.rental.forms import PayoverForm, ReverseForm

# Owner entries counter-passed from this page; a mandate's collected rent and fees follow their payment
# (counter-passed with it from the household's account).
OWNER_REVERSIBLE = (EntryKind.LOYER_PROPRIETAIRE, EntryKind.REVERSEMENT)


def _year(request, today) -> int:
    try:
        year = int(request.GET.get("annee", today.year))
    except ValueError:
        year = today.year
    return min(max(year, 2000), today.year + 1)


def _contracts(dwelling):
    return Contract.objects.filter(
        organisation_id=dwelling.organisation_id,
        dwelling=dwelling,
        kind__in=[ContractKind.BAIL_PRINCIPAL, ContractKind.MANDAT_GESTION],
    ).order_by("-starts_on", "-pk")


def _context(request, dwelling, **forms) -> dict:
    today = timezone.localdate()
    year = _year(request, today)
    account = queries.dwelling_account(dwelling, year)
    can_edit = perms.can_edit_ledger(request.membership)
    reversible = set()
    if can_edit:
        reversible = set(
            LedgerEntry.objects.filter(
                contract__dwelling=dwelling,
                account=Account.PROPRIETAIRE,
                kind__in=OWNER_REVERSIBLE,
                reversed_by__isnull=True,
                booked_on__year=year,
            ).values_list("pk", flat=True)
        )
    vacancy = [
        row
        for row in queries.vacancy_cost(dwelling.organisation_id, year)
        if row.contract.dwelling_id == dwelling.pk
    ]
    return {
        "dwelling": dwelling,
        "account": account,
        "year": year,
        "vacancy": vacancy,
        "kinds": [(kind, EntryKind(kind).label) for kind in account.totals],
        "years": list(range(today.year + 1, 2019, -1)),
        "month_label": rules.month_label,
        "can_edit": can_edit,
        "reversible": reversible,
        "payover_form": forms.get("payover_form")
        or (PayoverForm(contracts=_contracts(dwelling), initial={"on": today}) if can_edit else None),
        "reverse_form": forms.get("reverse_form"),
        "once": forms.get("once") or (Once(request, "owner_payover") if can_edit else None),
    }


def dwelling_account(request, pk: int) -> HttpResponse:
    dwelling = get_owner_dwelling_or_404(request, pk)
    return render(request, "rental/dwelling_account.html", _context(request, dwelling))


def dwelling_payover(request, pk: int) -> HttpResponse:
    """« Reverser au propriétaire »: the amount paid to the owner of one of the dwelling's contracts."""
    dwelling = get_owner_dwelling_or_404(request, pk, edit=True)
    url = reverse("www:dwelling_account", args=[dwelling.pk])
    if request.method != "POST":
        return redirect(url)
    once = Once(request, "owner_payover")
    if (replay := once.replay()) is not None:
        return replay
    form = PayoverForm(request.POST, contracts=_contracts(dwelling))
    if once.problem:
        form.add_error(None, once.problem)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with once.claim():
                services.record_payover(
                    data["contract"], data["amount"], data["on"], request.user, label=data["label"]
                )
                once.done(url)
        except AlreadySubmitted as exc:
            return exc.response
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le versement au propriétaire est enregistré.")
            return redirect(url)
    context = _context(request, dwelling, payover_form=form, once=once)
    return render(request, "rental/dwelling_account.html", context, status=form_status(form))


def dwelling_entry_reverse(request, pk: int) -> HttpResponse:
    """Counter-passes an owner entry of the dwelling (the owner's rent, a payment to the owner)."""
    dwelling = get_owner_dwelling_or_404(request, pk, edit=True)
    url = reverse("www:dwelling_account", args=[dwelling.pk])
    if request.method != "POST":
        return redirect(url)
    form = ReverseForm(request.POST)
    if form.is_valid():
        entry = LedgerEntry.objects.filter(
            pk=form.cleaned_data["entry"],
            contract__dwelling=dwelling,
            account=Account.PROPRIETAIRE,
            kind__in=OWNER_REVERSIBLE,
        ).first()
        if entry is None:
            raise Http404
        try:
            services.reverse_entry(entry, form.cleaned_data["reason"], request.user, on=timezone.localdate())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "L'écriture est contre-passée.")
            return redirect(url)
    context = _context(request, dwelling, reverse_form=form)
    return render(request, "rental/dwelling_account.html", context, status=form_status(form))
