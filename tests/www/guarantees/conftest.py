from datetime import date
from decimal import Decimal as D

import pytest

from tests.factories.guarantees import (
    FundClaimFactory,
    FundContributionFactory,
    FundContributorFactory,
    NetworkFactory,
    SecurityFundFactory,
)
from tests.factories.stays import StayFactory


@pytest.fixture
def network(db):
    return NetworkFactory(name="Fapil Auvergne-Rhône-Alpes")


@pytest.fixture
def fund(network, operator):
    """A fund of region 84 with the State's 2025 endowment, the operator's dues and one claim of the operator
    (« déposée », on a stay of its household)."""
    fund = SecurityFundFactory(name="Fonds régional de sécurisation IML", manager=network)
    state = FundContributorFactory(fund=fund, state=True)
    FundContributionFactory(
        contributor=state, received_on=date(2025, 2, 1), amount=D("50000"), kind="dotation"
    )
    dues = FundContributorFactory(fund=fund, organisation=operator)
    FundContributionFactory(contributor=dues, received_on=date(2025, 3, 1))
    return fund


@pytest.fixture
def claim(fund, operator):
    stay = StayFactory(household__organisation=operator, entry_date=date(2023, 1, 1))
    return FundClaimFactory(fund=fund, operator=operator, stay=stay, declared_on=date(2025, 4, 1))
