"""Every contracts URL × every persona: the operator's five roles (who may read, who may write), a captation
platform's officer, a SIAO agent, a State coordinator, a local authority's member and another operator's
director (a record of another organisation answers 404)."""

import pytest
from django.urls import reverse

from tests.www.contracts.conftest import PERSONAS

pytestmark = pytest.mark.django_db

READ = [200, 403, 200, 200, 200, 404, 404, 404, 404, 404]
EDIT = [200, 403, 200, 200, 403, 404, 404, 404, 404, 404]
BANK = [200, 403, 200, 403, 403, 404, 404, 404, 404, 404]  # editors who read bank details in clear

# url name → (record, expected status per persona, in PERSONAS order)
RECORD_URLS = {
    "contract_detail": ("contract", READ),
    "contract_edit": ("contract", EDIT),
    "contract_renew": ("contract", EDIT),
    "contract_end": ("contract", EDIT),
    "contract_bank_account": ("contract", BANK),
    "bank_account_detail": ("account", READ),
    "convention_detail": ("convention", READ),
    "convention_sign": ("convention", EDIT),
    "convention_end": ("convention", EDIT),
    "contract_create": ("dwelling", EDIT),
    "convention_request": ("dwelling", EDIT),
    "lead_sign": ("lead", EDIT),
}
FORMS = set(RECORD_URLS) - {"contract_detail", "bank_account_detail", "convention_detail"}
# Pages of the member's own organisation (no record in the URL): another operator's director sees its own.
LIST_URLS = {
    "contract_list": [200, 403, 200, 200, 200, 403, 403, 403, 403, 200],
    "carte_pro": [200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
}

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


LIST_CASES = [
    (name, persona, expected)
    for name, statuses in LIST_URLS.items()
    for persona, expected in zip(PERSONAS, statuses, strict=True)
]


@pytest.mark.parametrize(
    ("name", "persona", "expected"), LIST_CASES, ids=[f"{n}-{p}" for n, p, _ in LIST_CASES]
)
def test_own_organisation_pages(login, name, persona, expected):
    assert login(persona).get(reverse(f"www:{name}")).status_code == expected


def test_another_operator_list_never_shows_the_owner_records(login, world):
    page = login("other").get(reverse("www:contract_list")).content.decode()
    assert "Durand" not in page and world["dwelling"].address not in page
