"""The dwelling list names no occupant (its rows: address, commune, typology, places, mode, park, entry,
occupied or vacant): it writes nothing to the access log. The dwelling page, which names them, does
(tests/www/households/test_register_access_log.py)."""

from datetime import date

import pytest
from django.urls import reverse

from clef.journal.models import AccessLogEntry
from tests.factories.stays import StayFactory


@pytest.mark.django_db
def test_the_dwelling_list_shows_no_occupant_name_and_logs_nothing(director_client, operator):
    stay = StayFactory(household__organisation=operator, entry_date=date(2022, 1, 1))
    page = director_client.get(reverse("www:dwelling_list")).content.decode()
    assert stay.dwelling.address in page and "Occupé" in page
    person = stay.household.reference_person
    assert person.last_name.upper() not in page and person.last_name not in page
    assert not AccessLogEntry.objects.exists()
