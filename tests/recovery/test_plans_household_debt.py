"""A repayment plan is checked against the household's own debt, never the plain balance: a late CAF/MSA payment
does not break the plan of a household that pays its share and its instalment (issue 10: « a late CAF payment can
force a claim that would have resolved itself »).

Worked example: rent 600 + charges 50, APL 300 paid to the manager (tiers payant), so the household's share is
350 a month. In January the household owes 300 of its own (the CAF/MSA paid its 300, the household 50). The plan:
300 € in 3 × 100, agreed 20/01, due on the 5th from February, checked on the 15th (grace of 10 days). The calls
are booked on the 1st with 300 expected from the CAF/MSA."""

from datetime import date
from decimal import Decimal as D

import pytest

from clef.recovery import services
from clef.recovery.enums import PlanStatus
from clef.recovery.models import RepaymentPlan
from clef.rental import queries as rental_queries
from clef.rental.enums import BenefitStatus, EntryKind
from tests.factories.accounts import UserFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory

pytestmark = pytest.mark.django_db


def _entry(lease, kind: str, day: date, amount: str, expected: str = "0.00"):
    return LedgerEntryFactory(
        lease=lease, kind=kind, booked_on=day, period=day.replace(day=1), amount=D(amount),
        benefit_expected=D(expected),
    )  # fmt: skip


def _call(lease, day: date):
    return _entry(lease, EntryKind.APPEL_LOYER, day, "650.00", expected="300.00")


@pytest.fixture
def lease():
    lease = LeaseFactory(tiers_payant=True, benefit_status=BenefitStatus.EN_RETARD)
    _call(lease, date(2026, 1, 1))
    _entry(lease, EntryKind.AIDE_LOGEMENT, date(2026, 1, 8), "-300.00")
    _entry(lease, EntryKind.PAIEMENT, date(2026, 1, 10), "-50.00")
    return lease


@pytest.fixture
def plan(lease):
    plan = services.create_plan(
        lease=lease, instalments_count=3, first_due_on=date(2026, 2, 5), agreed_on=date(2026, 1, 20),
        acting_user=UserFactory(),
    )  # fmt: skip
    assert (plan.debt_amount, plan.monthly_amount) == (D("300.00"), D("100.00"))
    return plan


def _months(lease, household_pays: str, caf_pays_in_april: str = "900.00"):
    """February to April: the call on the 1st, the household pays on the 5th; the CAF/MSA is two months late
    and pays the three months at once on 08/04."""
    for month in (2, 3, 4):
        _call(lease, date(2026, month, 1))
        if D(household_pays):
            _entry(lease, EntryKind.PAIEMENT, date(2026, month, 5), f"-{household_pays}")
    _entry(lease, EntryKind.AIDE_LOGEMENT, date(2026, 4, 8), f"-{caf_pays_in_april}")


def test_a_late_caf_does_not_break_the_plan_of_a_household_paying_its_share(lease, plan):
    """The household pays 350 + 100 each month. On 15/02 its balance is 500 (over 300 − 100 = 200: the plain
    balance would break the plan) but 300 of it is the CAF/MSA's: its own debt is 200. 15/03: balance 700,
    expected 600, debt 100 ≤ 100. 15/04: the CAF/MSA paid its 900, balance and debt 0 ≤ 0."""
    _months(lease, "450.00")
    assert rental_queries.balance(lease, date(2026, 2, 15)) == D("500.00")
    services.refresh_plan(plan, date(2026, 2, 15))
    plan.refresh_from_db()
    assert (plan.status, plan.respected_months) == (PlanStatus.EN_COURS, 1)
    services.refresh_plan(plan, date(2026, 3, 15))
    plan.refresh_from_db()
    assert (plan.status, plan.respected_months, plan.slide_flagged_on) == (PlanStatus.EN_COURS, 2, None)
    services.refresh_plan(plan, date(2026, 4, 15))
    plan.refresh_from_db()
    # Three respected months: the plan is settled and the lease slide is possible (the meeting's section).
    assert (plan.status, plan.respected_months, plan.slide_flagged_on) == (
        PlanStatus.SOLDE,
        3,
        date(2026, 4, 15),
    )
    assert list(RepaymentPlan.objects.slide_possible()) == [plan]


def test_a_household_that_does_not_pay_breaks_its_plan(lease, plan):
    """Nothing paid by the household: on 15/02 its own debt is 300 + 350 = 650 > 200."""
    _months(lease, "0")
    services.refresh_plan(plan, date(2026, 4, 15))
    plan.refresh_from_db()
    assert (plan.status, plan.respected_months, plan.slide_flagged_on) == (PlanStatus.ROMPU, 0, None)


def test_paying_the_share_without_the_instalment_breaks_the_plan(lease, plan):
    """350 a month (its share only): on 15/02 its own debt is 300 > 200, whatever the CAF/MSA does."""
    _months(lease, "350.00")
    services.refresh_plan(plan, date(2026, 2, 15))
    plan.refresh_from_db()
    assert (plan.status, plan.respected_months) == (PlanStatus.ROMPU, 0)


def test_once_the_caf_pays_its_part_it_counts_for_nobody(lease, plan):
    """The CAF/MSA pays 200 of its 900 only: the 700 still expected is not the household's; the household that
    pays 450 a month keeps its plan."""
    _months(lease, "450.00", caf_pays_in_april="200.00")
    services.refresh_plan(plan, date(2026, 4, 15))
    plan.refresh_from_db()
    assert (plan.status, plan.respected_months) == (PlanStatus.SOLDE, 3)
