from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from clef.dwellings.models import Dwelling
from clef.journal.models import JournalEntry
from clef.utils import bounds
from tests.factories.dwellings import DwellingFactory
from tests.factories.stays import StayFactory
from tests.www.once_token import once_token

VALID = {
    "address": "12 rue des Lilas",
    "commune": "Lyon 3e Arrondissement (69003) — 69383",
    "typology": "T2",
    "surface_m2": "41,5",
    "places": "2",
    "parc": "prive",
    "management_mode": "mandat_gestion",
    "conventionnement": "sans_travaux",
    "rent_level": "loc2",
    "rent_hc": "480",
    "charges": "60",
    "entry_date": "2024-03-01",
    "exit_date": "",
    "exit_reason": "",
}


def post(client, **changes):
    return client.post(
        reverse("www:dwelling_create"), {**VALID, "once": once_token(client, "dwelling"), **changes}
    )


@pytest.mark.django_db
def test_valid_dwelling_is_created_and_journaled(director_client, operator):
    response = post(director_client)
    dwelling = Dwelling.objects.get()
    assert response.status_code == 302
    assert dwelling.organisation == operator
    assert dwelling.commune_id == "69383"
    assert str(dwelling.surface_m2) == "41.5"
    entry = JournalEntry.objects.get(content_type__model="dwelling", object_id=dwelling.pk)
    assert entry.action == "create"
    assert entry.actor == director_client.membership.user
    assert entry.changes["places"] == {"label": "places théoriques", "old": None, "new": 2}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"surface_m2": "0"}, "surface_m2", bounds.SURFACE_M2.message),
        ({"surface_m2": "-3"}, "surface_m2", bounds.SURFACE_M2.message),
        ({"places": "0"}, "places", bounds.PLACES.message),
        (
            {"exit_date": "2024-01-01", "exit_reason": "fin_mandat"},
            "exit_date",
            "La date de sortie du parc ne peut pas précéder la date d'entrée.",
        ),
        ({"exit_date": "2024-06-01"}, "exit_reason", "Indiquez le motif de sortie du parc."),
        (
            {"exit_reason": "fin_mandat"},
            "exit_date",
            "Indiquez la date de sortie du parc correspondant au motif.",
        ),
        ({"parc": "public"}, "conventionnement", "Le conventionnement Anah ne concerne que le parc privé."),
        (
            {"conventionnement": "aucun"},
            "rent_level",
            "Le niveau de loyer ne s'indique que pour un logement conventionné.",
        ),
        ({"commune": "Nulle-Part-sur-Rien"}, "commune", "Commune introuvable ou ambiguë"),
        ({"entry_date": "31/02/2024"}, "entry_date", "Saisissez une date valide."),
        ({"places": "beaucoup"}, "places", "Saisissez un nombre entier."),
    ],
)
def test_invalid_dwelling_is_refused_with_a_french_message_next_to_the_field(
    director_client, changes, field, message
):
    response = post(director_client, **changes)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    html = response.content.decode()
    assert "Le formulaire contient des erreurs" in html  # summary at the top
    assert f'aria-describedby="id_{field}-desc-error"' in html  # error tied to its field
    assert not Dwelling.objects.exists()


@pytest.mark.django_db
def test_commune_is_found_by_insee_code_alone(director_client):
    assert post(director_client, commune="38185").status_code == 302
    assert Dwelling.objects.get().commune.name == "Grenoble"


