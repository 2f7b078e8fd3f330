"""Every « guichet » URL × every persona, with the exact expected answer: the platform's animators act,
its read-only members read, another platform's members get 404 on a record, the operator the request is
shared with sees it (its captation editors take it in charge), another operator or the operator after the
request came back gets 404, everybody else 403. The public pages answer everybody, signed in or not."""

import pytest
from django.urls import reverse

from tests.www.guichet.conftest import PERSONAS, login_as

EVERYONE = list(PERSONAS)
PLATFORM = ["animator", "platform_director", "platform_reader"]
ANIMATORS = ["animator", "platform_director"]
SEE_CAPTATION = ["director", "captation_officer", "rental_manager", "read_only", "other_operator"]


def codes(ok, *, ok_code=200, not_found=(), default=403) -> dict[str, int]:
    return {p: ok_code if p in ok else 404 if p in not_found else default for p in EVERYONE}


GET_MATRIX = {
    "guichet_home": (None, codes(PLATFORM + ["other_platform"])),
    "guichet_request": ("confided", codes(PLATFORM, not_found=["other_platform"])),
    "guichet_rules": (None, codes(PLATFORM + ["other_platform"])),
    "guichet_settings": (None, codes(ANIMATORS + ["other_platform"])),
    "guichet_received": (None, codes(SEE_CAPTATION)),
}
POST_MATRIX = {
    "guichet_acknowledge": (
        "confided",
        codes(
            ["director", "captation_officer"],
            ok_code=302,
            not_found=["other_operator"],
            default=403,
        ),
    ),
    "guichet_rule_delete": ("rule", codes(ANIMATORS, ok_code=302, not_found=["other_platform"])),
    "guichet_request": ("received", codes(ANIMATORS, ok_code=302, not_found=["other_platform"])),
}


def _url(world, name, record):
    return reverse(f"www:{name}", args=[getattr(world, record).pk]) if record else reverse(f"www:{name}")


def test_every_guichet_url_is_in_a_matrix():
    from clef.www.guichet.urls import urlpatterns

    public = {"guichet_public", "guichet_thanks", "guichet_follow"}
    covered = set(GET_MATRIX) | set(POST_MATRIX) | public
    assert {p.name for p in urlpatterns} == covered


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("name", sorted(GET_MATRIX))
def test_get(client, world, name, persona):
    record, expected = GET_MATRIX[name]
    login_as(client, world, persona)
    assert client.get(_url(world, name, record)).status_code == expected[persona]


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("name", sorted(POST_MATRIX))
def test_post(client, world, name, persona):
    record, expected = POST_MATRIX[name]
    login_as(client, world, persona)
    data = {"action": "close", "outcome": "sans_suite", "version": world.received.version}
    assert client.post(_url(world, name, record), data).status_code == expected[persona]


@pytest.mark.parametrize("persona", [None, *EVERYONE])
def test_the_public_pages_answer_everybody(client, world, persona):
    if persona:
        login_as(client, world, persona)
    assert client.get(reverse("www:guichet_public", args=[world.desk.slug])).status_code == 200
    assert client.get(reverse("www:guichet_thanks", args=[world.desk.slug])).status_code == 200


def test_an_unknown_desk_or_token_is_not_found(client, world):
    assert client.get(reverse("www:guichet_public", args=["inconnu"])).status_code == 404
    assert client.get(reverse("www:guichet_follow", args=["inconnu"])).status_code == 404


def test_the_operator_sees_the_request_confided_to_it_only(client, world):
    login_as(client, world, "captation_officer")
    page = client.get(reverse("www:guichet_received")).content.decode()
    assert f"Demande n° {world.confided.pk}<" in page
    assert f"Demande n° {world.returned.pk}<" not in page  # came back to the desk: no longer shared
    assert f"Demande n° {world.received.pk}<" not in page
    login_as(client, world, "other_operator")
    assert (
        "Aucune demande ne vous est confiée" in client.get(reverse("www:guichet_received")).content.decode()
    )


@pytest.mark.parametrize("persona", ["director", "captation_officer"])
def test_a_request_that_came_back_is_not_found_by_its_former_operator(client, world, persona):
    login_as(client, world, persona)
    assert client.post(reverse("www:guichet_acknowledge", args=[world.returned.pk])).status_code == 404
    assert client.post(reverse("www:guichet_acknowledge", args=[world.received.pk])).status_code == 404


def test_taking_in_charge_leads_to_the_new_lead(client, world):
    login_as(client, world, "captation_officer")
    response = client.post(reverse("www:guichet_acknowledge", args=[world.confided.pk]))
    world.confided.refresh_from_db()
    assert response["Location"] == reverse("www:lead_detail", args=[world.confided.lead_id])
    page = client.get(reverse("www:guichet_received")).content.decode()
    assert f"Dossier n° {world.confided.lead_id}" in page and "Prendre en charge" not in page
