"""Every URL of the funding pages × every persona, with the exact expected answer: figures per operator
for the State (its oversight) and the operator's direction and read-only members (its own structure);
every other role 403; the subsidy of an operator outside the member's reach 404."""

import pytest
from django.urls import reverse

from clef.funding.models import Subsidy
from tests.www.funding.conftest import PERSONAS, login_as

EVERYONE = list(PERSONAS)
READERS = ["director", "read_only", "other_operator", "ddets", "ddets_read_only", "other_ddets", "dreets"]
READERS += ["platform_admin"]
ENTER = ["director", "ddets", "dreets", "platform_admin"]
ENTER_ELSEWHERE = ["other_operator", "other_ddets"]  # they enter subsidies, not this operator's
POST = {"captation_amount": "1000,50", "gla_amount": "2000", "support_amount": "0", "granted_on": ""}


def codes(ok, *, ok_code=200, not_found=()) -> dict[str, int]:
    return {p: ok_code if p in ok else 404 if p in not_found else 403 for p in EVERYONE}


MATRIX = {
    "funding": (False, codes(READERS)),
    "subsidy_edit": (True, codes(ENTER, not_found=ENTER_ELSEWHERE)),
}


def _url(world, name, with_operator):
    return reverse(f"www:{name}", args=[world.operator.pk, 2026] if with_operator else [])


def test_every_funding_url_is_in_the_matrix():
    from clef.www.funding.urls import urlpatterns

    assert {p.name for p in urlpatterns} == set(MATRIX)


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("name", list(MATRIX))
def test_get(client, world, name, persona):
    with_operator, expected = MATRIX[name]
    login_as(client, world, persona)
    assert client.get(_url(world, name, with_operator)).status_code == expected[persona]


@pytest.mark.parametrize("persona", EVERYONE)
def test_post_subsidy(client, world, persona):
    """Only the operator's director and the State actors overseeing it write its subsidy."""
    login_as(client, world, persona)
    response = client.post(_url(world, "subsidy_edit", True), POST)
    expected = codes(ENTER, ok_code=302, not_found=ENTER_ELSEWHERE)[persona]
    assert response.status_code == expected
    assert Subsidy.objects.exists() is (expected == 302)


@pytest.mark.parametrize("persona", ["director", "read_only", "ddets"])
def test_the_page_lists_only_the_operators_the_member_reads(client, world, persona):
    login_as(client, world, persona)
    text = client.get(reverse("www:funding")).content.decode()
    assert "Toit Rhône" in text
    assert "Toit Isère" not in text


def test_the_other_ddets_sees_its_own_operators_only(client, world):
    login_as(client, world, "other_ddets")
    text = client.get(reverse("www:funding")).content.decode()
    assert "Toit Isère" in text and "Toit Rhône" not in text


def test_a_subsidy_of_an_organisation_that_is_not_an_operator_or_a_strange_year_is_not_found(client, world):
    login_as(client, world, "dreets")
    assert client.get(reverse("www:subsidy_edit", args=[world.siao.pk, 2026])).status_code == 404
    assert client.get(reverse("www:subsidy_edit", args=[world.operator.pk, 1990])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for name, (with_operator, _) in MATRIX.items():
        response = client.get(_url(world, name, with_operator))
        assert response.status_code == 302 and "connexion" in response["Location"]


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_menu_entry_follows_the_page(client, world, persona):
    login_as(client, world, persona)
    text = client.get(reverse("www:home"), follow=True).content.decode()
    assert ('href="/financement/"' in text) is (persona in READERS)
