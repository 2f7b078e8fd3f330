from datetime import date
from decimal import Decimal

import pytest

from clef.rental.enums import EntryKind
from tests.factories.rental import LeaseFactory, LedgerEntryFactory

D = Decimal


def post(lease, kind: str, on: date, amount: str):
    """One ledger row (factories write rows: the ledger's own services have their tests)."""
    return LedgerEntryFactory(
        lease=lease, kind=kind, booked_on=on, period=on.replace(day=1), amount=D(amount), label=kind
    )


def call(lease, on: date, amount: str = "650.00"):
    return post(lease, EntryKind.APPEL_LOYER, on, amount)


def pay(lease, on: date, amount: str):
    return post(lease, EntryKind.PAIEMENT, on, f"-{amount}")


@pytest.fixture
def lease(db):
    """600 € + 50 € due on the 5th; on 20/01/2026 the household owes 900 € (two calls, 400 € paid)."""
    lease = LeaseFactory()
    call(lease, date(2025, 12, 1))
    call(lease, date(2026, 1, 1))
    pay(lease, date(2026, 1, 10), "400.00")
    return lease


@pytest.fixture(autouse=True)
def _recovery_settings(settings):
    settings.CLEF_RENTAL = {
        **settings.CLEF_RENTAL,
        "instalment_grace_days": 10,
        "slide_after_respected_months": 3,
        "reminder_after_days": 10,
    }