@pytest.mark.django_db
def test_database_constraints_back_the_rules(operator):
    for changes in (
        {"places": 0},
        {"parc": "public", "conventionnement": "sans_travaux"},
        {"rent_level": "loc1"},
        {"exit_date": date(2019, 1, 1)},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            DwellingFactory(organisation=operator, **changes)


@pytest.mark.django_db
def test_exit_from_park_refused_while_a_household_lives_there(director_client, operator):
    stay = StayFactory(household__organisation=operator, entry_date=date(2023, 1, 1))
    dwelling = stay.dwelling
    data = {
        **VALID,
        "commune": "69383",
        "entry_date": "2020-01-01",
        "exit_date": "2024-06-30",
        "exit_reason": "reprise_proprietaire",
        "conventionnement": "aucun",
        "rent_level": "",
        "version": "1",
    }
    response = director_client.post(reverse("www:dwelling_edit", args=[dwelling.pk]), data)
    assert response.status_code == 400
    assert "Un ménage occupe encore ce logement" in response.content.decode()
    dwelling.refresh_from_db()
    assert dwelling.exit_date is None


@pytest.mark.django_db
def test_edit_is_journaled_field_by_field(director_client, operator):
    dwelling = DwellingFactory(organisation=operator, places=2)
    data = {
        **VALID,
        "commune": "69383",
        "entry_date": "2020-01-01",
        "places": "3",
        "conventionnement": "aucun",
        "rent_level": "",
        "typology": dwelling.typology,
        "address": dwelling.address,
        "management_mode": dwelling.management_mode,
        "surface_m2": "",
        "rent_hc": "",
        "charges": "",
        "version": "1",
    }
    assert director_client.post(reverse("www:dwelling_edit", args=[dwelling.pk]), data).status_code == 302
    entry = JournalEntry.objects.get(object_id=dwelling.pk, action="update")
    assert entry.changes == {"places": {"label": "places théoriques", "old": 2, "new": 3}}
    detail = director_client.get(reverse("www:dwelling_detail", args=[dwelling.pk])).content.decode()
    assert "Historique" in detail and "2 → 3" in detail


@pytest.mark.django_db
def test_dwelling_list_filters_and_search(director_client, operator):
    DwellingFactory(organisation=operator, address="1 rue A", management_mode="mandat_gestion", typology="T1")
    DwellingFactory(
        organisation=operator,
        address="2 rue B",
        management_mode="bail_glissant",
        typology="T3",
        commune_id="38185",
    )
    gone = DwellingFactory(
        organisation=operator, address="3 rue C", exit_date=date(2021, 1, 1), exit_reason="fin_mandat"
    )
    StayFactory(
        household__organisation=operator,
        dwelling=DwellingFactory(organisation=operator, address="4 rue D"),
        entry_date=date(2022, 1, 1),
    )

    def addresses(query):
        response = director_client.get(reverse("www:dwelling_list") + query)
        assert response.status_code == 200
        return {d.address for d in response.context["page"].object_list}

    assert addresses("?management_mode=mandat_gestion") == {"1 rue A"}
    assert addresses("?q=grenoble") == {"2 rue B"}
    assert addresses("?q=38000") == {"2 rue B"}
    assert addresses("?typology=T3") == {"2 rue B"}
    assert addresses("?park=out") == {gone.address}
    assert addresses("?occupation=occupe") == {"4 rue D"}
    assert addresses("?occupation=vacant") == {"1 rue A", "2 rue B"}
    # An invalid filter value is reported next to the filter (in French), never a 500.
    response = director_client.get(reverse("www:dwelling_list") + "?management_mode=inconnu")
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()


@pytest.mark.django_db
def test_dwelling_list_and_detail_run_a_constant_number_of_queries(
    director_client, operator, django_assert_max_num_queries
):
    for _ in range(3):
        StayFactory(household__organisation=operator, entry_date=date(2022, 1, 1))
    with django_assert_max_num_queries(12) as small:
        assert director_client.get(reverse("www:dwelling_list")).status_code == 200
    for _ in range(20):
        StayFactory(household__organisation=operator, entry_date=date(2022, 1, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert director_client.get(reverse("www:dwelling_list")).status_code == 200
    dwelling = DwellingFactory(organisation=operator)
    for year in (2020, 2021, 2022):
        StayFactory(
            household__organisation=operator,
            dwelling=dwelling,
            entry_date=date(year, 1, 1),
            exited=True,
            exit_date=date(year, 6, 1),
        )
    with django_assert_max_num_queries(14):
        response = director_client.get(reverse("www:dwelling_detail", args=[dwelling.pk]))
    assert response.status_code == 200 and len(response.context["stays"]) == 3
