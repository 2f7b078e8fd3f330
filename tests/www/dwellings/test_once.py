"""A dwelling create form sent twice adds one dwelling to the park (clef.www.once)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from clef.dwellings.models import Dwelling
from clef.journal.models import JournalEntry
from clef.www import once
from tests.dwellings.test_dwelling_rules import VALID
from tests.www.households.test_once import token_in

URL = reverse("www:dwelling_create")


@pytest.mark.django_db
def test_the_same_dwelling_form_sent_twice_adds_one_dwelling(director_client, operator):
    data = {**VALID, "once": token_in(director_client.get(URL))}
    first = director_client.post(URL, data)
    dwelling = Dwelling.objects.get()
    assert first.status_code == 302 and first["Location"] == dwelling.get_absolute_url()
    again = director_client.post(URL, data)
    assert again.status_code == 302 and again["Location"] == dwelling.get_absolute_url()
    assert Dwelling.objects.count() == 1
    assert JournalEntry.objects.filter(content_type__model="dwelling").count() == 1
    assert once.REPLAYED in [str(m) for m in get_messages(again.wsgi_request)]


@pytest.mark.django_db
def test_a_dwelling_form_without_its_token_adds_nothing(director_client, operator):
    response = director_client.post(URL, VALID)
    assert response.status_code == 400
    assert once.EXPIRED in response.context["form"].non_field_errors()
    assert not Dwelling.objects.exists()
    retry = director_client.post(URL, {**VALID, "once": token_in(response)})
    assert retry.status_code == 302 and Dwelling.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_dwelling_keeps_its_token_and_a_household_token_is_not_accepted(director_client, operator):
    token = token_in(director_client.get(URL))
    refused = director_client.post(URL, {**VALID, "once": token, "places": "0"})
    assert refused.status_code == 400 and token_in(refused) == token
    household_token = token_in(director_client.get(reverse("www:household_create")))
    assert director_client.post(URL, {**VALID, "once": household_token}).status_code == 400
    assert director_client.post(URL, {**VALID, "once": token}).status_code == 302
    assert Dwelling.objects.count() == 1
