"""The bilan's crossed losses (issue 10): losses by management mode and by resource category on a
hand-computed fixture (Rhône, 2026); the keys are documented, new, combine over operators, masked when
secret."""

from datetime import date

import pytest

from clef.bilan.indicators import combine, compute, compute_parts, is_v1_key
from clef.bilan.perimeter import Perimeter
from clef.bilan.report import documented_keys
from clef.bilan.secrecy import SECRET, mask_indicators
from clef.dwellings.enums import ManagementMode
from clef.households.enums import ResourceSource
from clef.households.models import HouseholdResource
from clef.stays.enums import Destination
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory

RHONE = Perimeter("departement", "69")


def _exit(operator, mode, sources=(), *, unpaid=False, damage=False, on=date(2026, 6, 30)):
    household = HouseholdFactory(organisation=operator)
    for source in sources:
        HouseholdResource.objects.create(household=household, source=source)
    StayFactory(
        household=household,
        dwelling=DwellingFactory(organisation=operator, management_mode=mode),
        exit_date=on,
        destination=Destination.PARC_SOCIAL,
        loss_unpaid_rent=unpaid,
        loss_damage=damage,
    )
    return household


@pytest.fixture
def rhone(db):
    a, b = OrganisationFactory(name="A"), OrganisationFactory(name="B")
    isere = OrganisationFactory(name="C", head_office_department_id="38")
    rsa, salary = [ResourceSource.RSA], [ResourceSource.SALAIRE]
    # Mandat de gestion: 4 exits, 1 unpaid (salary), 1 multiple (RSA), 2 without loss.
    _exit(a, ManagementMode.MANDAT_GESTION, salary, unpaid=True)
    _exit(a, ManagementMode.MANDAT_GESTION, rsa, unpaid=True, damage=True)
    _exit(a, ManagementMode.MANDAT_GESTION, rsa)
    _exit(b, ManagementMode.MANDAT_GESTION, salary)
    # Sous-location: 2 exits, 1 damage only (no resources), 1 without loss (salary).
    _exit(b, ManagementMode.SOUS_LOCATION, (), damage=True)
    _exit(b, ManagementMode.SOUS_LOCATION, salary)
    # Not counted: an exit in 2025, an internal move, an exit in the Isère.
    _exit(a, ManagementMode.BAIL_GLISSANT, rsa, unpaid=True, on=date(2025, 12, 31))
    StayFactory(
        household=HouseholdFactory(organisation=a),
        exit_date=date(2026, 5, 1),
        destination=Destination.MUTATION_INTERNE_IML,
        loss_unpaid_rent=True,
    )
    _exit(isere, ManagementMode.SOUS_LOCATION, rsa, unpaid=True)
    return a, b


def _losses(values: dict) -> dict:
    return {key: value for key, value in values.items() if key.startswith("sinistres.")}


def test_losses_by_mode_and_by_resources(rhone):
    v = compute(2026, RHONE)
    assert v["sinistres.par_mode.mandat_gestion.sorties"] == 4
    assert v["sinistres.par_mode.mandat_gestion.aucun_pct"] == 50.0
    assert v["sinistres.par_mode.mandat_gestion.impaye_seul_pct"] == 25.0
    assert v["sinistres.par_mode.mandat_gestion.multiple_pct"] == 25.0
    assert v["sinistres.par_mode.mandat_gestion.degradation_seule_pct"] == 0.0
    assert v["sinistres.par_mode.mandat_gestion.ressources.salaire_sans_rsa_pct"] == 50.0
    assert v["sinistres.par_mode.mandat_gestion.ressources.rsa_seul_pct"] == 50.0
    assert v["sinistres.par_mode.sous_location.sorties"] == 2
    assert v["sinistres.par_mode.sous_location.degradation_seule_pct"] == 50.0
    assert v["sinistres.par_mode.sous_location.ressources.sans_ressources_pct"] == 100.0
    assert v["sinistres.par_mode.bail_glissant.sorties"] == 0
    assert v["sinistres.par_mode.bail_glissant.aucun_pct"] is None
    assert v["sinistres.par_mode.bail_glissant.ressources.rsa_seul_pct"] is None
    # 3 households with a loss: salary, RSA, none.
    assert v["sinistres.menages_avec_sinistre"] == 3
    assert v["sinistres.par_ressource.salaire_sans_rsa_pct"] == 33.3
    assert v["sinistres.par_ressource.rsa_seul_pct"] == 33.3
    assert v["sinistres.par_ressource.sans_ressources_pct"] == 33.3
    assert v["sinistres.par_ressource.aah_pct"] == 0.0
    # Loss rate by category: salary 1 of 3, RSA 1 of 2, none 1 of 1, AAH no exit.
    assert v["sinistres.par_ressource.salaire_sans_rsa.sinistre_pct"] == 33.3
    assert v["sinistres.par_ressource.rsa_seul.sinistre_pct"] == 50.0
    assert v["sinistres.par_ressource.sans_ressources.sinistre_pct"] == 100.0
    assert v["sinistres.par_ressource.aah.sinistre_pct"] is None
    # The crosses agree with the v1 losses: 6 exits, 3 with a loss.
    assert v["sorties.sinistre.aucun_pct"] == 50.0


def test_the_keys_are_documented_new_and_51(rhone):
    keys = set(_losses(compute(2026, RHONE)))
    assert len(keys) == 51  # 1 + 7 + 7 by resources, 3 × (1 + 4 + 7) by mode
    assert keys <= documented_keys()
    assert not any(is_v1_key(key) for key in keys)


def test_operators_combine_into_the_department(rhone):
    parts = [compute_parts(2026, Perimeter("structure", str(o.pk))) for o in rhone]
    assert _losses(combine(parts)) == _losses(compute(2026, RHONE))


def test_small_figures_are_secret_when_published(rhone):
    from clef.bilan.indicators import compute_detailed

    values, wholes = compute_detailed(2026, RHONE)
    masked = mask_indicators(values, wholes)
    assert masked["sinistres.menages_avec_sinistre"] == SECRET  # 3 < 5
    assert masked["sinistres.par_mode.mandat_gestion.sorties"] == SECRET
    assert masked["sinistres.par_mode.mandat_gestion.aucun_pct"] == SECRET  # on 4 exits


def test_the_bilan_page_shows_the_section_and_its_charts(client, rhone):
    from django.urls import reverse

    from tests.factories.organisations import MembershipFactory

    membership = MembershipFactory(organisation=rhone[0])
    client.force_login(membership.user)
    text = client.get(reverse("www:bilan") + "?annee=2026").content.decode()
    assert "Sinistres à la sortie par mode de gestion" in text
    assert "Mandat de gestion : impayé seul" in text
    assert "Ménages sortis avec un sinistre : RSA seul" in text
