"""Ledger reads, with hand-computed examples."""

from datetime import date
from decimal import Decimal

import pytest

from clef.rental import queries, services
from clef.rental.enums import AgeingBucket, EntryKind, LedgerMode
from tests.factories.rental import LeaseFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def call_months(lease, user, *months):
    for month in months:
        services.generate_calls(lease.organisation, month, user)


def test_three_months_with_a_late_caf_payment(user):
    # Rent 600 + charges 50 = 650 a month; APL 300 paid to the manager (tiers payant).
    # Calls January–March: 3 × 650 = 1 950, benefit expected 3 × 300 = 900.
    # The CAF paid January and February (2 × 300 = 600), March is late.
    # The household paid 100 each month (300): balance = 1 950 − 600 − 300 = 1 050,00.
    # Benefit pending = 900 − 600 = 300,00; household debt = 1 050 − 300 = 750,00.
    lease = LeaseFactory(tiers_payant=True)
    call_months(lease, user, date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))
    for month in (1, 2):
        services.record_payment(
            lease, Decimal("300"), date(2026, month, 10), kind=EntryKind.AIDE_LOGEMENT, acting_user=user
        )
    for month in (1, 2, 3):
        services.record_payment(lease, Decimal("100"), date(2026, month, 6), acting_user=user)
    on = date(2026, 3, 31)
    assert queries.balance(lease, on) == Decimal("1050.00")
    assert queries.benefit_pending(lease, on) == Decimal("300.00")
    [row] = queries.household_balances(lease.organisation_id, on)
    assert (row.balance, row.benefit_pending, row.household_debt) == (
        Decimal("1050.00"),
        Decimal("300.00"),
        Decimal("750.00"),
    )
    # 750 / 350 (net monthly due) = 2,1 months → « 2 à 3 mois ».
    assert (row.net_monthly_due, row.months, row.bucket) == (
        Decimal("350.00"),
        Decimal("2.1"),
        AgeingBucket.DEUX_TROIS_MOIS,
    )


def test_a_reversed_benefit_payment_is_pending_again(user):
    lease = LeaseFactory(tiers_payant=True)
    call_months(lease, user, date(2026, 1, 1))
    aid = services.record_payment(
        lease, Decimal("300"), date(2026, 1, 10), kind=EntryKind.AIDE_LOGEMENT, acting_user=user
    )
    assert queries.benefit_pending(lease) == Decimal("0.00")
    services.reverse_entry(aid, "Virement CAF rejeté", user, on=date(2026, 1, 20))
    assert queries.benefit_pending(lease) == Decimal("300.00")
    assert queries.benefit_pending(lease, on=date(2026, 1, 15)) == Decimal("0.00")


def test_household_balances_is_one_query(user, django_assert_num_queries):
    for _ in range(3):
        lease = LeaseFactory()
        services.record_payment(lease, Decimal("10"), date(2026, 1, 2), acting_user=user)
    with django_assert_num_queries(1):
        rows = queries.household_balances(lease.organisation_id, date(2026, 2, 1))
        assert [row.lease.stay.household.pk for row in rows]
    assert len(rows) == 1  # each factory lease is of its own operator


def test_paid_months_first_in_first_out(user):
    lease = LeaseFactory()
    call_months(lease, user, date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))  # 3 × 650
    assert queries.paid_months(lease) == []
    # 1 300 paid (late, on 20/03): January and February are covered, not March.
    services.record_payment(lease, Decimal("1300"), date(2026, 3, 20), acting_user=user)
    assert queries.paid_months(lease) == [date(2026, 1, 1), date(2026, 2, 1)]
    last = services.record_payment(lease, Decimal("649.99"), date(2026, 3, 21), acting_user=user)
    assert queries.paid_months(lease) == [date(2026, 1, 1), date(2026, 2, 1)]
    services.record_payment(lease, Decimal("0.01"), date(2026, 3, 22), acting_user=user)
    assert queries.paid_months(lease)[-1] == date(2026, 3, 1)
    # The counter-entry of a payment takes its credit back: March is not paid any more.
    services.reverse_entry(last, "Chèque sans provision", user)
    assert queries.paid_months(lease) == [date(2026, 1, 1), date(2026, 2, 1)]


def test_ageing_and_arrears_per_mode_and_bucket(user):
    sublet = LeaseFactory()
    mandate = LeaseFactory(
        mandate=True, organisation=sublet.organisation, stay__household__organisation=sublet.organisation
    )
    gone = LeaseFactory(
        stay=StayFactory(
            household__organisation=sublet.organisation, exited=True, exit_date=date(2026, 1, 31)
        )
    )
    for lease in (sublet, mandate, gone):
        services.post_charge(
            lease, EntryKind.FRAIS, Decimal("650"), date(2026, 1, 1), "Dette", acting_user=user
        )
    services.post_charge(
        mandate, EntryKind.FRAIS, Decimal("650"), date(2026, 1, 1), "Dette", acting_user=user
    )
    table = queries.ageing([sublet.organisation_id], date(2026, 3, 31))
    assert table.cells[LedgerMode.SOUS_LOCATION][AgeingBucket.UN_DEUX_MOIS].households == 2  # 650 = 1 month
    assert table.cells[LedgerMode.MANDAT_GESTION][AgeingBucket.DEUX_TROIS_MOIS].amount == Decimal("1300.00")
    assert (table.total.households, table.total.amount) == (3, Decimal("2600.00"))
    housed = queries.arrears_at([sublet.organisation_id], date(2026, 3, 31))
    assert (housed.total.households, housed.total.amount) == (2, Decimal("1950.00"))
    assert housed.by_mode[LedgerMode.SOUS_LOCATION].households == 1


def test_debt_at_exit(user):
    stay = StayFactory(exited=True, exit_date=date(2026, 2, 28))
    assert queries.debt_at_exit(stay) is None
    lease = LeaseFactory(stay=stay)
    assert queries.debt_at_exit(stay) == Decimal("0.00")
    services.post_charge(lease, EntryKind.FRAIS, Decimal("400"), date(2026, 2, 1), "Dette", acting_user=user)
    services.post_charge(
        lease, EntryKind.FRAIS, Decimal("50"), date(2026, 3, 15), "Après la sortie", acting_user=user
    )
    assert queries.debt_at_exit(stay) == Decimal("400.00")
    services.record_payment(lease, Decimal("1000"), date(2026, 2, 20), acting_user=user)
    assert queries.debt_at_exit(stay) == Decimal("0.00")


def test_amounts_that_cancel_out_give_an_exact_zero_on_every_database():
    # SQLite sums decimals in floating point: 412,37 + 33,33 + 0,10 + 0,20 − 445,70 − 0,30 came back as
    # 1,1E-14, a household « in arrears » with nothing owed. Every sum is rounded to the cent in SQL.
    lease = LeaseFactory()
    for amount in ("412.37", "33.33", "0.10", "0.20"):
        services.post_charge(
            lease, EntryKind.FRAIS, Decimal(amount), date(2026, 1, 1), "Frais", acting_user=None
        )
    for amount in ("445.70", "0.30"):
        services.record_payment(lease, Decimal(amount), date(2026, 1, 2), label="Paiement", acting_user=None)
    assert queries.balance(lease) == Decimal("0.00")
    assert str(queries.balance(lease)) == "0.00"
    [row] = queries.household_balances(lease.organisation_id, date(2026, 2, 1))
    assert (row.balance, row.household_debt) == (Decimal("0.00"), Decimal("0.00"))
    assert queries.ageing([lease.organisation_id], date(2026, 2, 1)).total.households == 0
