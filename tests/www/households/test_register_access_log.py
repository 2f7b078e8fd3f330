"""Every page of the register that shows a household's name is traced in the access log."""

from datetime import date

import pytest
from django.urls import reverse

from clef.households.services import refresh_search_text
from clef.journal.models import AccessLogEntry
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def logged(client) -> list[tuple[str, int | None]]:
    user = client.membership.user
    return sorted(AccessLogEntry.objects.filter(user=user).values_list("context", "household_id"))


@pytest.mark.parametrize(
    ("url_name", "context"),
    [("stay_end", "sortie"), ("stay_move", "changement")],
)
def test_exit_and_move_pages_are_logged(social_worker_client, operator, url_name, context):
    stay = StayFactory(household__organisation=operator, entry_date=date(2022, 1, 1))
    assert social_worker_client.get(reverse(f"www:{url_name}", args=[stay.pk])).status_code == 200
    assert logged(social_worker_client) == [(context, stay.household_id)]


def test_entry_and_edit_pages_are_logged(social_worker_client, operator):
    household = HouseholdFactory(organisation=operator)
    assert social_worker_client.get(reverse("www:stay_enter", args=[household.pk])).status_code == 200
    assert social_worker_client.get(reverse("www:household_edit", args=[household.pk])).status_code == 200
    assert logged(social_worker_client) == [("entree", household.pk), ("modification", household.pk)]


def test_dwelling_page_logs_the_households_it_names(director_client, operator):
    dwelling = DwellingFactory(organisation=operator)
    first = StayFactory(
        household__organisation=operator,
        dwelling=dwelling,
        entry_date=date(2021, 1, 1),
        exit_date=date(2022, 1, 1),
        destination="parc_social",
    )
    second = StayFactory(household__organisation=operator, dwelling=dwelling, entry_date=date(2022, 1, 1))
    response = director_client.get(reverse("www:dwelling_detail", args=[dwelling.pk]))
    assert response.status_code == 200
    assert logged(director_client) == sorted(
        [("logement", first.household_id), ("logement", second.household_id)]
    )


def test_name_search_logs_the_households_found_and_only_them(social_worker_client, operator):
    found = HouseholdFactory(organisation=operator, reference__last_name="Lemaire")
    other = HouseholdFactory(organisation=operator, reference__last_name="Perrin")
    refresh_search_text([found.pk, other.pk])
    social_worker_client.get(reverse("www:household_list"), {"q": "lemaire"})
    assert logged(social_worker_client) == [("recherche", found.pk)]
    social_worker_client.get(reverse("www:household_list"), {"q": "introuvable"})
    assert logged(social_worker_client) == [("recherche", found.pk)]
