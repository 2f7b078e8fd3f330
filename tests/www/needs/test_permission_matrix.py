"""Every URL of the needs pages × every persona, with the exact expected answer (figures only: a role that
may not read them gets 403; the target of an operator outside the coordinator's oversight is 404)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.www.needs.conftest import PERSONAS, login_as

EVERYONE = list(PERSONAS)
OPERATOR_READERS = ["director", "rental_manager", "captation_officer", "read_only", "other_operator"]
STATE = ["ddets", "ddets_read_only", "other_ddets", "dreets", "platform_admin"]
SIAO = ["siao_agent", "siao_read_only", "other_siao_agent"]


def codes(ok, *, ok_code=200, not_found=()) -> dict[str, int]:
    return {p: ok_code if p in ok else 404 if p in not_found else 403 for p in EVERYONE}


MATRIX = {
    "needs": (None, codes([*OPERATOR_READERS, *SIAO, *STATE, "platform"])),
    "needs_declare": (None, codes(["siao_agent", "other_siao_agent"])),
    "targets": (None, codes([*OPERATOR_READERS, *STATE])),
    "target_edit": ("operator", codes(["ddets", "dreets", "platform_admin"], not_found=["other_ddets"])),
    "territory": (None, codes(["platform", "local_authority"])),
}


def _url(world, name, record):
    if record is None:
        return reverse(f"www:{name}")
    return reverse(f"www:{name}", args=[getattr(world, record).pk, 2026])


def test_every_needs_url_is_in_the_matrix():
    from clef.www.needs.urls import urlpatterns

    assert {p.name for p in urlpatterns} == set(MATRIX)


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("name", list(MATRIX))
def test_get(client, world, name, persona):
    record, expected = MATRIX[name]
    login_as(client, world, persona)
    assert client.get(_url(world, name, record)).status_code == expected[persona]


@pytest.mark.parametrize("persona", EVERYONE)
def test_post_target(client, world, persona):
    """Only the coordinators overseeing the operator write its target; the others write nothing."""
    from clef.needs.models import CaptationTarget

    login_as(client, world, persona)
    response = client.post(
        _url(world, "target_edit", "operator"),
        {"new_dwellings": 5, "mandate_share_percent": 50, "private_share_percent": 100},
    )
    expected = codes(["ddets", "dreets", "platform_admin"], ok_code=302, not_found=["other_ddets"])[persona]
    assert response.status_code == expected
    assert CaptationTarget.objects.exists() is (expected == 302)


@pytest.mark.parametrize("persona", EVERYONE)
def test_post_declaration(client, world, persona):
    from clef.needs.models import NeedDeclaration

    login_as(client, world, persona)
    response = client.post(
        reverse("www:needs_declare"), {"as_of": timezone.localdate().isoformat(), "n_hors_T2": 3}
    )
    ok = persona in {"siao_agent", "other_siao_agent"}
    assert response.status_code == (302 if ok else 403)
    assert NeedDeclaration.objects.exists() is ok


def test_a_target_for_an_organisation_that_is_not_an_operator_is_not_found(client, world):
    login_as(client, world, "dreets")
    assert client.get(reverse("www:target_edit", args=[world.siao.pk, 2026])).status_code == 404
    assert client.get(reverse("www:target_edit", args=[world.operator.pk, 1990])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for name, (record, _) in MATRIX.items():
        response = client.get(_url(world, name, record))
        assert (
            response.status_code == 302
            and "connexion" in response["Location"]
            or "login" in response["Location"]
        )
