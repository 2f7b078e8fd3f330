"""Visale claims due and declared on the household's own debt (clef.rental.debt): a late CAF/MSA does not force a
claim that would have resolved itself; the crossing day is THE rule `clef.rental.debt.crossed_on` (strictly above:
« plus d'un mois »). Worked example: a sublet of 600 + 50 with 300 of APL paid to the manager, so the threshold is
more than 350; the calls on the 5th carry the 300 expected from the CAF/MSA."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from clef.guarantees import services
from clef.guarantees.models import VisaleClaim
from clef.guarantees.visale import claim_context, visale_claims_due
from clef.rental.enums import BenefitStatus, EntryKind
from tests.factories.accounts import UserFactory
from tests.factories.guarantees import VisaleGuaranteeFactory
from tests.factories.rental import LedgerEntryFactory

pytestmark = pytest.mark.django_db


def _entry(lease, kind: str, day: date, amount: str, expected: str = "0.00"):
    LedgerEntryFactory(
        lease=lease, kind=kind, booked_on=day, period=day.replace(day=1), amount=D(amount),
        benefit_expected=D(expected),
    )  # fmt: skip


@pytest.fixture
def guarantee():
    return VisaleGuaranteeFactory(
        lease__mandate=False,
        lease__tiers_payant=True,
        lease__benefit_status=BenefitStatus.EN_RETARD,
        valid_from=date(2025, 1, 1),
    )


def _months(lease, household_pays: str):
    for month in (1, 2, 3):
        _entry(lease, EntryKind.APPEL_LOYER, date(2025, month, 5), "650.00", expected="300.00")
        if D(household_pays):
            _entry(lease, EntryKind.PAIEMENT, date(2025, month, 6), f"-{household_pays}")


def test_a_late_caf_alone_makes_no_claim_due_nor_declarable(guarantee):
    """The household pays its 350 each month; the CAF/MSA is three months late: balance 900, debt 0."""
    _months(guarantee.lease, "350.00")
    assert visale_claims_due(guarantee.organisation_id, date(2025, 3, 31)) == []
    context = claim_context(guarantee, date(2025, 3, 31))
    assert (context["unpaid"], context["net_monthly_due"]) == (D("0.00"), D("350.00"))
    claim = VisaleClaim(
        guarantee=guarantee, kind="impayes", declared_on=date(2025, 3, 31), months=2, amount=D("700")
    )
    with pytest.raises(ValidationError, match="la dette du ménage est de 0,00"):
        services.declare_visale_claim(claim=claim, acting_user=UserFactory())


def test_a_household_that_does_not_pay_has_a_claim_due_from_the_day_its_debt_crossed(guarantee):
    """Nothing paid: the household's own debt is 350 on 05/01 (not above 350), 700 on 05/02: crossed on 05/02,
    whereas the balance (650 on 05/01) was above the threshold from 05/01."""
    _months(guarantee.lease, "0")
    (due,) = visale_claims_due(guarantee.organisation_id, date(2025, 3, 31))
    assert (due.unpaid, due.benefit_pending, due.threshold, due.crossed_on, due.deadline) == (
        D("1050.00"),
        D("900.00"),
        D("350.00"),
        date(2025, 2, 5),
        date(2025, 5, 6),
    )
    assert due.benefit_late
    # The balance (1 950) is not what the household owes: the CAF/MSA's 900 cannot be declared.
    claim = VisaleClaim(
        guarantee=guarantee, kind="impayes", declared_on=date(2025, 3, 31), months=3, amount=D("1950")
    )
    with pytest.raises(ValidationError, match="dépasse l'impayé du ménage"):
        services.declare_visale_claim(claim=claim, acting_user=UserFactory())
    claim.amount = D("1050")
    services.declare_visale_claim(claim=claim, acting_user=UserFactory())
    assert visale_claims_due(guarantee.organisation_id, date(2025, 3, 31)) == []
