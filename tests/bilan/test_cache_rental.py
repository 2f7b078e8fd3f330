"""The cached bilan and the writes of issue 10 made outside the perimeter's operators: the regional security
fund's manager (a network) records contributions, decisions and payouts under its own name, an operator of
another department declares a claim on the region's fund, a subsidy is recorded; a setting read by a figure
changes. Each makes the next bilan show it (the fund's figures are the region's: a department reads them)."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings

from clef.bilan import cache as bilan_cache
from clef.bilan.perimeter import Perimeter
from clef.funding.services import save_subsidy
from clef.guarantees.enums import ContributionKind, FundClaimKind, FundClaimStatus
from clef.guarantees.models import FundClaim, FundContribution
from clef.guarantees.services import (
    decide_fund_claim,
    declare_fund_claim,
    pay_fund_claim,
    record_contribution,
)
from tests.factories.accounts import UserFactory
from tests.factories.guarantees import FundContributorFactory, SecurityFundFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory

RHONE, AURA, PARIS = Perimeter("departement", "69"), Perimeter("region", "84"), Perimeter("departement", "75")


@pytest.fixture
def computed(monkeypatch):
    """The perimeters whose bilan was computed (not read from the cache), in order."""
    calls: list[str] = []
    compute = bilan_cache.compute_bilan

    def counting(year, perimeter, *, diffusion):
        calls.append(perimeter.key)
        return compute(year, perimeter, diffusion=diffusion)

    monkeypatch.setattr(bilan_cache, "compute_bilan", counting)
    return calls


@pytest.fixture
def world(db):
    """An operator in the Rhône, one in the Isère (same region), one in Paris; the region's fund, managed by
    a network, with the State as a contributor; the fund's manager."""
    rhone = OrganisationFactory(head_office_department_id="69")
    isere = OrganisationFactory(head_office_department_id="38")
    paris = OrganisationFactory(head_office_department_id="75")
    for operator in (rhone, isere, paris):
        StayFactory(household__organisation=operator, entry_date=date(2024, 3, 1))
    fund = SecurityFundFactory(region_id="84")
    state = FundContributorFactory(fund=fund, state=True)
    return {
        "rhone": rhone,
        "isere": isere,
        "paris": paris,
        "fund": fund,
        "state": state,
        "user": UserFactory(),
    }


def bilans(*perimeters: Perimeter) -> dict[str, dict]:
    return {p.key: bilan_cache.get_bilan(2025, p, diffusion=False)["values"] for p in perimeters}


def test_a_contribution_recorded_by_the_funds_manager_shows_in_the_next_bilan(world, computed):
    assert bilans(RHONE, AURA)["departement:69"]["fonds.contributions_euros"] == 0.0
    contribution = FundContribution(
        fund=world["fund"],
        contributor=world["state"],
        year=2025,
        amount=Decimal("10000.00"),
        received_on=date(2025, 2, 1),
        kind=ContributionKind.DOTATION,
    )
    record_contribution(contribution=contribution, acting_user=world["user"])
    computed.clear()
    after = bilans(RHONE, AURA, PARIS)
    assert computed == ["departement:69", "region:84", "departement:75"]  # Paris: first computed now
    assert after["departement:69"]["fonds.contributions_euros"] == 10000.0
    assert after["region:84"]["fonds.solde_31_12_euros"] == 10000.0
    computed.clear()
    record_contribution(
        contribution=FundContribution(
            fund=world["fund"],
            contributor=world["state"],
            year=2025,
            amount=Decimal("500.00"),
            received_on=date(2025, 6, 1),
            kind=ContributionKind.DOTATION,
        ),
        acting_user=world["user"],
    )
    after = bilans(RHONE, PARIS)
    assert computed == ["departement:69"]  # another region's bilan is still the cached one
    assert after["departement:69"]["fonds.contributions_euros"] == 10500.0


