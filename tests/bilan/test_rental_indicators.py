"""The bilan's rental sections (issue 10) on hand-computed fixtures: arrears at 31/12 by age and mode,
the region's security fund, the funding per person-day; documented, new, combined over operators."""

from datetime import date
from decimal import Decimal

import pytest

from clef.bilan.indicators import combine, compute, compute_detailed, compute_parts, is_v1_key
from clef.bilan.perimeter import Perimeter
from clef.bilan.report import documented_keys
from clef.bilan.secrecy import SECRET, mask_indicators
from clef.guarantees.enums import ContributorKind
from tests.factories.funding import SubsidyFactory
from tests.factories.guarantees import (
    FundClaimFactory,
    FundContributionFactory,
    FundContributorFactory,
    SecurityFundFactory,
)
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory
from tests.factories.stays import StayFactory

RHONE = Perimeter("departement", "69")
PREFIXES = ("impayes.", "fonds.", "financement.")


def _owing(operator, amount, **lease):
    stay = StayFactory(household=HouseholdFactory(organisation=operator))
    lease = LeaseFactory(stay=stay, **lease)
    LedgerEntryFactory(
        lease=lease, amount=Decimal(amount), booked_on=date(2025, 1, 1), period=date(2025, 1, 1)
    )
    return lease


@pytest.fixture
def rhone(db):
    a, b = OrganisationFactory(name="A"), OrganisationFactory(name="B")
    isere = OrganisationFactory(name="C", head_office_department_id="38")
    _owing(a, "600.00")  # 600 / 650 a month: under a month
    _owing(a, "1400.00")  # 2.2 months: 2 to 3 months
    _owing(b, "700.00", mandate=True)  # 1.1 months, mandate
    _owing(isere, "5000.00")  # another department
    fund = SecurityFundFactory(region_id="84")
    state = FundContributorFactory(fund=fund, kind=ContributorKind.ETAT, organisation=None, name="DREETS")
    FundContributionFactory(contributor=state, amount=Decimal("10000.00"), received_on=date(2025, 2, 1))
    FundContributionFactory(contributor=FundContributorFactory(fund=fund, organisation=a))
    FundContributionFactory(contributor=state, amount=Decimal("999.00"), received_on=date(2026, 2, 1))
    FundClaimFactory(fund=fund, operator=a, paid=True)
    FundClaimFactory(fund=fund, operator=b, refused=True)
    SubsidyFactory(organisation=a, year=2025)  # 100 000 €
    SubsidyFactory(
        organisation=b, year=2025, captation_amount=0, gla_amount=Decimal("1000"), support_amount=0
    )
    return a, b


def _rental(values: dict) -> dict:
    return {key: value for key, value in values.items() if key.startswith(PREFIXES)}


def test_arrears_at_31_december(rhone):
    v = compute(2025, RHONE)
    assert v["impayes.menages"] == 3
    assert v["impayes.montant_euros"] == 2700.0
    assert v["impayes.anciennete.moins_1_mois_pct"] == 33.3
    assert v["impayes.anciennete.1_2_mois_pct"] == 33.3
    assert v["impayes.anciennete.2_3_mois_pct"] == 33.3
    assert v["impayes.anciennete.3_mois_et_plus_pct"] == 0.0
    assert (
        v["impayes.par_mode.sous_location.menages"],
        v["impayes.par_mode.sous_location.montant_euros"],
    ) == (
        2,
        2000.0,
    )
    assert v["impayes.par_mode.mandat_gestion.montant_euros"] == 700.0


def test_the_fund_of_the_region(rhone):
    v = compute(2025, RHONE)
    assert v["fonds.fonds"] == 1
    assert v["fonds.contributions_euros"] == 11500.0
    assert v["fonds.contributions.etat_euros"] == 10000.0
    assert v["fonds.contributions.operateur_euros"] == 1500.0
    assert (v["fonds.demandes_deposees"], v["fonds.montant_demande_euros"]) == (2, 12000.0)
    assert (v["fonds.demandes_acceptees"], v["fonds.montant_accorde_euros"]) == (1, 5000.0)
    assert v["fonds.demandes_refusees"] == 1
    assert (v["fonds.versements"], v["fonds.montant_verse_euros"]) == (1, 5000.0)
    assert v["fonds.solde_31_12_euros"] == 6500.0
    assert compute(2025, Perimeter("structure", str(rhone[0].pk)))["fonds.solde_31_12_euros"] is None


def test_funding_per_day(rhone):
    v = compute(2025, RHONE)
    # A: 2 households of one person all year (730 days); B: one (365 days).
    assert (v["financement.journees_menages"], v["financement.journees_personnes"]) == (1095, 1095)
    assert v["financement.subvention_euros"] == 101000.0
    assert v["financement.gla_euros"] == 51000.0
    assert v["financement.cout_personne_jour_euros"] == 92.24  # 101 000 / 1 095
    assert v["financement.cout_reference_personne_jour_euros"] == 6.0


def test_the_keys_are_documented_new_and_33(rhone):
    keys = set(_rental(compute(2025, RHONE)))
    assert len(keys) == 33  # arrears 10, fund 14, funding 9
    assert keys <= documented_keys()
    assert not any(is_v1_key(key) for key in keys)


def test_operators_combine_into_the_department(rhone):
    parts = [compute_parts(2025, Perimeter("structure", str(o.pk))) for o in rhone]
    combined, live = _rental(combine(parts)), _rental(compute(2025, RHONE))
    fund = {key for key in live if key.startswith("fonds.")}
    assert all(combined[key] is None for key in fund)  # a region's figures: not rebuilt from operators
    assert {k: v for k, v in combined.items() if k not in fund} == {
        k: v for k, v in live.items() if k not in fund
    }


def test_arrears_are_secret_when_published_the_fund_and_funding_never(rhone):
    values, wholes = compute_detailed(2025, RHONE)
    masked = mask_indicators(values, wholes)
    assert masked["impayes.menages"] == SECRET
    assert masked["impayes.montant_euros"] == SECRET
    assert masked["fonds.solde_31_12_euros"] == 6500.0
    assert masked["financement.cout_personne_jour_euros"] == 92.24
