"""Rental management in the demo region (issue 10): the network « Fapil Auvergne-Rhône-Alpes » and the
regional security fund it manages (contributors, contributions 2021 to this year, claims in every status),
the IML subsidies of every operator (2024 to this year), and the rent ledgers of the two demo operators with
what builds on them (`accounts.py`: calls, payments and a bank statement, benefits, arrears, CAF/MSA
reports, inventories and damage claims, the leases' yearly life, Visale).

Like the captation (`clef/demo/captation/`), each part is written once (nothing if it is already there). The
register is never rewritten: no stay, household or dwelling is changed, so the published figures and the v1
exchange files stay as they were."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from clef.accounts.models import User
from clef.demo.rental import accounts, fund, funding
from clef.demo.rental.context import OPERATORS, build_context
from clef.demo.rental.organisations import FUND_MANAGER, NETWORK, ensure_network
from clef.funding.models import Subsidy
from clef.organisations.models import Organisation

__all__ = ["ensure_network", "load_rental"]


def _ready() -> bool:
    expected = [*OPERATORS.values(), NETWORK]
    return (
        Organisation.objects.filter(external_id__in=expected).count() == len(expected)
        and User.objects.filter(email=FUND_MANAGER).exists()
    )


@transaction.atomic
def load_rental(today: date | None = None) -> dict[str, int]:
    """Generate and write each part once (nothing if it is already there)."""
    if not _ready():
        return {}
    ctx = build_context(today or timezone.localdate())
    counts: dict[str, int] = {}
    if not funding.subsidies_loaded():
        rows = funding.subsidies(ctx)
        Subsidy.objects.bulk_create(rows)
        counts["subventions IML"] = len(rows)
    if not fund.fund_loaded():
        counts |= fund.write_fund(ctx)
    if not accounts.accounts_loaded():
        counts |= _write_accounts(ctx)
    return counts


def _write_accounts(ctx) -> dict[str, int]:
    written, counts = accounts.write_ledgers(ctx)
    counts |= accounts.write_payments(ctx, written)
    counts |= accounts.write_after_payments(ctx, written)
    return counts
