"""The ledger's printed documents, drawn by WeasyPrint from templates: the rent receipt of a month fully
paid (« quittance ») and the household's account statement over a period (« relevé de compte »)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from clef.rental import queries, rules
from clef.rental.enums import Account, EntryKind
from clef.rental.models import Lease, LedgerEntry

NOT_PAID = "Le mois de {month} n'est pas entièrement payé : une quittance ne peut pas être délivrée."


def _render(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "printed_at": timezone.localtime()})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def receipt_figures(lease: Lease, month: date) -> dict:
    """What the receipt of `month` states: rent and charges called, the credits of the month's own
    differential (net of counter-entries). Refused (French message) when the month is not fully paid."""
    period = rules.month_start(month)
    if period not in queries.paid_months(lease):
        raise ValidationError(NOT_PAID.format(month=rules.month_label(period)))
    entries = LedgerEntry.objects.filter(lease=lease, account=Account.MENAGE).filter(
        Q(period=period, reverses__isnull=True) | Q(reverses__period=period)
    )

    def total(*kinds) -> object:
        condition = Q(kind__in=kinds) | Q(reverses__kind__in=kinds)
        return rules.cents(entries.filter(condition).aggregate(total=Sum("amount"))["total"] or 0)

    rent = total(EntryKind.APPEL_LOYER)
    charges = total(EntryKind.APPEL_CHARGES)
    differential = -total(EntryKind.DIFFERENTIEL)
    return {
        "period": period,
        "month": rules.month_label(period),
        "rent": rent,
        "charges": charges,
        "differential": differential,
        "total": rent + charges - differential,
        "first_day": max(period, lease.starts_on),
        "last_day": rules.month_end(period),
    }


def receipt_pdf(lease: Lease, month: date) -> bytes:
    figures = receipt_figures(lease, month)
    return _render("rental/receipt_pdf.html", {"lease": lease, **figures})


def statement_pdf(lease: Lease, start: date, end: date) -> bytes:
    return _render(
        "rental/statement_pdf.html",
        {"lease": lease, "statement": queries.statement(lease, start, end), "start": start, "end": end},
    )
