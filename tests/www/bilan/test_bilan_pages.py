from datetime import date

import pytest
from django.urls import reverse

from clef.organisations.models import Role
from clef.referential.models import ExitScheme
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory


@pytest.fixture
def region(db):
    """Two operators in AURA (one with a single exit to the social park in 2024), one in Île-de-France."""
    big = OrganisationFactory(name="Grande structure", head_office_department_id="69")
    small = OrganisationFactory(name="Petite structure", head_office_department_id="38")
    for _ in range(12):
        StayFactory(
            household__organisation=big, entry_date=date(2023, 1, 1), exited=True, exit_date=date(2024, 5, 1)
        )
    StayFactory(
        household__organisation=small, entry_date=date(2023, 3, 1), exited=True, exit_date=date(2024, 6, 1)
    )
    DwellingFactory(
        organisation=OrganisationFactory(name="Structure francilienne", head_office_department_id="75")
    )
    return {"big": big, "small": small}


def login(client, organisation, role):
    membership = MembershipFactory(organisation=organisation, role=role)
    client.force_login(membership.user)
    return membership


@pytest.mark.django_db
def test_operator_sees_its_own_figures_unmasked_with_drilldown(client, region):
    login(client, region["small"], Role.READ_ONLY)
    response = client.get(reverse("www:bilan"), {"annee": 2024})
    assert response.status_code == 200
    assert response.context["values"]["menages.sortis"] == 1  # below 5, yet shown to the operator itself
    html = response.content.decode()
    assert "Bilan 2024 — Petite structure" in html
    assert "/menages/?sortie=2024&amp;destination=parc_social" in html
    assert "Grande structure" not in html
    drill = client.get(reverse("www:household_list"), {"sortie": 2024, "destination": "parc_social"})
    assert drill.context["page"].paginator.count == 1


@pytest.mark.django_db
def test_coordinator_sees_region_departments_and_masked_operator_table(client, region):
    state = OrganisationFactory(state=True, region_id="84")
    login(client, state, Role.STATE_COORDINATOR)
    response = client.get(reverse("www:bilan"), {"annee": 2024})
    assert response.status_code == 200
    assert response.context["values"]["menages.sortis"] == 13  # AURA only: Paris is out
    departments = {row["key"]: row for row in response.context["department_table"]}
    assert departments["38"]["exits"] == 1  # department table: aggregate, not masked
    operators = {row["name"]: row for row in response.context["operator_table"]}
    assert operators["Petite structure"]["exits"] == "secret"
    assert operators["Grande structure"]["exits"] == 12
    assert operators["Grande structure"]["perenne_pct"] == 100.0
    assert "/menages/" not in response.content.decode()  # no drill-down to records outside one's own org
    one = client.get(reverse("www:bilan"), {"annee": 2024, "perimetre": f"structure:{region['small'].pk}"})
    assert one.context["values"]["menages.sortis"] == "secret"
    assert client.get(reverse("www:bilan"), {"perimetre": "region:11"}).status_code == 404
    assert client.get(reverse("www:bilan"), {"perimetre": "departement:75"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [Role.SIAO_AGENT])
def test_siao_has_no_bilan(client, region, kind):
    login(client, OrganisationFactory(siao=True), kind)
    assert client.get(reverse("www:bilan")).status_code == 403


@pytest.mark.django_db
def test_exports_of_a_coordinator(client, region):
    login(client, OrganisationFactory(state=True, region_id="84"), Role.STATE_COORDINATOR)
    url = reverse("www:bilan_export")
    xlsx = client.get(url, {"annee": 2024, "format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    csv = client.get(url, {"annee": 2024, "format": "csv"}).content
    assert (
        csv.startswith(b"\xef\xbb\xbf")
        and b"Sorties du dispositif dans l'ann\xc3\xa9e;;13;menages.sortis" in csv
    )
    open_data = client.get(url, {"annee": 2024, "format": "opendata"}).content.decode()
    assert open_data.splitlines()[0] == "annee,perimetre,indicateur,libelle,valeur,secret"
    assert "2024,region,menages.sortis,Sorties du dispositif dans l'année,13,non" in open_data
    # Counts of structures identify no household: never secret (issue 7 §6), households are.
    assert ",structures.actives,Structures actives dans l'année,2,non" in open_data
    schema = client.get(reverse("www:bilan_open_data_schema")).json()
    assert [f["name"] for f in schema["fields"]] == [
        "annee",
        "perimetre",
        "indicateur",
        "libelle",
        "valeur",
        "secret",
    ]
    assert client.get(url, {"format": "docx"}).status_code == 404


@pytest.mark.django_db
def test_coordinator_adds_a_categorisation_scheme_shown_in_every_bilan(client, region):
    login(client, OrganisationFactory(state=True, region_id="84"), Role.STATE_COORDINATOR)
    data = {"name": "Logement d'abord"}
    for field in client.get(reverse("www:scheme_create")).context["form"].fields:
        if field.startswith("d_"):
            data[field] = "Logement" if field in {"d_parc_social", "d_parc_prive"} else "Autre issue"
    response = client.post(reverse("www:scheme_create"), data)
    assert response.status_code == 302
    scheme = ExitScheme.objects.get(name="Logement d'abord")
    assert scheme.category_of()["parc_social"] == "logement"
    page = client.get(reverse("www:bilan"), {"annee": 2024})
    assert page.context["values"]["sorties.categorisation.logement_dabord.logement_pct"] == 100.0
    assert "Logement d&#x27;abord — Logement" in page.content.decode()  # the scheme's category row
    # Same name again, or a destination left without category: refused in French.
    again = client.post(reverse("www:scheme_create"), {**data, "d_deces": ""})
    assert again.status_code == 400
    errors = again.context["form"].errors
    assert errors["name"] == ["Un schéma porte déjà ce nom."] and "d_deces" in errors


@pytest.mark.django_db
def test_operators_cannot_add_schemes(client, region):
    login(client, region["big"], Role.DIRECTOR)
    assert client.get(reverse("www:scheme_create")).status_code == 403


@pytest.mark.django_db
def test_bad_year_falls_back_and_household_identity_never_appears(client, region):
    household = HouseholdFactory(organisation=region["big"], reference__last_name="Confidentiel")
    login(client, OrganisationFactory(state=True, region_id="84"), Role.STATE_COORDINATOR)
    response = client.get(reverse("www:bilan"), {"annee": "abc"})
    assert response.status_code == 200
    assert "CONFIDENTIEL" not in response.content.decode() and "Confidentiel" not in response.content.decode()
    assert household.pk