def test_a_claim_of_another_department_then_its_decision_and_payout_show_in_the_next_bilan(world, computed):
    user = world["user"]
    record_contribution(  # the fund pays out only what it holds
        contribution=FundContribution(
            fund=world["fund"],
            contributor=world["state"],
            year=2025,
            amount=Decimal("20000.00"),
            received_on=date(2025, 1, 15),
            kind=ContributionKind.DOTATION,
        ),
        acting_user=user,
    )
    assert bilans(RHONE)["departement:69"]["fonds.demandes_deposees"] == 0
    claim = FundClaim(
        fund=world["fund"],
        operator=world["isere"],  # journaled under the Isère's operator: not one of the Rhône's
        kind=FundClaimKind.IMPAYES,
        loss_amount=Decimal("8000.00"),
        amount_claimed=Decimal("6000.00"),
        declared_on=date(2025, 4, 1),
    )
    declare_fund_claim(claim=claim, acting_user=user)
    after = bilans(RHONE)["departement:69"]
    assert (after["fonds.demandes_deposees"], after["fonds.montant_demande_euros"]) == (1, 6000.0)
    claim = decide_fund_claim(
        claim=claim,
        expected_version=claim.version,
        status=FundClaimStatus.ACCEPTEE,
        decided_on=date(2025, 5, 1),
        amount_granted=Decimal("5000.00"),
        decision_note="Accordée en commission.",
        acting_user=user,
    )
    after = bilans(RHONE)["departement:69"]
    assert (after["fonds.demandes_acceptees"], after["fonds.montant_accorde_euros"]) == (1, 5000.0)
    pay_fund_claim(
        claim=claim,
        expected_version=claim.version,
        paid_on=date(2025, 6, 1),
        paid_amount=Decimal("5000.00"),
        acting_user=user,
    )
    after = bilans(RHONE)["departement:69"]
    assert (after["fonds.versements"], after["fonds.solde_31_12_euros"]) == (1, 15000.0)
    assert computed == ["departement:69"] * 4


def test_a_subsidy_recorded_shows_in_the_next_bilan(world, computed):
    assert bilans(RHONE)["departement:69"]["financement.subvention_euros"] == 0.0
    subsidy = save_subsidy(
        organisation=world["rhone"],
        year=2025,
        captation_amount=Decimal("30000.00"),
        gla_amount=Decimal("50000.00"),
        support_amount=Decimal("20000.00"),
        acting_user=UserFactory(),
    )
    assert bilans(RHONE)["departement:69"]["financement.subvention_euros"] == 100000.0
    save_subsidy(
        organisation=world["rhone"],
        year=2025,
        captation_amount=Decimal("30000.00"),
        gla_amount=Decimal("60000.00"),
        support_amount=Decimal("20000.00"),
        acting_user=UserFactory(),
        expected_version=subsidy.version,
    )
    assert bilans(RHONE)["departement:69"]["financement.subvention_euros"] == 110000.0
    assert computed == ["departement:69"] * 3


def test_a_setting_read_by_a_figure_changes_the_version(world, computed):
    assert bilans(RHONE)["departement:69"]["financement.cout_reference_personne_jour_euros"] == 6.0
    rental = {**settings.CLEF_RENTAL, "reference_cost_per_person_day": Decimal("7")}
    with override_settings(CLEF_RENTAL=rental):
        assert bilans(RHONE)["departement:69"]["financement.cout_reference_personne_jour_euros"] == 7.0
    assert computed == ["departement:69"] * 2


def test_the_data_version_runs_six_queries_for_a_department_or_a_region_five_for_a_structure(
    world, django_assert_num_queries
):
    # operators and managers with their latest entry, recent entries, exit categories, scheme entries,
    # the SIAO's proposals, the region's fund claims
    for perimeter in (RHONE, AURA):
        with django_assert_num_queries(6):
            bilan_cache.data_version(perimeter)
    for perimeter in (Perimeter("structure", str(world["rhone"].pk)), Perimeter("tout", "")):
        with django_assert_num_queries(5):
            bilan_cache.data_version(perimeter)
