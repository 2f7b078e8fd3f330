from datetime import date

import pytest
from django.urls import reverse

from clef.households.models import Household, Person
from clef.households.services import refresh_search_text
from clef.journal.models import AccessLogEntry, JournalEntry
from tests.factories.households import HouseholdFactory, PersonFactory
from tests.www.once_token import once_token


def household_data(members, **changes):
    data = {
        "membres-TOTAL_FORMS": str(len(members)),
        "membres-INITIAL_FORMS": "0",
        "membres-MIN_NUM_FORMS": "0",
        "membres-MAX_NUM_FORMS": "1000",
        # the composition the members make (clef.households.rules.composition_problem)
        "composition": "famille_monoparentale" if len(members) > 1 else "personne_isolee",
        "prior_situation": "hotel",
        "siao_oriented": "on",
        "resources": ["rsa", "prestations_familiales"],
    }
    for i, member in enumerate(members):
        for key, value in member.items():
            data[f"membres-{i}-{key}"] = value
    data.update(changes)
    return data


MOTHER = {
    "first_name": "Awa",
    "last_name": "Diallo",
    "role": "reference",
    "sex": "F",
    "birth_date": "1988-04-12",
}
SON = {"first_name": "Sami", "last_name": "Diallo", "role": "enfant", "sex": "M", "birth_date": "2016-09-01"}


@pytest.mark.django_db
def test_household_with_two_members_is_created_and_journaled(social_worker_client, operator):
    data = household_data([MOTHER, SON], once=once_token(social_worker_client, "household"))
    response = social_worker_client.post(reverse("www:household_create"), data)
    household = Household.objects.get()
    assert response.status_code == 302
    assert household.organisation == operator
    assert sorted(household.resource_codes()) == ["prestations_familiales", "rsa"]
    assert household.members.count() == 2
    assert str(household) == "Awa DIALLO"
    types = sorted(
        JournalEntry.objects.filter(household_id=household.pk).values_list("content_type__model", flat=True)
    )
    assert types == ["household", "person", "person"]
    created = JournalEntry.objects.get(content_type__model="household")
    assert created.changes["resources"]["new"] == "RSA, Prestations familiales"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([{**MOTHER, "role": "conjoint"}, SON], "exactement une personne de référence (0 indiquée)"),
        ([MOTHER, {**SON, "role": "reference"}], "exactement une personne de référence (2 indiquées)"),
        ([{**MOTHER, "birth_date": "2999-01-01"}], "La date de naissance ne peut pas être dans le futur."),
        (
            [{**MOTHER, "birth_date": "1850-01-01"}],
            "La date de naissance doit être comprise entre 01/01/1900 et 31/12/2100.",
        ),
        ([{**MOTHER, "sex": "X"}], "Sélectionnez un choix valide"),
        ([{**MOTHER, "last_name": ""}], "Ce champ est obligatoire."),
        ([], "Ajoutez au moins une personne"),
    ],
)
def test_invalid_members_are_refused_in_french(social_worker_client, members, message):
    response = social_worker_client.post(reverse("www:household_create"), household_data(members))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Le formulaire contient des erreurs" in response.content.decode()
    assert not Household.objects.exists() and not Person.objects.exists()


@pytest.mark.django_db
def test_demand_number_without_active_demand_is_refused(social_worker_client):
    data = household_data([MOTHER], social_housing_demand_number="069012345678")
    response = social_worker_client.post(reverse("www:household_create"), data)
    assert response.status_code == 400
    assert "Cochez la demande active" in response.content.decode()


@pytest.mark.django_db
def test_editing_members_and_resources_is_journaled(social_worker_client, operator):
    household = HouseholdFactory(organisation=operator, composition="personne_isolee")
    reference = household.reference_person
    child = PersonFactory(household=household, role="enfant", first_name="Léo", birth_date=date(2015, 1, 1))
    data = household_data(
        [
            {
                "pk": reference.pk,
                "first_name": reference.first_name,
                "last_name": reference.last_name,
                "role": "reference",
                "sex": "M",
                "birth_date": "1985-07-01",
            },
            {
                "pk": child.pk,
                "first_name": "Léo",
                "last_name": child.last_name,
                "role": "enfant",
                "sex": "M",
                "birth_date": "2015-01-01",
                "DELETE": "on",
            },
        ],
        **{
            "membres-INITIAL_FORMS": "2",
            "composition": "personne_isolee",
            "resources": ["salaire"],
            "version": "1",
        },
    )
    response = social_worker_client.post(reverse("www:household_edit", args=[household.pk]), data)
    assert response.status_code == 302
    assert list(household.members.values_list("pk", flat=True)) == [reference.pk]
    deleted = JournalEntry.objects.get(content_type__model="person", action="delete")
    assert deleted.changes["first_name"] == {"label": "prénom", "old": "Léo", "new": None}
    update = JournalEntry.objects.get(content_type__model="household", action="update")
    assert update.changes["resources"] == {"label": "ressources", "old": None, "new": "Salaire"}
    assert update.changes["prior_situation"]["new"] == "Hôtel (nuitées)"


@pytest.mark.django_db
def test_opening_a_household_file_is_logged(social_worker_client, operator):
    household = HouseholdFactory(organisation=operator)
    social_worker_client.get(reverse("www:household_detail", args=[household.pk]))
    log = AccessLogEntry.objects.get()
    assert (log.household_id, log.user) == (household.pk, social_worker_client.membership.user)


@pytest.mark.django_db
def test_household_list_search_by_name(social_worker_client, operator):
    households = [
        HouseholdFactory(organisation=operator, reference__last_name="Lemaire", reference__first_name="Zoé"),
        HouseholdFactory(organisation=operator, reference__last_name="Perrin", reference__first_name="Hugo"),
    ]
    refresh_search_text([h.pk for h in households])  # factories write members without the service
    response = social_worker_client.get(reverse("www:household_list") + "?q=lemaire")
    assert [str(h) for h in response.context["page"].object_list] == ["Zoé LEMAIRE"]
    response = social_worker_client.get(reverse("www:household_list") + "?q=zoé lemaire")
    assert len(response.context["page"].object_list) == 1
