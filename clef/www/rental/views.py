"""« Gestion locative »: the hub, the balances, the arrears and the owner's account of a dwelling. No rule
here: `clef.rental` decides (rules, services, queries); these pages carry input and show French errors.
The pages of one household's account are in `lease_views`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clef.bilan.charts import COLUMNS, Chart
from clef.damages.perms import can_see_damages
from clef.funding.perms import can_see_funding
from clef.guarantees.perms import fund_rights
from clef.organisations import perms
from clef.rental import queries, services
from clef.rental.enums import AgeingBucket, LedgerMode
from clef.rental.models import Lease
from clef.www.rental.access import (
    log_account_list,
    require_ledger,
)
from clef.www.rental.arrears_files import download as arrears_download
from clef.www.rental.forms import CallsForm, LedgerFilterForm

# Pages of the other rental areas, linked from the hub when they exist and the member may open them
# (url name, title, the permission rule of that page).
AREA_LINKS = (
    ("bank_import_list", "Relevés bancaires", perms.can_see_owner_accounts),
    ("lease_life", "Vie des baux (révisions, régularisations, dépôts)", perms.can_see_ledger),
    ("recovery_home", "Recouvrement (relances, plans, contentieux)", perms.can_see_ledger),
    ("damage_list", "États des lieux et dégradations", can_see_damages),
    ("visale_list", "Garanties Visale", perms.can_see_ledger),
    ("fund_home", "Fonds de sécurisation", lambda membership: fund_rights(membership) is not None),
    ("funding", "Financement", can_see_funding),
)


def _today():
    return timezone.localdate()


def _named_leases():
    """Leases with their household's members loaded (the household's name), one query for any number."""
    return Lease.objects.prefetch_related("stay__household__members")


def _links(membership) -> list[tuple[str, str]]:
    links = []
    for name, title, may_open in AREA_LINKS:
        if not may_open(membership):
            continue  # never a link to a page that would answer 403
        try:
            links.append((reverse(f"www:{name}"), title))
        except NoReverseMatch:
            continue  # that area's page is not there (yet)
    return links


def rental_home(request) -> HttpResponse:
    membership = require_ledger(request)
    return _home(request, membership, CallsForm(today=_today()))


def _home(request, membership, calls_form: CallsForm, status: int = 200) -> HttpResponse:
    today = _today()
    table = queries.ageing([membership.organisation_id], today)
    context = {
        "table": table,
        "today": today,
        "calls_form": calls_form,
        "caf_due": len(queries.caf_reports_due(membership.organisation_id, today)),
        "links": _links(membership),
        "modes": LedgerMode.choices,
        "buckets": AgeingBucket.choices,
    }
    return render(request, "rental/home.html", context, status=status)


@require_POST
def calls_generate(request) -> HttpResponse:
    membership = require_ledger(request, edit=True)
    form = CallsForm(request.POST, today=_today())
    if form.is_valid():
        try:
            summary = services.generate_calls(membership.organisation, form.period, request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                f"Appels de {summary.month_label} : {summary.created} écriture(s) passée(s) pour "
                f"{summary.leases} ménage(s) et {summary.contracts} loyer(s) dû(s) aux propriétaires ; "
                f"{summary.already} écriture(s) déjà passée(s) n'ont pas été doublées.",
            )
    else:  # a month not offered (a forged request): the hub again with the field's French message
        return _home(request, membership, form, status=400)
    return redirect("www:rental_home")


def _filtered_balances(request, membership, today):
    form = LedgerFilterForm(request.GET or None)
    leases = _named_leases()
    bucket = ""
    if form.is_valid():
        if form.cleaned_data["mode"]:
            leases = leases.filter(mode=form.cleaned_data["mode"])
        if form.cleaned_data["benefit_status"]:
            leases = leases.filter(benefit_status=form.cleaned_data["benefit_status"]).exclude(
                benefit_kind=""
            )
        bucket = form.cleaned_data["bucket"]
    rows = queries.household_balances(membership.organisation_id, today, leases)
    if bucket:
        rows = [row for row in rows if row.household_debt > 0 and row.bucket == bucket]
    return form, rows


def ledger_list(request) -> HttpResponse:
    membership = require_ledger(request)
    today = _today()
    form, rows = _filtered_balances(request, membership, today)
    log_account_list(request, [row.lease.stay.household_id for row in rows])
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "rental/ledger_list.html", {"form": form, "rows": rows, "today": today}, status=status
    )


def _ageing_chart(table) -> Chart:
    return Chart(
        "anciennete",
        "Dette des ménages par ancienneté (€)",
        COLUMNS,
        [AgeingBucket(bucket).label for bucket in AgeingBucket.values],
        [
            (
                str(LedgerMode(mode).label),
                [float(table.cells[mode][bucket].amount) for bucket in AgeingBucket.values],
            )
            for mode in LedgerMode.values
        ],
        unit="€",
        category_title="Ancienneté",
        full_width=True,
    )


def arrears(request) -> HttpResponse:
    membership = require_ledger(request)
    today = _today()
    table = queries.ageing([membership.organisation_id], today)
    rows = [
        row
        for row in queries.household_balances(membership.organisation_id, today, _named_leases())
        if row.household_debt > 0
    ]
    log_account_list(request, [row.lease.stay.household_id for row in rows])
    chart = _ageing_chart(table)
    context = {
        "table": table,
        "rows": rows,
        "today": today,
        "chart": chart,
        "drawn": chart.drawn if table.total.households else None,
        "modes": LedgerMode.choices,
        "buckets": AgeingBucket.choices,
    }
    return render(request, "rental/arrears.html", context)


def arrears_export(request, fmt: str) -> HttpResponse:
    membership = require_ledger(request)
    today = _today()
    rows = [
        row
        for row in queries.household_balances(membership.organisation_id, today, _named_leases())
        if row.household_debt > 0
    ]
    log_account_list(request, [row.lease.stay.household_id for row in rows])
    lines = [
        {
            "reference": row.lease.payment_reference,
            "household": str(row.lease.stay.household),
            "mode": str(row.lease.get_mode_display()),
            "balance": float(row.balance),
            "benefit_pending": float(row.benefit_pending),
            "household_debt": float(row.household_debt),
            "net_monthly_due": float(row.net_monthly_due),
            "months": float(row.months) if row.months is not None else None,
            "bucket": str(row.bucket_label),
        }
        for row in rows
    ]
    response = arrears_download(fmt, f"impayes-{today:%Y-%m-%d}", lines)
    if response is None:
        raise Http404
    return response
