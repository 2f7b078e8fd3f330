from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from clef.guarantees.enums import FundClaimStatus
from tests.factories.guarantees import (
    FundClaimFactory,
    FundContributionFactory,
    FundContributorFactory,
    VisaleClaimFactory,
    VisaleGuaranteeFactory,
)

pytestmark = pytest.mark.django_db


def _refused(**kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        FundClaimFactory(**kwargs)


def test_a_claim_cannot_ask_more_than_its_loss():
    _refused(loss_amount=Decimal("100"), amount_claimed=Decimal("100.01"))


def test_a_granted_amount_cannot_exceed_the_claimed_one():
    _refused(accepted=True, amount_granted=Decimal("6000.01"))


def test_an_accepted_claim_needs_its_decision_date_and_amount():
    _refused(status=FundClaimStatus.ACCEPTEE, amount_granted=Decimal("10"))
    _refused(status=FundClaimStatus.ACCEPTEE, decided_on="2025-05-01")


def test_a_payout_needs_a_paid_status_and_stays_within_the_grant():
    _refused(accepted=True, paid_on="2025-06-01", paid_amount=Decimal("10"))
    _refused(paid=True, paid_amount=Decimal("5000.01"))
    _refused(paid=True, paid_on="2025-04-30")


def test_a_refused_claim_grants_nothing():
    _refused(refused=True, amount_granted=Decimal("10"))
    assert FundClaimFactory(refused=True).amount_granted is None


def test_an_operator_contributor_names_its_organisation():
    with pytest.raises(IntegrityError), transaction.atomic():
        FundContributorFactory(organisation=None, name="Sans structure")


def test_a_contribution_is_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        FundContributionFactory(amount=Decimal("0"))


def test_a_visale_guarantee_ends_after_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        VisaleGuaranteeFactory(valid_from="2025-01-01", valid_until="2024-12-31")


def test_a_visale_claim_is_paid_only_when_indemnified_and_within_its_amount():
    with pytest.raises(IntegrityError), transaction.atomic():
        VisaleClaimFactory(paid_on="2025-04-01", paid_amount=Decimal("100"))
    with pytest.raises(IntegrityError), transaction.atomic():
        VisaleClaimFactory(status="indemnisee", paid_on="2025-04-01", paid_amount=Decimal("1300.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        VisaleClaimFactory(months=37)
    assert VisaleClaimFactory(status="indemnisee", paid_on="2025-04-01", paid_amount=Decimal("1300")).pk
