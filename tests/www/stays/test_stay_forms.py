"""Register web defects of issue 7 §6 on the entry and move forms."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from clef.stays.models import Stay
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.stays import StayFactory

DAY = date(2024, 5, 1)


def offered(response) -> set[int]:
    """The dwellings the form's choice lists (by pk)."""
    select = re.search(r'<select name="dwelling".*?</select>', response.content.decode(), re.S).group(0)
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', select)}


@pytest.fixture
def park(operator):
    """A free dwelling, one that left the park before DAY, one occupied on DAY."""
    free = DwellingFactory(organisation=operator, entry_date=date(2020, 1, 1))
    gone = DwellingFactory(
        organisation=operator,
        entry_date=date(2020, 1, 1),
        exit_date=date(2022, 1, 1),
        exit_reason="fin_mandat",
    )
    occupied = StayFactory(household__organisation=operator, entry_date=date(2023, 1, 1)).dwelling
    return {"free": free, "gone": gone, "occupied": occupied}


@pytest.mark.django_db
def test_after_an_error_the_entry_form_offers_only_dwellings_in_the_park_and_free_that_day(
    director_client, operator, park
):
    household = HouseholdFactory(organisation=operator)
    response = director_client.post(
        reverse("www:stay_enter", args=[household.pk]),
        {"dwelling": park["gone"].pk, "entry_date": DAY.isoformat()},
    )
    assert response.status_code == 400
    assert response.context["form"].errors  # refused by the service (the dwelling left the park)
    assert offered(response) == {park["free"].pk}
    assert not Stay.objects.filter(household=household).exists()


@pytest.mark.django_db
def test_after_an_error_the_move_form_offers_only_dwellings_in_the_park_and_free_on_the_move_date(
    director_client, operator, park
):
    stay = StayFactory(household__organisation=operator, entry_date=date(2023, 6, 1))
    response = director_client.post(
        reverse("www:stay_move", args=[stay.pk]),
        {"dwelling": park["occupied"].pk, "move_date": DAY.isoformat()},
    )
    assert response.status_code == 400
    assert offered(response) == {park["free"].pk}  # neither out of the park, occupied, nor the current one
    stay.refresh_from_db()
    assert stay.exit_date is None


@pytest.mark.django_db
def test_a_move_date_before_the_entry_is_shown_once_on_the_date_field(director_client, operator, park):
    stay = StayFactory(household__organisation=operator, entry_date=date(2024, 3, 1))
    response = director_client.post(
        reverse("www:stay_move", args=[stay.pk]),
        {"dwelling": park["free"].pk, "move_date": "2024-01-15"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    message = "La date de sortie ne peut pas précéder la date d'entrée."
    assert form.errors == {"move_date": [message]}
    html, shown = response.content.decode(), escape(message)
    field_error = re.search(r'id="id_move_date-desc-error".*?</div>', html, re.S).group(0)
    assert shown in field_error
    # Once under the field, once as the summary's link to it: never as a form-wide error besides.
    assert html.count(shown) == 2
    assert f'href="#id_move_date">Date du changement : {shown}' in html
