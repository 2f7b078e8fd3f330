"""Odd query strings and forms on the needs pages: a French answer (200, 400, 404), never a server error."""

import pytest
from django.urls import reverse

from tests.www.needs.conftest import login_as

HUGE = "99999999999999999999"
BAD_YEARS = ["99999", "0", "-1", "abc", HUGE, "1e400", "9" * 5000, "2024\x00", ""]


@pytest.fixture
def client_500(client):
    client.raise_request_exception = False  # a 500 is seen as a status, not raised
    return client


@pytest.mark.parametrize("value", BAD_YEARS)
@pytest.mark.parametrize(("name", "persona"), [("targets", "dreets"), ("territory", "local_authority")])
def test_an_odd_year_shows_the_default_year(client_500, world, name, persona, value):
    login_as(client_500, world, persona)
    assert client_500.get(reverse(f"www:{name}"), {"annee": value}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"departement": "99\x00"},
        {"epci": HUGE},
        {"departement": "<script>"},
        {"format": "pdf"},
        {"format": ""},
    ],
)
def test_odd_needs_filters(client_500, world, params):
    login_as(client_500, world, "ddets")
    assert client_500.get(reverse("www:needs"), params).status_code in {200, 404}


@pytest.mark.parametrize("url", [f"/captation/objectifs/{HUGE}/2026/", f"/captation/objectifs/1/{HUGE}/"])
def test_a_huge_number_in_the_target_address_is_not_found(client_500, world, url):
    login_as(client_500, world, "dreets")
    assert client_500.get(url).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"new_dwellings": HUGE},
        {"new_dwellings": "1e400", "mandate_share_percent": "abc"},
        {"new_dwellings": "5", "version": HUGE},
        {"new_dwellings": "5\x00"},
    ],
)
def test_odd_target_forms(client_500, world, data):
    login_as(client_500, world, "ddets")
    response = client_500.post(reverse("www:target_edit", args=[world.operator.pk, 2026]), data)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "data",
    [{"as_of": "2026-02-30", "n_hors_T2": "1"}, {"as_of": "", "n_hors_T2": HUGE}, {"n_hors_T2": "1\x00"}],
)
def test_odd_grids(client_500, world, data):
    login_as(client_500, world, "siao_agent")
    assert client_500.post(reverse("www:needs_declare"), data).status_code == 400
