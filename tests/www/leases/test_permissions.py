"""Every lease's-life URL × every persona: the operator's six roles (who may read, who may decide), a
captation platform's officer, a SIAO agent, a State coordinator, a local authority's member, a network's
director, the platform administrator and another operator's director (a record of another organisation
answers 404; its own lists are empty). Never a 500."""

import pytest
from django.urls import reverse

from tests.www.leases.conftest import PERSONAS

pytestmark = pytest.mark.django_db

#        dir  rm   sw   lit  capt ro   plat siao state local net  admin other
READ = [200, 200, 200, 200, 403, 200, 404, 404, 404, 404, 404, 404, 404]
EDIT = [200, 200, 403, 403, 403, 403, 404, 404, 404, 404, 404, 404, 404]
OWNER_EDIT = EDIT  # the owner's rent: editors are owner-side readers too
LIST = [200, 200, 200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 200]
IRL = [200, 200, 200, 200, 403, 200, 403, 403, 403, 403, 403, 200, 200]


def urls(world):
    due = world["due_on"].isoformat()
    year = world["today"].year - 1
    return {
        "revision_apply_lease": (
            reverse("www:revision_apply", args=["bail", world["revised"].pk, due]),
            EDIT,
        ),
        "revision_dismiss_lease": (
            reverse("www:revision_dismiss", args=["bail", world["revised"].pk, due]),
            EDIT,
        ),
        "revision_apply_contract": (
            reverse("www:revision_apply", args=["contrat", world["contract"].pk, "2026-01-01"]),
            OWNER_EDIT,
        ),
        "revision_dismiss_contract": (
            reverse("www:revision_dismiss", args=["contrat", world["contract"].pk, "2026-01-01"]),
            OWNER_EDIT,
        ),
        "regularisation_create": (
            reverse("www:regularisation_create", args=[world["charged"].pk, year]),
            EDIT,
        ),
        "deposit_return": (reverse("www:deposit_return", args=[world["left"].pk]), READ),
    }


RECORD_NAMES = [
    "revision_apply_lease",
    "revision_dismiss_lease",
    "revision_apply_contract",
    "revision_dismiss_contract",
    "regularisation_create",
    "deposit_return",
]
CASES = [(name, index, persona) for name in RECORD_NAMES for index, persona in enumerate(PERSONAS)]


@pytest.mark.parametrize(("name", "index", "persona"), CASES, ids=[f"{n}-{p}" for n, _, p in CASES])
def test_record_pages(login, world, name, index, persona):
    client = login(persona)
    url, statuses = urls(world)[name]
    expected = statuses[index]
    assert client.get(url).status_code == expected
    posted = client.post(url, {"x": "1"})
    if name == "deposit_return":  # reading is wider than deciding
        expected = EDIT[index]
    assert posted.status_code == (
        400 if expected == 200 else expected
    )  # an empty or versionless form is refused


LIST_CASES = [
    (name, index, persona)
    for (name,) in (("lease_life",), ("irl_indices",))
    for index, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("name", "index", "persona"), LIST_CASES, ids=[f"{n}-{p}" for n, _, p in LIST_CASES])
def test_own_organisation_pages(login, name, index, persona):
    statuses = LIST if name == "lease_life" else IRL
    assert login(persona).get(reverse(f"www:{name}")).status_code == statuses[index]


@pytest.mark.parametrize("persona", ["director", "social_worker", "other", "rental_manager", "read_only"])
def test_only_the_platform_administrator_loads_indices(login, persona):
    response = login(persona).post(reverse("www:irl_indices"), {})
    assert response.status_code == 403


def test_another_operator_sees_none_of_the_households(login, world):
    page = login("other").get(reverse("www:lease_life")).content.decode()
    for lease in (world["revised"], world["charged"], world["left"]):
        assert str(lease.stay.household) not in page
    assert "Aucune révision à proposer." in page and "Aucun dépôt de garantie à restituer." in page


def test_a_social_worker_sees_the_households_rents_but_never_the_owner_rent(login, world):
    page = login("social_worker").get(reverse("www:lease_life")).content.decode()
    assert str(world["revised"].stay.household) in page
    assert "Loyer dû au propriétaire" not in page
    assert "Appliquer" not in page
    director_page = login("director").get(reverse("www:lease_life")).content.decode()
    assert "Loyer dû au propriétaire" in director_page


@pytest.mark.parametrize("due", ["2026-13-01", "pas-une-date"])
def test_a_malformed_date_or_target_answers_404(login, world, due):
    client = login("director")
    assert (
        client.get(reverse("www:revision_apply", args=["bail", world["revised"].pk, due])).status_code == 404
    )
    assert (
        client.get(
            reverse("www:revision_apply", args=["autre", world["revised"].pk, "2026-01-01"])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("www:regularisation_create", args=[world["charged"].pk, 1999])).status_code == 404
    )
