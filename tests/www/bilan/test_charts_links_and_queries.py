"""The bilan page (issue 7 §6 and §7): charts drawn in the browser by the State's chart components, each
with its data table; no server-drawn SVG; changes in a neutral colour; the tables by department and by
structure link to their own bilan where the viewer may open it; the perimeter selector is filled; a
constant number of queries, fewer once the bilan is cached."""

import json
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse

from clef.organisations.models import Role
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory

# The bilan page of a region: computed (cold cache), then read from the cache (session, user, membership,
# scope, data version (clef.bilan.cache), departments, structures, region name, organisation menu).
COLD = 146  # 76 before the pathway sections of issue 8; the orientation delays in one aggregate (101 before);
# the captation section of issue 9: five aggregates for each of the two years (97 before); the four sections
# of issue 10 (losses, arrears, fund, funding) for the two years (107 before); the data version probes the
# region's security fund (its claims: one query; 143 before); the arrears declared at 31/12 in the exchange
# format (issue 10: one aggregate for each of the two years; 144 before)
WARM = 14  # the data version probes the SIAO's proposals (issue 8) and the region's fund claims (issue 10)
OPERATOR_WARM = 10


@pytest.fixture
def region(db):
    """AURA: a structure in the Rhône with 12 exits in 2024 and one more dwelling than in 2023, one in
    the Isère, one with no head office; a structure in Paris (another region)."""
    big = OrganisationFactory(name="Grande structure", head_office_department_id="69")
    small = OrganisationFactory(name="Petite structure", head_office_department_id="38")
    nowhere = OrganisationFactory(name="Structure sans siège", head_office_department_id=None)
    for _ in range(12):
        StayFactory(
            household__organisation=big,
            entry_date=date(2023, 1, 1),
            exit_date=date(2024, 5, 1),
            destination="parc_social",
        )
    DwellingFactory(organisation=big, entry_date=date(2024, 3, 1))
    StayFactory(household__organisation=small, entry_date=date(2023, 3, 1))
    DwellingFactory(organisation=nowhere)
    DwellingFactory(
        organisation=OrganisationFactory(name="Structure francilienne", head_office_department_id="75")
    )
    return {"big": big, "small": small, "nowhere": nowhere}


def login(client, organisation, role=Role.STATE_COORDINATOR):
    membership = MembershipFactory(organisation=organisation, role=role)
    client.force_login(membership.user)
    return membership


@pytest.mark.django_db
def test_charts_are_state_chart_components_with_their_data_table(client, region):
    login(client, OrganisationFactory(state=True, region_id="84"))
    html = client.get(reverse("www:bilan"), {"annee": 2024}).content.decode()
    assert "<svg" not in html  # no server-drawn chart on the page any more (axe svg-img-alt)
    assert html.count("<bar-chart ") >= 4 and "<pie-chart " in html
    assert "dsfr-chart/DSFRChart.js" in html and "dsfr-chart/DSFRChart.css" in html
    # Every chart has its data table, in an accordion, under the chart's title.
    figures = re.findall(r'<figure class="clef-chart.*?</figure>', html, re.S)
    assert figures and all('class="fr-accordion"' in f and "<table>" in f for f in figures)
    destinations = next(f for f in figures if "Destinations à la sortie" in f)
    row = '<th scope="row">Accès au parc social (public)</th><td class="clef-num">100,0\u00a0%</td>'
    assert row in destinations


@pytest.mark.django_db
def test_structure_series_of_one_operator_is_drawn_on_a_sane_axis(client, region):
    login(client, region["big"], Role.DIRECTOR)
    html = client.get(reverse("www:bilan"), {"annee": 2024}).content.decode()
    figure = re.search(r'data-testid="graphique-structures".*?</figure>', html, re.S).group(0)
    element = re.search(r"<bar-chart [^>]*>", figure).group(0)
    assert 'y-min="0"' in element and 'y-max="10"' in element
    y = json.loads(re.search(r'y="([^"]*)"', element).group(1).replace("&quot;", '"'))
    assert y == [[1, 1, 1, 1, 1]]  # one structure each year, 2020 to 2024


