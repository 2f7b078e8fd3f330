"""The aggregates home page shows what the member oversees: a DDETS its department, a DREETS its region
(`clef.organisations.perms.oversight`, the rule of the bilan), never more."""

import pytest
from django.urls import reverse

from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import OrganisationFactory


@pytest.fixture
def region(db):
    """Operators of the Rhône (69: 3 dwellings, 7 places), the Isère (38: 2 dwellings, 3 places) and
    Paris (75, another region: 5 dwellings)."""
    rhone = OrganisationFactory(head_office_department_id="69")
    isere = OrganisationFactory(head_office_department_id="38")
    paris = OrganisationFactory(head_office_department_id="75")
    for places in (2, 2, 3):
        DwellingFactory(organisation=rhone, places=places)
    DwellingFactory(organisation=isere, places=1, commune_id="38185")
    DwellingFactory(organisation=isere, places=2, commune_id="69383")  # an Isère operator's flat in Lyon
    for _ in range(5):
        DwellingFactory(organisation=paris, commune_id="75056")
    return {"69": rhone, "38": isere, "75": paris}


def home(client):
    response = client.get(reverse("www:home"))
    assert response.status_code == 200
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.STATE_COORDINATOR, Role.READ_ONLY])
def test_a_ddets_home_shows_its_department_only(client, region, role):
    response = home(member_client(client, OrganisationFactory(ddets=True), role))
    page = response.content.decode()
    assert "<h1>Département 69 — Rhône : vue d'ensemble</h1>" in page
    assert "Auvergne-Rhône-Alpes" not in page
    assert response.context["operators_count"] == 1
    assert response.context["totals"] == {"dwellings": 3, "places": 7, "operators": 1}
    assert [row["organisation__head_office_department_id"] for row in response.context["by_department"]] == [
        "69"
    ]


@pytest.mark.django_db
def test_a_dreets_home_shows_its_region(client, region):
    response = home(member_client(client, OrganisationFactory(state=True), Role.STATE_COORDINATOR))
    assert "<h1>Région Auvergne-Rhône-Alpes : vue d'ensemble</h1>" in response.content.decode()
    assert response.context["operators_count"] == 2
    assert response.context["totals"] == {"dwellings": 5, "places": 10, "operators": 2}
    rows = {r["organisation__head_office_department_id"]: r for r in response.context["by_department"]}
    assert set(rows) == {"38", "69"}
    assert (rows["38"]["dwellings"], rows["38"]["places"]) == (2, 3)  # by head office, as in the bilan


@pytest.mark.django_db
def test_a_siao_home_shows_its_region_and_an_organisation_without_territory_shows_nothing(client, region):
    siao = OrganisationFactory(siao=True, region_id="84")
    assert home(member_client(client, siao, Role.SIAO_AGENT)).context["totals"]["dwellings"] == 5
    nowhere = OrganisationFactory(siao=True, region_id=None, head_office_department_id=None)
    response = home(member_client(client, nowhere, Role.SIAO_AGENT))
    assert response.context["territory"] is None and "totals" not in response.context
    assert "Aucun territoire n'est rattaché à votre organisation" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "role", "links", "absent"),
    [
        (
            "captation_platform",
            Role.CAPTATION_OFFICER,
            ["www:guichet_home", "www:territory"],
            ["www:targets"],
        ),
        ("local_authority", Role.READ_ONLY, ["www:territory"], ["www:guichet_home", "www:targets"]),
        ("siao", Role.SIAO_AGENT, ["www:orientation_home"], ["www:guichet_home", "www:territory"]),
    ],
)
def test_a_member_without_a_register_finds_their_own_work_on_the_home_page(client, kind, role, links, absent):
    """The animator of a platform, a local authority, a SIAO agent land on the region's overview: « Votre
    travail » leads to their own pages (user trial: they did not find them)."""
    organisation = OrganisationFactory(kind=kind, head_office_department_id="73", region_id="84")
    page = home(member_client(client, organisation=organisation, role=role)).content.decode()
    assert "Votre travail" in page
    for name in links:
        assert f'href="{reverse(name)}"' in page
    for name in absent:
        assert f'href="{reverse(name)}"' not in page
