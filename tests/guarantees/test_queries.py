"""Worked example of a fund's figures: contributions of the State (2023-2025), two operators' dues and a local
authority; five claims in every status."""

from datetime import date
from decimal import Decimal as D

import pytest

from clef.guarantees import queries
from clef.guarantees.queries import Scenario
from tests.factories.guarantees import (
    FundClaimFactory,
    FundContributionFactory,
    FundContributorFactory,
    SecurityFundFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund():
    fund = SecurityFundFactory()
    state = FundContributorFactory(fund=fund, state=True)
    local = FundContributorFactory(fund=fund, local_authority=True)
    first, second = FundContributorFactory(fund=fund), FundContributorFactory(fund=fund)
    for year, amount in ((2023, "50000"), (2024, "50000"), (2025, "40000")):
        FundContributionFactory(
            contributor=state, received_on=date(year, 2, 1), amount=D(amount), kind="dotation"
        )
    for contributor, years in ((first, (2023, 2024, 2025)), (second, (2024, 2025))):
        for year in years:
            FundContributionFactory(contributor=contributor, received_on=date(year, 3, 1))
    FundContributionFactory(
        contributor=local, received_on=date(2025, 6, 1), amount=D("10000"), kind="abondement"
    )
    FundClaimFactory(
        fund=fund,
        paid=True,
        declared_on=date(2024, 3, 1),
        decided_on=date(2024, 4, 1),
        amount_granted=D("6000"),
        paid_on=date(2024, 6, 1),
        paid_amount=D("6000"),
    )
    FundClaimFactory(
        fund=fund,
        paid=True,
        amount_claimed=D("4000"),
        declared_on=date(2025, 5, 1),
        decided_on=date(2025, 6, 1),
        amount_granted=D("3000"),
        paid_on=date(2025, 9, 1),
        paid_amount=D("3000"),
    )
    FundClaimFactory(
        fund=fund,
        accepted=True,
        amount_claimed=D("2500"),
        declared_on=date(2025, 10, 1),
        decided_on=date(2025, 11, 1),
        amount_granted=D("2000"),
    )
    FundClaimFactory(
        fund=fund,
        refused=True,
        amount_claimed=D("1000"),
        declared_on=date(2025, 11, 15),
        decided_on=date(2025, 12, 1),
    )
    FundClaimFactory(fund=fund, amount_claimed=D("5000"), declared_on=date(2026, 1, 10))
    other = FundContributorFactory(fund=SecurityFundFactory(region_id="11"), state=True)
    FundContributionFactory(contributor=other, received_on=date(2025, 2, 1), amount=D("99999"))
    return fund


def test_balance_is_contributions_received_less_payouts_made(fund, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert queries.fund_balance(fund, date(2026, 3, 1)) == D("148500.00")
    assert queries.fund_balance(fund, date(2025, 8, 31)) == D("151500.00")
    assert queries.fund_balance(fund, date(2022, 12, 31)) == D("0.00")


def test_fund_years_per_year_with_closing_balance(fund, django_assert_num_queries):
    with django_assert_num_queries(3):
        years = queries.fund_years(fund)
    assert [(y.year, y.contributions_total, y.payouts, y.claims, y.claimed, y.closing) for y in years] == [
        (2023, D("51500.00"), D("0.00"), 0, D("0.00"), D("51500.00")),
        (2024, D("53000.00"), D("6000.00"), 1, D("6000.00"), D("98500.00")),
        (2025, D("53000.00"), D("3000.00"), 3, D("7500.00"), D("148500.00")),
        (2026, D("0.00"), D("0.00"), 1, D("5000.00"), D("148500.00")),
    ]
    assert years[2].contributions == {
        "etat": D("40000.00"),
        "operateur": D("3000.00"),
        "collectivite": D("10000.00"),
        "autre": D("0.00"),
    }


def test_observed_inputs_of_the_projection(fund):
    """Last complete year 2025: 2 operators paid 3 000 € (1 500 € each), the State 40 000 €, Grand Chambéry
    10 000 €; 2023-2025: 5 operator-years, 9 000 € paid → 1 800 € per operator-year."""
    observed = queries.observed_inputs(fund, date(2026, 3, 1))
    assert (
        observed.opening_balance,
        observed.first_year,
        observed.operators,
        observed.dues_per_operator,
        observed.loss_per_operator_year,
        observed.state_per_year,
        observed.local_per_year,
    ) == (D("148500.00"), 2027, 2, D("1500.00"), D("1800.00"), D("40000.00"), D("10000.00"))


def test_projection_applies_the_scenario_to_the_observed_figures(fund, django_assert_num_queries):
    """2027: 3 operators × 1 980 € = 5 940 € paid; 4 500 € of dues + 40 000 + 10 000 → 197 060 €."""
    with django_assert_num_queries(4):
        result = queries.projection(
            fund, date(2026, 3, 1), Scenario(operators_growth=1, loss_rate_change_percent=D("10"))
        )
    first = result.rows[0]
    assert (first.year, first.operators, first.loss_per_operator, first.closing) == (
        2027,
        3,
        D("1980.00"),
        D("197060.00"),
    )
    assert len(result.rows) == 3 and result.exhausted_in is None
    heavy = queries.projection(
        fund, date(2026, 3, 1), Scenario(loss_per_operator_year=D("50000"), state_per_year=D("0"))
    )
    assert heavy.inputs.state_per_year == D("0") and heavy.observed.state_per_year == D("40000.00")
    assert heavy.exhausted_in == 2028  # 148 500 + 13 000 − 100 000 = 61 500; then − 25 500


def test_fund_bilan_of_the_region(fund, django_assert_num_queries):
    with django_assert_num_queries(3):
        bilan = queries.fund_bilan("84", 2025)
    assert bilan.funds == 1
    assert bilan.contributions == D("53000.00")
    assert bilan.contributions_by_kind["collectivite"] == D("10000.00")
    assert (bilan.claims_declared, bilan.amount_claimed) == (3, D("7500.00"))
    assert (bilan.claims_accepted, bilan.amount_granted, bilan.claims_refused) == (2, D("5000.00"), 1)
    assert (bilan.payouts, bilan.amount_paid, bilan.balance) == (1, D("3000.00"), D("148500.00"))
    empty = queries.fund_bilan("53", 2025)
    assert (empty.funds, empty.contributions, empty.balance) == (0, D("0.00"), D("0.00"))
