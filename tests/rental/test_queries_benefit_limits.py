"""Review fixes of the ledger's reads (clef.rental.queries / clef.rental.debt), worked examples with dates:
H2 a suspended housing benefit is no longer pending from its suspension (the household's share becomes the
whole rent: its debt), and a benefit still « attendue » / « en retard » counts at most
`benefit_pending_max_months` months; M8 the CAF/MSA report is never dated by the lease's start."""

from datetime import date
from decimal import Decimal

import pytest

from clef.rental import calls, queries, services
from clef.rental.enums import AgeingBucket, BenefitStatus
from clef.rental.models import Lease
from tests.factories.accounts import UserFactory
from tests.factories.rental import LeaseFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "benefit_pending_max_months": 3}


def _figures(lease, on):
    return queries.lease_figures(Lease.objects.filter(pk=lease.pk), on).get()


def _unpaid_benefit(months):
    """APL 300 in tiers payant, rent 600 + 50: the household pays its 350 on the 5th, the CAF pays nothing."""
    user = UserFactory()
    lease = LeaseFactory(stay__entry_date=date(2021, 1, 1), ends_on=None, tiers_payant=True)
    for month in months:
        calls.generate_calls(lease.organisation, date(2026, month, 1), user)
        services.record_payment(lease, D("350.00"), date(2026, month, 5), acting_user=user)
    return lease, user


def test_a_suspended_benefit_is_the_households_debt_from_the_suspension():
    lease, user = _unpaid_benefit((8, 9, 10))
    before = _figures(lease, date(2026, 10, 31))
    assert (before.balance, before.benefit_pending, before.household_debt) == (
        D("900.00"),
        D("900.00"),
        D("0"),
    )
    services.set_benefit_status(lease, BenefitStatus.SUSPENDUE, date(2026, 11, 1), user)
    lease.refresh_from_db()
    after = _figures(lease, date(2026, 11, 27))
    assert (after.balance, after.benefit_pending, after.household_debt) == (D("900.00"), D("0"), D("900.00"))
    # the day before the suspension the benefit was still expected
    assert _figures(lease, date(2026, 10, 31)).household_debt == D("0")
    # ageing on the gross due once suspended (domain_rules § 4: no benefit paid to the manager): 900 / 650
    assert after.bucket == AgeingBucket.UN_DEUX_MOIS


def test_a_benefit_late_beyond_the_limit_counts_as_the_households_debt():
    lease, _ = _unpaid_benefit((7, 8, 9, 10))  # four months of APL unpaid, benefit still « versée »
    on = date(2026, 10, 20)
    figures = _figures(lease, on)
    # only the calls of the last 3 months (after 20/07) are still expected: 900 of the 1 200
    assert (figures.balance, figures.benefit_pending, figures.household_debt) == (
        D("1200.00"),
        D("900.00"),
        D("300.00"),
    )
    # the ledger's totals (no day) apply no age limit
    assert queries.benefit_pending(lease) == D("1200.00")


def test_received_benefit_pays_the_oldest_calls_first():
    lease, user = _unpaid_benefit((7, 8, 9, 10))
    services.record_payment(
        lease, D("300.00"), date(2026, 10, 10), kind="aide_logement", acting_user=user
    )  # July's APL paid late: 900 still expected, all on the last 3 months' calls
    figures = _figures(lease, date(2026, 10, 20))
    assert (figures.benefit_pending, figures.household_debt) == (D("900.00"), D("0"))


def test_a_caf_report_is_never_dated_by_the_leases_start():
    # M8: net share 0 (APL 650 covers rent and charges), a 20 € fee unpaid: threshold 0, no crossing from
    # under it was read — the report was dated 01/01/2021 + 2 months, overdue since 2021.
    user = UserFactory()
    lease = LeaseFactory(
        stay__entry_date=date(2021, 1, 1), ends_on=None, tiers_payant=True, benefit_amount=D("650.00")
    )
    lease.starts_on = date(2021, 1, 1)
    lease.save()
    calls.generate_calls(lease.organisation, date(2026, 10, 1), user)
    services.record_payment(lease, D("650.00"), date(2026, 10, 8), kind="aide_logement", acting_user=user)
    services.post_charge(lease, "frais", D("20.00"), date(2026, 10, 15), "Frais de dossier", acting_user=user)
    [due] = queries.caf_reports_due(lease.organisation_id, date(2026, 11, 27))
    assert (due.household_debt, due.threshold, due.crossed_on, due.deadline) == (
        D("20.00"),
        D("0.00"),
        date(2026, 10, 15),  # the first day the household owed something
        date(2026, 12, 15),
    )
