"""THE rule « the day the household's own debt crossed a threshold » (clef.rental.debt.crossed_on), used by the
CAF/MSA reports and by Visale: worked examples with dates on a tiers-payant lease (rent 600 + charges 50, APL 300
paid to the manager: the household's share is 350, the CAF/MSA threshold 2 × 350 = 700)."""

from datetime import date
from decimal import Decimal as D

import pytest

from clef.rental import debt, queries, services
from clef.rental.enums import BenefitStatus, EntryKind
from clef.rental.models import Lease
from tests.factories.rental import LeaseFactory, LedgerEntryFactory

pytestmark = pytest.mark.django_db


def _call(lease, day: date, expected: str = "300.00"):
    """The month's call of 650 €, with the part the CAF/MSA is expected to pay."""
    return LedgerEntryFactory(
        lease=lease, kind=EntryKind.APPEL_LOYER, booked_on=day, period=day.replace(day=1), amount=D("650.00"),
        benefit_expected=D(expected),
    )  # fmt: skip


def _credit(lease, day: date, amount: str, kind: str = EntryKind.PAIEMENT):
    return LedgerEntryFactory(
        lease=lease, kind=kind, booked_on=day, period=day.replace(day=1), amount=-D(amount)
    )


@pytest.fixture
def late_caf():
    """The CAF/MSA pays nothing from January to March; the household pays nothing either from February on.
    Balance: 05/01 650, 10/01 300 (the household paid its 350), 05/02 950, 05/03 1 600.
    Benefit still expected: 300, 300, 600, 900. Household's own debt: 350, 0, 350, 700."""
    lease = LeaseFactory(tiers_payant=True, benefit_status=BenefitStatus.EN_RETARD)
    _call(lease, date(2026, 1, 5))
    _credit(lease, date(2026, 1, 10), "350.00")
    _call(lease, date(2026, 2, 5))
    _call(lease, date(2026, 3, 5))
    return lease


def test_the_caf_report_is_dated_by_the_households_debt_not_the_balance(late_caf):
    # The balance reached 700 on 05/02 (950); the household's own debt only on 05/03 (700).
    assert debt.crossed_on({late_caf.pk: D("700.00")}, date(2026, 3, 31), strict=False) == {
        late_caf.pk: date(2026, 3, 5)
    }
    [due] = queries.caf_reports_due(late_caf.organisation_id, date(2026, 3, 31))
    assert (due.household_debt, due.threshold, due.crossed_on, due.deadline) == (
        D("700.00"),
        D("700.00"),
        date(2026, 3, 5),
        date(2026, 5, 5),
    )


def test_a_late_caf_alone_never_makes_a_caf_report_due():
    """The household pays its 350 every month, the CAF/MSA nothing for three months: balance 900, no debt."""
    lease = LeaseFactory(tiers_payant=True, benefit_status=BenefitStatus.EN_RETARD)
    for month in (1, 2, 3):
        _call(lease, date(2026, month, 5))
        _credit(lease, date(2026, month, 6), "350.00")
    assert queries.balance(lease, date(2026, 3, 31)) == D("900.00")
    assert debt.crossed_on({lease.pk: D("700.00")}, date(2026, 3, 31), strict=False) == {}
    assert queries.caf_reports_due(lease.organisation_id, date(2026, 3, 31)) == []


def test_at_least_or_strictly_above_the_threshold(late_caf):
    """On 05/03 the debt is exactly 700: it reached 700 (CAF/MSA: « atteint ») but is not above it (Visale:
    « plus de »)."""
    on = date(2026, 3, 31)
    assert debt.crossed_on({late_caf.pk: D("700.00")}, on, strict=True) == {}
    assert debt.crossed_on({late_caf.pk: D("699.99")}, on, strict=True) == {late_caf.pk: date(2026, 3, 5)}


def test_the_last_crossing_counts_and_a_same_day_payment_is_no_crossing(late_caf):
    """Back under on 10/03 (the household pays 400), above again on 05/04. On 05/05 the call and a payment of
    the same day leave the debt under: a day is read once all its entries are booked."""
    _credit(late_caf, date(2026, 3, 10), "400.00")  # debt 300
    _call(late_caf, date(2026, 4, 5))  # debt 650
    _call(late_caf, date(2026, 5, 5))
    _credit(late_caf, date(2026, 5, 5), "350.00")  # debt 650 at the end of the day
    thresholds = {late_caf.pk: D("600.00")}
    assert debt.crossed_on(thresholds, date(2026, 3, 31), strict=False) == {late_caf.pk: date(2026, 3, 5)}
    assert debt.crossed_on(thresholds, date(2026, 5, 31), strict=False) == {late_caf.pk: date(2026, 4, 5)}


def test_a_counter_passed_caf_payment_is_expected_again_not_the_households_debt(user):
    """The CAF/MSA's 300 booked on 06/01, counter-passed on 20/01 (paid to the wrong account): the balance goes
    back to 650 but 300 is expected again, the household's debt stays 350 — as `lease_figures` says."""
    lease = LeaseFactory(tiers_payant=True)
    _call(lease, date(2026, 1, 5))
    paid = _credit(lease, date(2026, 1, 6), "300.00", kind=EntryKind.AIDE_LOGEMENT)
    services.reverse_entry(paid, "Versement affecté à tort", user, on=date(2026, 1, 20))
    assert debt.crossed_on({lease.pk: D("400.00")}, date(2026, 1, 31), strict=False) == {}
    assert debt.crossed_on({lease.pk: D("349.99")}, date(2026, 1, 31), strict=True) == {
        lease.pk: date(2026, 1, 5)
    }
    figures = queries.lease_figures(Lease.objects.filter(pk=lease.pk), date(2026, 1, 31)).get()
    assert (figures.balance, figures.benefit_pending, figures.household_debt) == (
        D("650.00"),
        D("300.00"),
        D("350.00"),
    )


def test_a_counter_passed_call_takes_its_expected_benefit_back(user):
    lease = LeaseFactory(tiers_payant=True)
    _call(lease, date(2026, 1, 5))
    wrong = _call(lease, date(2026, 1, 6))  # posted twice
    assert debt.crossed_on({lease.pk: D("700.00")}, date(2026, 1, 6), strict=False) == {
        lease.pk: date(2026, 1, 6)
    }
    services.reverse_entry(wrong, "Appel en double", user, on=date(2026, 1, 7))
    _call(lease, date(2026, 2, 5))  # 700 again on 05/02, not before
    assert debt.crossed_on({lease.pk: D("700.00")}, date(2026, 2, 28), strict=False) == {
        lease.pk: date(2026, 2, 5)
    }


def test_one_query_whatever_the_number_of_leases(late_caf, django_assert_num_queries):
    others = [LeaseFactory(tiers_payant=True) for _ in range(3)]
    for lease in others:
        _call(lease, date(2026, 1, 5), expected="0.00")  # 650 owed by the household
    thresholds = {late_caf.pk: D("700.00")} | {lease.pk: D("600.00") for lease in others}
    with django_assert_num_queries(1):
        crossed = debt.crossed_on(thresholds, date(2026, 3, 31), strict=False)
    assert crossed == {late_caf.pk: date(2026, 3, 5)} | {lease.pk: date(2026, 1, 5) for lease in others}
    with django_assert_num_queries(0):
        assert debt.crossed_on({}, date(2026, 3, 31), strict=False) == {}
