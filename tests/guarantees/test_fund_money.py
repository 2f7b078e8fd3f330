"""The fund's money rules (clef.guarantees.fund_rules) through the services: dates of money that has moved
never after today, a payout within the fund's balance, a claim within the household's ledger, one definition
of the fund's year, the stays a claim may concern."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.guarantees import queries, services
from clef.guarantees.models import FundClaim, FundContribution
from tests.factories.accounts import UserFactory
from tests.factories.damages import DamageClaimFactory
from tests.factories.guarantees import (
    FundClaimFactory,
    FundContributionFactory,
    FundContributorFactory,
    SecurityFundFactory,
)
from tests.factories.organisations import OrganisationFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + timedelta(days=1)


def _accepted(granted="5000", balance="5000"):
    claim = FundClaimFactory(declared_on=date(2025, 4, 1))
    FundContributionFactory(contributor__fund=claim.fund, received_on=date(2025, 1, 2), amount=D(balance))
    return services.decide_fund_claim(
        claim=claim,
        expected_version=1,
        status="acceptee",
        decided_on=date(2025, 5, 1),
        amount_granted=D(granted),
        decision_note="",
        acting_user=UserFactory(),
    )


def _pay(claim, amount, on=date(2025, 6, 1)):
    return services.pay_fund_claim(
        claim=claim,
        expected_version=claim.version,
        paid_on=on,
        paid_amount=D(amount),
        acting_user=UserFactory(),
    )


def test_a_payout_dated_after_today_is_refused():
    with pytest.raises(ValidationError) as refused:
        _pay(_accepted(), "5000", on=TOMORROW)
    assert refused.value.message_dict == {"paid_on": ["La date du versement ne peut pas être dans le futur."]}


def test_a_payout_above_the_funds_balance_is_refused_with_the_balance():
    claim = _accepted(granted="5000", balance="3000")
    with pytest.raises(ValidationError) as refused:
        _pay(claim, "3000.01")
    assert "dépasse le solde du fonds (3\u202f000,00\u00a0€)" in refused.value.message_dict["paid_amount"][0]
    assert _pay(claim, "3000").status == "versee"  # the whole balance, and no more: the claim is closed
    assert queries.fund_balance(claim.fund, timezone.localdate()) == D("0.00")


def test_a_contribution_received_after_today_is_refused():
    contributor = FundContributorFactory()
    contribution = FundContribution(
        fund=contributor.fund, contributor=contributor, kind="cotisation", year=2026, amount=D("100"),
        received_on=TOMORROW,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.record_contribution(contribution=contribution, acting_user=UserFactory())
    assert refused.value.message_dict == {
        "received_on": ["La date de réception ne peut pas être dans le futur."]
    }
    assert not FundContribution.objects.exists()


def _claim(stay, kind, loss, declared_on=date(2026, 3, 1)):
    fund = SecurityFundFactory()
    return FundClaim(
        fund=fund, operator=stay.organisation, stay=stay, kind=kind, loss_amount=D(loss), amount_claimed=D(loss),
        declared_on=declared_on,
    )  # fmt: skip


@pytest.fixture
def lease():
    """An ended lease whose household owes 600 € of rent (one call unpaid)."""
    lease = LeaseFactory(
        stay=StayFactory(exited=True, entry_date=date(2023, 1, 1), exit_date=date(2026, 1, 31))
    )
    LedgerEntryFactory(lease=lease, amount=D("600.00"), booked_on=date(2026, 1, 1))
    return lease


def test_an_unpaid_rent_claim_is_bounded_by_the_households_own_debt(lease):
    with pytest.raises(ValidationError) as refused:
        services.declare_fund_claim(claim=_claim(lease.stay, "impayes", "600.01"), acting_user=UserFactory())
    message = refused.value.message_dict["loss_amount"][0]
    assert "au 01/03/2026" in message and "impayé de loyer du ménage 600,00\u00a0€" in message
    assert services.declare_fund_claim(
        claim=_claim(lease.stay, "impayes", "600"), acting_user=UserFactory()
    ).pk


def test_a_claim_on_a_household_owing_nothing_is_refused():
    lease = LeaseFactory(
        stay=StayFactory(exited=True, entry_date=date(2023, 1, 1), exit_date=date(2026, 1, 31))
    )
    with pytest.raises(ValidationError):
        services.declare_fund_claim(claim=_claim(lease.stay, "impayes", "1196.04"), acting_user=UserFactory())


def test_a_damage_claim_is_bounded_by_the_damage_charged_and_a_multiple_one_by_both(lease):
    DamageClaimFactory(stay=lease.stay, amount=D("450"), charged_amount=D("400"), charged_on=date(2026, 2, 1))
    with pytest.raises(ValidationError):
        services.declare_fund_claim(
            claim=_claim(lease.stay, "degradations", "400.01"), acting_user=UserFactory()
        )
    with pytest.raises(ValidationError):  # charged after the claim's date: not counted
        services.declare_fund_claim(
            claim=_claim(lease.stay, "degradations", "400", declared_on=date(2026, 1, 31)),
            acting_user=UserFactory(),
        )
    assert services.declare_fund_claim(
        claim=_claim(lease.stay, "degradations", "400"), acting_user=UserFactory()
    )
    assert services.declare_fund_claim(
        claim=_claim(lease.stay, "multiple", "1000"), acting_user=UserFactory()
    )
    with pytest.raises(ValidationError):
        services.declare_fund_claim(
            claim=_claim(lease.stay, "multiple", "1000.01"), acting_user=UserFactory()
        )


def test_a_claim_without_a_lease_or_for_vacancy_is_not_bounded_by_a_ledger(lease):
    stay = StayFactory(exited=True)
    assert services.declare_fund_claim(claim=_claim(stay, "impayes", "5000"), acting_user=UserFactory()).pk
    assert services.declare_fund_claim(
        claim=_claim(lease.stay, "vacance", "5000"), acting_user=UserFactory()
    ).pk


def test_the_projection_counts_a_contribution_in_the_year_it_was_received():
    fund = SecurityFundFactory()
    dues = FundContributorFactory(fund=fund)
    FundContributionFactory(contributor=dues, year=2025, received_on=date(2026, 1, 15), amount=D("900"))
    observed_2026 = queries.observed_inputs(fund, date(2026, 6, 1))  # last complete year: 2025
    observed_2027 = queries.observed_inputs(fund, date(2027, 6, 1))  # last complete year: 2026
    assert (observed_2026.operators, observed_2026.dues_per_operator) == (0, D("0.00"))
    assert (observed_2027.operators, observed_2027.dues_per_operator) == (1, D("900.00"))
    assert [(item.year, item.contributions_total) for item in queries.fund_years(fund)] == [
        (2026, D("900.00"))
    ]


def test_the_stays_a_claim_may_concern(lease):
    operator = lease.organisation
    today = date(2026, 3, 1)
    ended = StayFactory(
        household__organisation=operator, exited=True, entry_date=date(2024, 1, 1), exit_date=date(2025, 5, 1)
    )
    long_ago = StayFactory(
        household__organisation=operator, exited=True, entry_date=date(2018, 1, 1), exit_date=date(2020, 5, 1)
    )
    housed = StayFactory(household__organisation=operator)
    damaged = StayFactory(
        household__organisation=operator, exited=True, entry_date=date(2018, 1, 1), exit_date=date(2019, 5, 1)
    )
    DamageClaimFactory(stay=damaged)
    in_debt = LeaseFactory(stay=StayFactory(household__organisation=operator, entry_date=date(2025, 1, 1)))
    LedgerEntryFactory(lease=in_debt, amount=D("100"), booked_on=date(2026, 2, 1))
    StayFactory(
        household__organisation=OrganisationFactory(),
        exited=True,
        entry_date=date(2024, 1, 1),
        exit_date=date(2025, 6, 1),
    )
    candidates = list(queries.claim_candidate_stays(operator.pk, today))
    assert candidates == [lease.stay, ended, damaged, in_debt.stay]
    assert long_ago not in candidates and housed not in candidates