@pytest.mark.django_db
def test_changes_are_shown_in_a_neutral_colour(client, region):
    login(client, region["big"], Role.DIRECTOR)
    html = client.get(reverse("www:bilan"), {"annee": 2024}).content.decode()
    assert "clef-hausse" not in html and "clef-baisse" not in html
    assert '<span class="clef-evolution"><span aria-hidden="true">↑</span> +' in html
    assert "(hausse)" in html  # the direction is still said to screen readers


@pytest.mark.django_db
def test_department_and_structure_rows_link_to_their_bilan(client, region):
    login(client, OrganisationFactory(state=True, region_id="84"))
    response = client.get(reverse("www:bilan"), {"annee": 2024})
    html = response.content.decode()
    departments = {row["name"]: row.get("href") for row in response.context["department_table"]}
    assert departments["69 – Rhône"] == "/bilan/?annee=2024&perimetre=departement%3A69"
    operators = {row["name"]: row.get("href") for row in response.context["operator_table"]}
    assert operators["Grande structure"] == f"/bilan/?annee=2024&perimetre=structure%3A{region['big'].pk}"
    assert '<a href="/bilan/?annee=2024&amp;perimetre=departement%3A38">38 – Isère</a>' in html
    assert client.get(departments["69 – Rhône"]).status_code == 200
    assert client.get(operators["Grande structure"]).status_code == 200


@pytest.mark.django_db
def test_rows_without_a_perimeter_to_open_have_no_link(client, region):
    login(client, OrganisationFactory(state=True, region_id=None), Role.PLATFORM_ADMIN)
    response = client.get(reverse("www:bilan"), {"annee": 2024})
    departments = {row["name"]: row.get("href") for row in response.context["department_table"]}
    assert departments["75 – Paris"] == "/bilan/?annee=2024&perimetre=departement%3A75"
    assert departments["Non renseigné"] is None  # no head office department: no bilan to open


@pytest.mark.django_db
def test_a_ddets_structure_table_links_only_to_its_department(client, region):
    login(client, OrganisationFactory(ddets=True, head_office_department_id="38"))
    response = client.get(reverse("www:bilan"), {"annee": 2024})
    assert response.context["department_table"] is None
    operators = {row["name"]: row.get("href") for row in response.context["operator_table"]}
    assert set(operators) == {"Petite structure"}
    assert operators["Petite structure"].endswith(f"structure%3A{region['small'].pk}")
    assert client.get(reverse("www:bilan"), {"perimetre": f"structure:{region['big'].pk}"}).status_code == 404


@pytest.mark.django_db
def test_coordinator_perimeter_selector_lists_departments_and_structures(client, region):
    login(client, OrganisationFactory(state=True, region_id="84"))
    html = client.get(reverse("www:bilan"), {"annee": 2024, "perimetre": "departement:69"}).content.decode()
    assert '<option value="departement:69" selected>Département 69 – Rhône</option>' in html
    assert f'<option value="structure:{region["small"].pk}" >Petite structure</option>' in html
    assert "Bilan 2024 — Rhône (69)" in html  # the perimeter's French name


@pytest.mark.django_db
def test_french_numbers_in_tables(client, region):
    login(client, region["big"], Role.DIRECTOR)
    html = client.get(reverse("www:bilan"), {"annee": 2024}).content.decode()
    assert "100,0\u00a0%" in html and "100.0" not in re.sub(r'(x|y|name)="[^"]*"', "", html)


@pytest.mark.django_db
def test_query_counts_of_the_bilan_page(client, region, django_assert_num_queries):
    login(client, OrganisationFactory(state=True, region_id="84"))
    url = reverse("www:bilan")
    client.get(url, {"annee": 2024})  # the session and the organisation settle
    cache.clear()
    with django_assert_num_queries(COLD):
        assert client.get(url, {"annee": 2024}).status_code == 200
    with django_assert_num_queries(WARM):
        assert client.get(url, {"annee": 2024}).status_code == 200


@pytest.mark.django_db
def test_query_counts_of_an_operator_bilan_page(client, region, django_assert_num_queries):
    login(client, region["big"], Role.DIRECTOR)
    url = reverse("www:bilan")
    client.get(url, {"annee": 2024})
    # Warm: session, user, membership, head office (scope), data version, organisation menu.
    with django_assert_num_queries(OPERATOR_WARM):
        assert client.get(url, {"annee": 2024}).status_code == 200
