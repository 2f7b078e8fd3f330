"""Visale claims due: a mandate lease of 600 € + 50 € (threshold: more than 650 €), calls on the 5th."""

from datetime import date
from decimal import Decimal as D

import pytest

from clef.guarantees.visale import visale_claims_due
from clef.rental.enums import BenefitStatus, EntryKind
from tests.factories.guarantees import VisaleClaimFactory, VisaleGuaranteeFactory
from tests.factories.rental import LedgerEntryFactory

pytestmark = pytest.mark.django_db


def _entries(lease, *moves):
    for day, amount in moves:
        kind = EntryKind.APPEL_LOYER if D(amount) > 0 else EntryKind.PAIEMENT
        LedgerEntryFactory(lease=lease, kind=kind, booked_on=day, period=day.replace(day=1), amount=D(amount))


@pytest.fixture
def guarantee():
    guarantee = VisaleGuaranteeFactory(valid_from=date(2024, 1, 1))
    _entries(
        guarantee.lease,
        (date(2025, 1, 5), "650"),  # 650: not beyond one month
        (date(2025, 2, 5), "650"),  # 1 300: crossed
        (date(2025, 2, 20), "-650"),  # 650: back under
        (date(2025, 3, 5), "650"),  # 1 300: crossed again
    )
    return guarantee


def test_a_claim_is_due_from_the_last_crossing_with_the_window_deadline(guarantee, django_assert_num_queries):
    with django_assert_num_queries(5):
        (due,) = visale_claims_due(guarantee.organisation_id, date(2025, 3, 10))
    assert (due.unpaid, due.threshold, due.crossed_on, due.deadline) == (
        D("1300.00"),
        D("650.00"),
        date(2025, 3, 5),
        date(2025, 6, 3),
    )
    with django_assert_num_queries(0):
        assert str(due.lease.stay.household).startswith(
            "Alex DUPONT"
        )  # the operator's own page names the household
    assert not due.benefit_late and due.months_left == 36


def test_nothing_is_due_at_one_month_or_once_declared(guarantee):
    assert visale_claims_due(guarantee.organisation_id, date(2025, 2, 25)) == []
    VisaleClaimFactory(guarantee=guarantee, declared_on=date(2025, 2, 10), months=1, amount=D("650"))
    (due,) = visale_claims_due(guarantee.organisation_id, date(2025, 3, 10))  # declared before this crossing
    assert due.months_claimed == 1 and due.last_claim_on == date(2025, 2, 10)
    VisaleClaimFactory(guarantee=guarantee, declared_on=date(2025, 3, 6))
    assert visale_claims_due(guarantee.organisation_id, date(2025, 3, 10)) == []


def test_a_guarantee_no_longer_in_force_has_no_claim_due(guarantee):
    guarantee.valid_until = date(2025, 3, 1)
    guarantee.save()
    assert visale_claims_due(guarantee.organisation_id, date(2025, 3, 10)) == []


def test_a_late_housing_benefit_is_shown_it_may_force_a_claim():
    guarantee = VisaleGuaranteeFactory(
        lease__tiers_payant=True, lease__benefit_status=BenefitStatus.EN_RETARD, valid_from=date(2024, 1, 1)
    )
    _entries(guarantee.lease, (date(2025, 1, 5), "650"), (date(2025, 2, 5), "650"))
    (due,) = visale_claims_due(guarantee.organisation_id, date(2025, 2, 10))
    assert due.threshold == D("350.00") and due.benefit_late  # 650 − 300 of APL paid to the manager


def test_another_operators_guarantees_are_not_listed(guarantee):
    other = VisaleGuaranteeFactory(valid_from=date(2024, 1, 1))
    assert visale_claims_due(other.organisation_id, date(2025, 3, 10)) == []
