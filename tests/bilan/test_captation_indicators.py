"""The bilan's captation section (issue 9): every key of a hand-computed fixture, department of the Rhône,
2026; the keys are documented, combine over operators, and are never secret."""

from datetime import date, timedelta

import pytest

from clef.bilan.indicators import combine, compute, compute_parts, is_v1_key
from clef.bilan.perimeter import Perimeter
from clef.bilan.report import documented_keys
from clef.bilan.secrecy import mask_indicators
from clef.dwellings.enums import ManagementMode, Parc
from clef.guichet.enums import Status
from clef.needs.queries import targets_progress
from clef.organisations.perms import Oversight
from tests.factories.captation import LeadFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.needs import CaptationTargetFactory
from tests.factories.organisations import OrganisationFactory
from tests.needs.territory_data import convention, owner_request

RHONE = Perimeter("departement", "69")
MANDAT, SOUS_LOCATION, GLISSANT = (
    ManagementMode.MANDAT_GESTION,
    ManagementMode.SOUS_LOCATION,
    ManagementMode.BAIL_GLISSANT,
)


def _confided(platform, operator, assigned_on, acknowledged_on=None):
    status = Status.PRISE_EN_CHARGE if acknowledged_on else Status.CONFIEE
    owner_request(
        platform,
        received=assigned_on,
        status=status,
        assigned_operator=operator,
        assigned_on=assigned_on,
        acknowledge_by=assigned_on + timedelta(days=5),
        acknowledged_on=acknowledged_on,
    )


@pytest.fixture
def rhone(db):
    a, b = OrganisationFactory(name="A"), OrganisationFactory(name="B")
    isere = OrganisationFactory(name="C", head_office_department_id="38")
    CaptationTargetFactory(organisation=a, year=2026, new_dwellings=4)
    CaptationTargetFactory(organisation=isere, year=2026, new_dwellings=9)
    new = {"entry_date": date(2026, 3, 1)}
    mandat = DwellingFactory(organisation=a, management_mode=MANDAT, **new)
    DwellingFactory(organisation=a, management_mode=MANDAT, **new)
    DwellingFactory(organisation=a, management_mode=SOUS_LOCATION, parc=Parc.PUBLIC, **new)
    DwellingFactory(organisation=a, management_mode=GLISSANT, **new)
    DwellingFactory(organisation=b, **new)
    DwellingFactory(organisation=b, entry_date=date(2025, 6, 1))  # not new in 2026
    DwellingFactory(organisation=isere, management_mode=MANDAT, **new)
    platform = OrganisationFactory(kind="captation_platform", head_office_department_id="73")
    _confided(platform, a, date(2026, 2, 2), date(2026, 2, 5))  # 3 days
    _confided(platform, b, date(2026, 3, 1), date(2026, 3, 8))  # 7 days
    _confided(platform, a, date(2026, 12, 20))  # not yet acknowledged
    _confided(platform, a, date(2025, 12, 30), date(2026, 1, 3))  # confided in 2025: only its delay, 4 days
    _confided(platform, isere, date(2026, 2, 2), date(2026, 2, 3))
    LeadFactory(signed=True, signed_on=date(2026, 5, 1), landlord__organisation=platform, managing_operator=a)
    LeadFactory(signed=True, signed_on=date(2025, 5, 1), managing_operator=a, landlord__organisation=a)
    LeadFactory(
        signed=True, signed_on=date(2026, 5, 1), managing_operator=isere, landlord__organisation=isere
    )
    convention(mandat)  # signed 2026, without works
    convention(
        DwellingFactory(organisation=a),
        works="avec_travaux",
        starts_on=date(2026, 5, 1),
        ends_on=date(2035, 5, 1),
    )
    ending = {"signed_on": date(2021, 2, 1), "starts_on": date(2021, 3, 1), "ends_on": date(2027, 3, 1)}
    convention(DwellingFactory(organisation=b), **ending)  # in force at D, ends within the year after
    convention(
        DwellingFactory(organisation=b),
        signed_on=date(2020, 1, 10),
        starts_on=date(2020, 2, 1),
        ends_on=date(2026, 2, 1),
    )
    convention(DwellingFactory(organisation=b), signed_on=None)  # requested, not signed
    convention(DwellingFactory(organisation=isere))
    return a, b, isere


