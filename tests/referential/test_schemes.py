import pytest

from clef.households.enums import ORIGIN_GROUP_OF, PriorSituation
from clef.referential.models import ExitScheme
from clef.stays.enums import EXIT_DESTINATIONS, Destination


@pytest.mark.django_db
def test_the_four_schemes_of_the_spec_are_seeded():
    assert list(ExitScheme.objects.values_list("code", flat=True)) == [
        "officielle",
        "atelier_1",
        "atelier_2",
        "atelier_3",
    ]
    official = ExitScheme.objects.get(code="officielle").category_of()
    assert {d for d, c in official.items() if c == "perenne"} == {
        "parc_social",
        "parc_prive",
        "maintien_glissement_bail",
        "maintien_mandat",
        "logement_accompagne",
    }
    assert all(c in {"perenne", "non_perenne"} for c in official.values())
    atelier_1 = ExitScheme.objects.get(code="atelier_1").category_of()
    assert atelier_1["institution"] == "non_classe"  # a destination the scheme does not name
    assert atelier_1["logement_accompagne"] == "situation_intermediaire"
    atelier_3 = ExitScheme.objects.get(code="atelier_3").category_of()
    assert atelier_3["expulsion"] == "sans_solution"


def test_code_lists_follow_the_exchange_format():
    assert len(Destination) == 15 and len(EXIT_DESTINATIONS) == 14
    assert set(ORIGIN_GROUP_OF) == set(PriorSituation)
    assert ORIGIN_GROUP_OF[PriorSituation.HABITAT_PRECAIRE] == "sans_domicile_precaire"


@pytest.mark.django_db
def test_an_administrator_edits_a_scheme_in_the_admin(admin_client):
    scheme = ExitScheme.objects.get(code="atelier_1")
    response = admin_client.get(f"/admin/referential/exitscheme/{scheme.pk}/change/")
    assert response.status_code == 200
    assert "Logements autonomes" in response.content.decode()
