"""The bad query strings and forms of the audit (issue 6, §3) on the register's pages: each gets a
French answer (200, 302, 400 or 404), never a server error."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape

from clef.households import services
from clef.households.models import Person
from clef.households.services import MEMBERS_CHANGED, MemberData
from clef.utils import bounds, writes
from clef.www.dwellings.filters import DwellingFilter
from clef.www.households.filters import HouseholdFilter
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory, PersonFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
BAD_YEARS = ["99999", "0", "-1", "abc", HUGE, "1e400", "9" * 5000, "2024\x00", ""]


@pytest.fixture
def client_500(social_worker_client):
    social_worker_client.raise_request_exception = False  # a 500 is seen as a status, not raised
    return social_worker_client


def ok(response) -> bool:
    return response.status_code < 500


@pytest.mark.parametrize("name", ["entree", "sortie", "present_en"])
@pytest.mark.parametrize("value", BAD_YEARS)
def test_household_list_year_filters_out_of_range(client_500, operator, name, value):
    HouseholdFactory(organisation=operator)
    response = client_500.get(reverse("www:household_list"), {name: value, "destination": "parc_social"})
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["entree", "sortie"])
@pytest.mark.parametrize("value", BAD_YEARS)
def test_dwelling_list_year_filters_out_of_range(client_500, operator, name, value):
    DwellingFactory(organisation=operator)
    response = client_500.get(reverse("www:dwelling_list"), {name: value})
    assert response.status_code == 200


def test_an_out_of_range_year_is_ignored_with_a_french_message():
    household_filter = HouseholdFilter({"entree": "99999", "present_en": "abc"})
    household_filter.qs  # noqa: B018 - validates the form
    assert household_filter.form.errors["entree"] == [bounds.YEAR.message]
    assert household_filter.form.errors["present_en"] == ["Saisissez une année, par exemple 2024."]
    dwelling_filter = DwellingFilter({"sortie": "0"})
    dwelling_filter.qs  # noqa: B018
    assert "sortie" in dwelling_filter.form.errors


@pytest.mark.parametrize(
    "params",
    [
        {"parc_au": "0001-01-01"},
        {"parc_au": "9999-12-31"},
        {"parc_au": "99999-01-01"},
        {"q": "x" * 100_000},
        {"q": "rue\x00"},
        {"q": "%_%_%" * 100},
        {"page": HUGE},
    ],
)
def test_dwelling_list_odd_parameters(client_500, operator, params):
    DwellingFactory(organisation=operator)
    assert client_500.get(reverse("www:dwelling_list"), params).status_code == 200


@pytest.mark.parametrize("q", ["x" * 100_000, "nom\x00", " ".join(["mot"] * 400), "%" * 1000])
def test_household_list_odd_searches(client_500, operator, q):
    assert client_500.get(reverse("www:household_list"), {"q": q}).status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"organisation": HUGE},
        {"organisation": "-1"},
        {"organisation": "abc"},
        {"organisation": "1" * 5000},
        {"organisation": "{own}", "next": "pas une url"},
        {"organisation": "{own}", "next": "http://["},
        {"organisation": "{own}", "next": "/menages/\nSet-Cookie: x=1"},
        {"organisation": "{own}", "next": "javascript:alert(1)"},
        {"organisation": "{own}", "next": "//ailleurs.example/"},
        {"organisation": "{own}", "next": "www:household_list"},
    ],
)
def test_switch_organisation_with_bad_input(client_500, operator, data):
    data = {k: v.replace("{own}", str(operator.pk)) for k, v in data.items()}
    response = client_500.post(reverse("accounts:switch_organisation"), data)
    if data["organisation"] == str(operator.pk):  # one's own organisation: a bad `next` goes home
        assert (response.status_code, response["Location"]) == (302, "/")
    else:  # not an organisation of the user's (was: 302 or 404 both accepted)
        assert response.status_code == 404


def test_switch_organisation_keeps_a_local_next(client_500, operator):
    response = client_500.post(
        reverse("accounts:switch_organisation"), {"organisation": operator.pk, "next": "/menages/?q=a"}
    )
    assert response.status_code == 302 and response["Location"] == "/menages/?q=a"


DWELLING = {
    "address": "12 rue des Lilas",
    "typology": "T2",
    "places": "2",
    "parc": "prive",
    "management_mode": "mandat_gestion",
    "conventionnement": "aucun",
    "entry_date": "2024-03-01",
}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"commune": "Lyon" * 25_000}, "commune"),
        ({"commune": "Ly\x00on"}, "commune"),
        ({"commune": "69383", "address": "12 rue\x0bdes Lilas"}, "address"),
        ({"commune": "69383", "places": HUGE}, "places"),
        ({"commune": "69383", "surface_m2": "1e400"}, "surface_m2"),
        ({"commune": "69383", "entry_date": "9999-12-31"}, "entry_date"),
        ({"commune": "69383", "exit_date": "0001-01-01", "exit_reason": "fin_mandat"}, "exit_date"),
    ],
)
def test_dwelling_form_bad_values_get_a_french_field_error(director_client, operator, changes, field):
    director_client.raise_request_exception = False
    response = director_client.post(reverse("www:dwelling_create"), {**DWELLING, **changes})
    assert response.status_code == 400
    assert response.context["form"].errors[field]


def _household_form(household, person_pk, **changes) -> dict:
    data = {
        "membres-TOTAL_FORMS": "1",
        "membres-INITIAL_FORMS": "1",
        "membres-MIN_NUM_FORMS": "0",
        "membres-MAX_NUM_FORMS": "1000",
        "membres-0-pk": str(person_pk),
        "membres-0-first_name": "Awa",
        "membres-0-last_name": "Diallo",
        "membres-0-role": "reference",
        "membres-0-sex": "F",
        "membres-0-birth_date": "1988-04-12",
        "composition": "personne_isolee",
        "prior_situation": "hotel",
        "version": str(household.version),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("foreign", ["other_household", "huge", "negative"])
def test_household_form_with_a_member_that_is_not_one(client_500, operator, foreign):
    household = HouseholdFactory(organisation=operator)
    pk = {
        "other_household": PersonFactory(household__organisation=operator).pk,
        "huge": HUGE,
        "negative": "-3",
    }[foreign]
    response = client_500.post(
        reverse("www:household_edit", args=[household.pk]), _household_form(household, pk)
    )
    assert response.status_code == 400
    if foreign == "other_household":
        assert escape(MEMBERS_CHANGED) in response.content.decode()
    assert Person.objects.filter(household=household).count() == 1
    household.refresh_from_db()
    assert household.prior_situation != "hotel"


def test_stale_form_after_another_user_replaced_the_reference_person(client_500, operator):
    household = HouseholdFactory(organisation=operator)
    old_reference = household.reference_person
    url = reverse("www:household_edit", args=[household.pk])
    form = client_500.get(url).context["form"]
    # Another user replaces the reference person (removes her, adds another one).
    services.save_household(
        household=household,
        members=[
            MemberData(
                pk=old_reference.pk, role="reference", sex="F", birth_date=date(1980, 1, 1), delete=True
            ),
            MemberData(
                role="reference", sex="M", birth_date=date(1979, 1, 1), first_name="Ali", last_name="Ba"
            ),
        ],
        resources=[],
        acting_user=UserFactory(),
    )
    stale = _household_form(household, old_reference.pk, version=str(form.initial["version"]))
    response = client_500.post(url, stale)
    assert response.status_code == 400
    assert "ouverture de ce formulaire (par un" in response.content.decode()
    # Even with the current version, the removed person cannot be written back.
    household.refresh_from_db()
    response = client_500.post(url, _household_form(household, old_reference.pk))
    assert response.status_code == 400
    assert escape(MEMBERS_CHANGED) in response.content.decode()
    assert [p.first_name for p in household.members.all()] == ["Ali"]


def test_the_one_reference_violation_becomes_a_french_error(operator):
    household = HouseholdFactory(organisation=operator)
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        PersonFactory(household=household, role="reference")
    assert writes.constraint_error(error.value).messages == [MEMBERS_CHANGED]


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("stay_enter", {"dwelling": HUGE, "entry_date": "2024-01-01"}),
        ("stay_enter", {"dwelling": "{dwelling}", "entry_date": "99999-01-01"}),
        ("stay_enter", {"dwelling": "{dwelling}", "entry_date": "9999-12-31"}),
    ],
)
def test_entry_form_bad_values(client_500, operator, url_name, data):
    household = HouseholdFactory(organisation=operator)
    dwelling = DwellingFactory(organisation=operator)
    data = {k: v.replace("{dwelling}", str(dwelling.pk)) for k, v in data.items()}
    response = client_500.post(reverse(f"www:{url_name}", args=[household.pk]), data)
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("stay_end", {"exit_date": "9999-12-31", "destination": "parc_social"}),
        ("stay_end", {"exit_date": "2023-01-01", "destination": "parc_social", "exit_debt": "1e400"}),
        ("stay_end", {"exit_date": "2023-01-01", "destination": "parc_social", "exit_debt": HUGE}),
        ("stay_move", {"dwelling": "{dwelling}", "move_date": "9999-12-31"}),
        ("stay_move", {"dwelling": HUGE, "move_date": "2023-01-01"}),
    ],
)
def test_exit_and_move_forms_bad_values(client_500, operator, url_name, data):
    stay = StayFactory(household__organisation=operator, entry_date=date(2022, 1, 1))
    dwelling = DwellingFactory(organisation=operator)
    data = {"loss_unpaid_rent": "non", "loss_damage": "non"} | {
        k: v.replace("{dwelling}", str(dwelling.pk)) for k, v in data.items()
    }
    response = client_500.post(reverse(f"www:{url_name}", args=[stay.pk]), data)
    assert response.status_code == 400
    stay.refresh_from_db()
    assert stay.exit_date is None
