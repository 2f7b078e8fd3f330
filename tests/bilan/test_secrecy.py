"""Statistical secrecy (clef.bilan.secrecy): when it applies, and that it masks only what counts households
or persons (issue 7 §6: every operator row used to read « secret » for its structure count)."""

from datetime import date

import pytest
from django.urls import reverse

from clef.bilan import secrecy
from clef.bilan.breakdowns import table_by
from clef.bilan.cache import get_bilan
from clef.bilan.indicators import compute_detailed
from clef.bilan.perimeter import Perimeter
from clef.bilan.secrecy import SECRET, Output, applies, mask_indicators
from clef.organisations.models import Role
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory

REGION, RHONE, ONE = Perimeter("region", "84"), Perimeter("departement", "69"), Perimeter("structure", "1")


@pytest.mark.parametrize(
    ("operator", "perimeter", "output", "masked"),
    [
        (True, ONE, Output.PAGE, False),  # an operator's own figures
        (True, ONE, Output.DOWNLOAD, False),
        (True, ONE, Output.PDF, False),
        (True, ONE, Output.OPEN_DATA, True),  # open data is published: always masked
        (False, REGION, Output.PAGE, False),  # a coordinator's territory on screen
        (False, RHONE, Output.DOWNLOAD, False),
        (False, REGION, Output.PDF, True),  # the report it publishes
        (False, REGION, Output.OPEN_DATA, True),
        (False, ONE, Output.PAGE, True),  # one structure seen by a coordinator
        (False, ONE, Output.DOWNLOAD, True),
    ],
)
def test_secrecy_applies_to_what_leaves_an_operator(operator, perimeter, output, masked):
    assert applies(operator=operator, perimeter=perimeter, output=output) is masked


@pytest.fixture
def small_operator(db):
    """One operator: 1 structure, 2 dwellings (5 places), 3 households present, 1 exit in 2024."""
    org = OrganisationFactory(name="Petite structure", head_office_department_id="69")
    DwellingFactory(organisation=org, places=3)
    for _ in range(2):
        StayFactory(household__organisation=org, entry_date=date(2023, 1, 1))
    StayFactory(
        household__organisation=org, exited=True, entry_date=date(2023, 1, 1), exit_date=date(2024, 5, 1)
    )
    return org


def test_structure_dwelling_and_place_counts_are_never_secret_in_the_operator_table(small_operator):
    (row,) = table_by(2024, REGION, "structure", secrecy=True)
    assert (row["structures"], row["dwellings"], row["places"]) == (1, 4, 9)
    assert (row["households"], row["exits"], row["perenne_pct"]) == (SECRET, SECRET, SECRET)
    assert get_bilan(2024, REGION, diffusion=False)["operator_table"] == [row]


def test_published_figures_mask_households_not_dwellings(small_operator):
    values, wholes = compute_detailed(2024, REGION)
    masked = mask_indicators(values, wholes)
    assert {k: masked[k] for k in ("structures.actives", "parc.logements", "parc.places")} == {
        "structures.actives": 1,
        "parc.logements": 4,
        "parc.places": 9,
    }
    assert masked["parc.prive_pct"] == 100.0 and masked["logements_entres.nombre"] == 0
    assert masked["menages.presents"] == masked["menages.sortis"] == SECRET
    assert masked["menages.presents.dalo_pct"] == masked["sorties.logement_perenne_pct"] == SECRET
    assert all(masked[k] == SECRET for k in masked if secrecy.counts_households(k))
    assert masked["orientation.mises_a_disposition"] == 0  # dwellings made available: never secret


def test_households_and_exits_from_five_and_shares_from_eleven_are_shown(db):
    org = OrganisationFactory(head_office_department_id="69")
    for _ in range(11):
        StayFactory(
            household__organisation=org, exited=True, entry_date=date(2023, 1, 1), exit_date=date(2024, 5, 1)
        )
    (row,) = table_by(2024, REGION, "structure", secrecy=True)
    assert (row["households"], row["exits"]) == (11, 11) and row["perenne_pct"] is not SECRET
    masked = mask_indicators(*compute_detailed(2024, REGION))
    assert masked["menages.sortis"] == 11 and masked["sorties.sinistre.aucun_pct"] == 100.0


def test_the_coordinators_page_shows_each_operators_structure_dwelling_and_place_counts(
    client, small_operator
):
    membership = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    client.force_login(membership.user)
    response = client.get(reverse("www:bilan"), {"annee": 2024})
    (row,) = response.context["operator_table"]
    assert (row["structures"], row["dwellings"], row["places"], row["households"]) == (1, 4, 9, SECRET)
