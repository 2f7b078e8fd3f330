"""The household list names each household's reference person: every page shown is in the access log
(context "liste"; "recherche" for a name search), in one insert."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clef.households.services import refresh_search_text
from clef.journal.models import AccessLogEntry
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db
URL = reverse("www:household_list")


def logged(client, context="liste") -> list[int]:
    entries = AccessLogEntry.objects.filter(user=client.membership.user, context=context)
    return sorted(entries.values_list("household_id", flat=True))


def test_each_page_of_the_list_logs_the_households_it_shows(social_worker_client, operator):
    households = [HouseholdFactory(organisation=operator) for _ in range(27)]
    HouseholdFactory(organisation=OrganisationFactory())  # another structure's: never shown, never logged
    first = social_worker_client.get(URL)
    shown = sorted(h.pk for h in first.context["page"].object_list)
    assert len(shown) == 25
    assert logged(social_worker_client) == shown
    assert households[-1].reference_person.last_name.upper() in first.content.decode()  # newest first
    second = social_worker_client.get(URL, {"page": 2})
    assert sorted(h.pk for h in second.context["page"].object_list) == sorted(h.pk for h in households[:2])
    assert logged(social_worker_client) == sorted(h.pk for h in households)
    entry = AccessLogEntry.objects.filter(context="liste").first()
    assert (entry.organisation_id, entry.get_context_display()) == (operator.pk, "Liste des ménages")


def test_a_filtered_list_logs_only_what_it_shows(social_worker_client, operator):
    long_stay = StayFactory(household__organisation=operator, entry_date=date(2020, 1, 1))
    HouseholdFactory(organisation=operator)  # not housed: outside the "18 months" filter
    social_worker_client.get(URL, {"duree": "18"})
    assert logged(social_worker_client) == [long_stay.household_id]


def test_an_empty_list_logs_nothing_and_a_search_logs_as_a_search(social_worker_client, operator):
    social_worker_client.get(URL)
    assert not AccessLogEntry.objects.exists()
    household = HouseholdFactory(organisation=operator)
    refresh_search_text([household.pk])
    social_worker_client.get(URL, {"q": household.reference_person.last_name})
    assert logged(social_worker_client, "recherche") == [household.pk]
    assert logged(social_worker_client) == []  # one entry per household shown, not two


def test_the_list_is_logged_in_one_insert(social_worker_client, operator):
    for _ in range(25):
        HouseholdFactory(organisation=operator)
    with CaptureQueriesContext(connection) as queries:
        social_worker_client.get(URL)
    inserts = [
        q["sql"] for q in queries if q["sql"].startswith("INSERT") and "journal_accesslogentry" in q["sql"]
    ]
    assert len(inserts) == 1
    assert AccessLogEntry.objects.filter(context="liste").count() == 25
