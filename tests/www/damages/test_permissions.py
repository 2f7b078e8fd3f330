"""Every damages URL × every persona: the operator's six roles (who reads: direction, rental manager, social
worker, litigation officer, read-only; who writes: direction and rental manager; a captation officer sees no
household account), a SIAO agent, a State coordinator, a captation platform's officer, a local authority's
member, a network's director and another operator's director: a record of another organisation answers 404,
never a 500."""

import pytest
from django.urls import reverse

from tests.www.damages.conftest import PERSONAS

pytestmark = pytest.mark.django_db

# director, rental_manager, social_worker, litigation_officer, captation_officer, read_only, siao, state,
# platform, local_authority, network, other
READ = [200, 200, 200, 200, 403, 200, 404, 404, 404, 404, 404, 404]
EDIT = [200, 200, 403, 403, 403, 403, 404, 404, 404, 404, 404, 404]

# url name → (record, args builder, expected status per persona)
RECORD_URLS = {
    "inventory_detail": ("inventory", READ),
    "inventory_pdf": ("inventory", READ),
    "inventory_edit": ("inventory", EDIT),
    "inventory_photo": ("photo", READ),
    "claim_detail": ("claim", READ),
    "claim_edit": ("claim", EDIT),
    "claim_document": ("document", READ),
    "claim_create": ("stay", EDIT),
}
# POST-only actions: a GET by an editor goes back to the record's page.
POSTS = {"inventory_photo_add": ("inventory", EDIT), "claim_charge": ("claim", EDIT)}
POSTS["claim_document_add"] = ("claim", EDIT)
FORMS = {"inventory_edit", "claim_edit", "claim_create"}
LIST = [200, 200, 200, 200, 403, 200, 403, 403, 403, 403, 403, 200]

CASES = [
    (name, persona, expected)
    for name, (_, statuses) in RECORD_URLS.items()
    for persona, expected in zip(PERSONAS, statuses, strict=True)
]


@pytest.mark.parametrize(("name", "persona", "expected"), CASES, ids=[f"{n}-{p}" for n, p, _ in CASES])
def test_record_pages(login, world, name, persona, expected):
    client = login(persona)
    url = reverse(f"www:{name}", args=[world[RECORD_URLS[name][0]].pk])
    assert client.get(url).status_code == expected
    if name in FORMS:
        posted = client.post(url, {"x": "1"})
        assert posted.status_code == (400 if expected == 200 else expected)  # an empty form is refused


POST_CASES = [
    (name, persona, expected)
    for name, (_, statuses) in POSTS.items()
    for persona, expected in zip(PERSONAS, statuses, strict=True)
]


@pytest.mark.parametrize(
    ("name", "persona", "expected"), POST_CASES, ids=[f"{n}-{p}" for n, p, _ in POST_CASES]
)
def test_actions(login, world, name, persona, expected):
    client = login(persona)
    url = reverse(f"www:{name}", args=[world[POSTS[name][0]].pk])
    assert client.post(url, {"x": "1"}).status_code == (400 if expected == 200 else expected)
    assert client.get(url).status_code == (302 if expected == 200 else expected)


@pytest.mark.parametrize("kind", ["entree", "sortie"])
@pytest.mark.parametrize(("persona", "expected"), list(zip(PERSONAS, EDIT, strict=True)))
def test_inventory_create(login, world, persona, expected, kind):
    client = login(persona)
    url = reverse("www:inventory_create", args=[world["stay"].pk, kind])
    # Both inventories exist: an editor is sent to the existing one.
    assert client.get(url).status_code == (302 if expected == 200 else expected)


@pytest.mark.parametrize(("persona", "expected"), list(zip(PERSONAS, LIST, strict=True)))
def test_list(login, world, persona, expected):
    client = login(persona)
    response = client.get(reverse("www:damage_list"))
    assert response.status_code == expected
    if persona in ("director", "other"):  # another operator's director sees its own (empty) list
        assert ("MARTIN" in response.content.decode()) is (persona == "director")


def test_an_unknown_inventory_kind_answers_404(login, world):
    client = login("director")
    assert client.get(reverse("www:inventory_create", args=[world["stay"].pk, "autre"])).status_code == 404


def test_a_social_worker_reads_the_claim_without_the_charge_form(login, world):
    client = login("social_worker")
    page = client.get(reverse("www:claim_detail", args=[world["claim"].pk])).content.decode()
    assert "450,00" in page and "Imputer au compte du ménage</button>" not in page
    assert "Modifier" not in page
