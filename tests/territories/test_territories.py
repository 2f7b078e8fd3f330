import pytest
from django.urls import reverse

from clef.territories.models import Commune, Department, Epci, Region


@pytest.mark.django_db
def test_a_freshly_migrated_database_holds_the_cog_2026():
    assert Region.objects.filter(code="84", name="Auvergne-Rhône-Alpes").exists()
    assert Department.objects.get(code="2A").name == "Corse-du-Sud"
    assert Commune.objects.filter(kind="commune").count() > 34_000
    # Municipal arrondissements of Paris, Lyon and Marseille, attached to their commune.
    assert Commune.objects.filter(kind="arrondissement").count() == 45
    assert Commune.objects.get(code="69383").parent_id == "69123"
    assert Commune.objects.get(code="13201").name == "Marseille 1er Arrondissement"
    assert Commune.objects.get(code="38185").epci.kind == "METRO"
    assert Epci.objects.count() > 1_200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("grenoble", "38185"),
        ("GRENOBLE", "38185"),
        ("38000", "38185"),
        ("38185", "38185"),
        ("saint etienne", "42218"),
        ("Saint-Étienne", "42218"),
        ("69003", "69383"),
    ],
)
def test_commune_search_by_name_postcode_or_insee_code(query, expected):
    assert expected in [c.code for c in Commune.objects.search(query)[:5]]


@pytest.mark.django_db
def test_autocomplete_endpoint(director_client):
    response = director_client.get(reverse("www:commune_autocomplete"), {"q": "villeurb"})
    assert response.json()["results"][0] == {"code": "69266", "label": "Villeurbanne (69100) — 69266"}
    assert director_client.get(reverse("www:commune_autocomplete"), {"q": "v"}).json() == {"results": []}


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    from django.core.management import call_command

    before = Commune.objects.count()
    call_command("load_territories")
    assert Commune.objects.count() == before