def _captation(values: dict) -> dict:
    return {key: value for key, value in values.items() if key.startswith("captation.")}


def test_each_captation_figure_of_the_rhone(rhone):
    assert _captation(compute(2026, RHONE)) == {
        "captation.nouveaux_logements": 5,
        "captation.nouveaux.mandat_gestion_pct": 40.0,
        "captation.nouveaux.sous_location_pct": 60.0,
        "captation.nouveaux.prive_pct": 80.0,
        "captation.objectif.mandat_gestion_pct": 50.0,
        "captation.objectif.structures": 1,
        "captation.objectif.logements": 4,
        "captation.objectif.realisation_pct": 100.0,
        "captation.demandes_confiees": 3,
        "captation.demandes.prises_en_charge_pct": 66.7,
        "captation.demandes.delai_moyen_prise_en_charge_jours": 4.7,  # (3 + 7 + 4) / 3
        "captation.engagements_signes": 1,
        "captation.conventions_signees": 2,
        "captation.conventions.sans_travaux_pct": 50.0,
        "captation.conventions.avec_travaux_pct": 50.0,
        "captation.conventions_fin_dans_un_an": 1,
    }


def test_the_target_share_follows_the_setting(rhone, settings):
    settings.CLEF_CAPTATION_TARGETS = {"mandate_share_percent": 60, "private_share_percent": 100}
    assert compute(2026, RHONE)["captation.objectif.mandat_gestion_pct"] == 60.0


def test_a_perimeter_without_captation_data(db):
    values = _captation(compute(2026, Perimeter("departement", "01")))
    assert values["captation.nouveaux_logements"] == 0 and values["captation.demandes_confiees"] == 0
    assert values["captation.nouveaux.mandat_gestion_pct"] is None
    assert values["captation.demandes.delai_moyen_prise_en_charge_jours"] is None


def test_operators_combine_into_the_department(rhone):
    a, b, _ = rhone
    parts = [compute_parts(2026, Perimeter("structure", str(o.pk))) for o in (a, b)]
    assert _captation(combine(parts)) == _captation(compute(2026, RHONE))


def test_the_keys_are_documented_new_and_never_secret(rhone):
    values, wholes = compute(2026, RHONE), {}
    keys = set(_captation(values))
    assert keys <= documented_keys()
    assert not any(is_v1_key(key) for key in keys)
    assert _captation(mask_indicators(values, wholes)) == _captation(values)


def test_the_bilan_page_shows_the_section_and_its_chart(client, rhone):
    from tests.factories.organisations import MembershipFactory

    director = MembershipFactory(organisation=rhone[0], role="director")
    client.force_login(director.user)
    content = client.get("/bilan/", {"annee": 2026}).content.decode()
    assert "Nouvelles captations par mode de gestion, face à l&#x27;objectif" in content
    assert 'data-testid="captation-source"' in content


def test_the_section_agrees_with_the_targets_page_for_the_current_year(rhone):
    """The same fixture read by the bilan and by « Objectifs de captation » (the Rhône's DDETS), on
    27/11/2026: same new dwellings, shares, targets and achievement (B has no target: its new dwelling
    counts among the new ones, not in the achievement)."""
    DwellingFactory(organisation=rhone[0], management_mode=MANDAT, entry_date=date(2026, 12, 1))
    values = compute(2026, RHONE)
    whole = targets_progress(Oversight("departement", "69"), 2026, today=date(2026, 11, 27))
    with_target = sum(1 for d in whole.operators for o in d.operators if o.target)
    assert (
        values["captation.nouveaux_logements"],
        values["captation.nouveaux.mandat_gestion_pct"],
        values["captation.nouveaux.sous_location_pct"],
        values["captation.nouveaux.prive_pct"],
        values["captation.objectif.structures"],
        values["captation.objectif.logements"],
        values["captation.objectif.realisation_pct"],
    ) == (
        whole.new,
        whole.mandat_pct,
        whole.sous_location_pct,
        whole.prive_pct,
        with_target,
        whole.target_new,
        whole.achievement_pct,
    )
    assert whole.achievement_pct == 125.0  # A: 5 new dwellings for a target of 4
