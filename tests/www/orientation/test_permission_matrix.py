"""Every orientation URL × every persona, with the exact expected answer.

Operators' roles, the SIAO agent of the SIAO the records are shared with, a read-only member of that SIAO,
an agent of another SIAO, the director of another operator, a State coordinator."""

import pytest
from django.urls import reverse

from tests.www.orientation.conftest import PERSONAS, login_as

EVERYONE = list(PERSONAS)
OPERATOR = ["director", "social_worker", "rental_manager", "captation_officer", "read_only"]
MAKERS = ["director", "rental_manager", "captation_officer"]
COMMISSION = ["director", "social_worker"]
STAY_EDITORS = ["director", "social_worker", "rental_manager"]


def codes(ok: list[str], *, ok_code=200, forbidden=(), default=404) -> dict[str, int]:
    return {p: ok_code if p in ok else 403 if p in forbidden else default for p in EVERYONE}


# url name → (record it names, {persona: code}) for GET
GET_MATRIX = {
    "orientation_home": (
        None,
        codes([*OPERATOR, "siao_agent", "other_siao_agent", "other_operator"], forbidden=EVERYONE),
    ),
    "orientation_delays": (
        None,
        codes([*OPERATOR, "siao_agent", "other_siao_agent", "other_operator"], forbidden=EVERYONE),
    ),
    "availability_create": (None, codes([*MAKERS, "other_operator"], forbidden=EVERYONE)),
    "availability_detail": ("availability", codes([*OPERATOR, "siao_agent"])),
    "proposal_create": ("availability", codes(["siao_agent"], forbidden=OPERATOR)),
    "proposal_detail": ("pending", codes([*OPERATOR, "siao_agent"])),
    "proposal_decide": (
        "pending",
        codes(COMMISSION, forbidden=["rental_manager", "captation_officer", "read_only", "siao_agent"]),
    ),
    "proposal_entry": (
        "accepted",
        codes(STAY_EDITORS, forbidden=["captation_officer", "read_only", "siao_agent"]),
    ),
    "reorientation_detail": ("request", codes([*OPERATOR, "siao_agent"])),
    "reorientation_create": (
        "household",
        codes(COMMISSION, forbidden=["rental_manager", "captation_officer", "read_only"]),
    ),
    "household_wishes": (
        "household",
        codes(COMMISSION, forbidden=["rental_manager", "captation_officer", "read_only"]),
    ),
}
# POST-only actions: who may, who sees but may not (403), who does not see (404)
POST_MATRIX = {
    "availability_withdraw": (
        "availability",
        codes(MAKERS, ok_code=302, forbidden=["social_worker", "read_only", "siao_agent"]),
    ),
    "proposal_withdraw": ("pending", codes(["siao_agent"], ok_code=302, forbidden=OPERATOR)),
    "reorientation_close": (
        "request",
        codes(
            COMMISSION,
            ok_code=302,
            forbidden=["rental_manager", "captation_officer", "read_only", "siao_agent"],
        ),
    ),
}


def _url(world, name, record):
    if record is None:
        return reverse(f"www:{name}")
    target = getattr(world, record)
    return reverse(f"www:{name}", args=[target.pk])


def test_every_orientation_url_is_in_the_matrix():
    from clef.www.orientation.urls import urlpatterns

    assert {p.name for p in urlpatterns} == set(GET_MATRIX) | set(POST_MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("name", sorted(GET_MATRIX))
def test_get(client, world, name, persona):
    record, expected = GET_MATRIX[name]
    login_as(client, world, persona)
    assert client.get(_url(world, name, record)).status_code == expected[persona]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("name", sorted(POST_MATRIX))
def test_post(client, world, name, persona):
    record, expected = POST_MATRIX[name]
    login_as(client, world, persona)
    assert client.post(_url(world, name, record)).status_code == expected[persona]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(POST_MATRIX))
def test_post_only_actions_refuse_get(client, world, name):
    record, _ = POST_MATRIX[name]
    login_as(client, world, "director")
    assert client.get(_url(world, name, record)).status_code == 405


@pytest.mark.django_db
def test_a_revoked_share_hides_the_availability_from_the_siao(client, world):
    from clef.organisations.models import Share

    Share.objects.filter(object_id=world.availability.pk, partner=world.siao).update(
        revoked_at="2024-02-01T00:00Z"
    )
    login_as(client, world, "siao_agent")
    assert client.get(_url(world, "availability_detail", "availability")).status_code == 404
