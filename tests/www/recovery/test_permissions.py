"""Every recovery URL × every persona: the operator's six roles (who may read, who may write, who sees
litigation), a captation platform's officer, a SIAO agent, a State coordinator, a local authority's member,
a network's director and another operator's director (a record of another organisation answers 404; its own
hub is empty). Never a 500."""

import pytest
from django.urls import reverse

from clef.journal.models import AccessLogEntry
from tests.www.recovery.conftest import PERSONAS

pytestmark = pytest.mark.django_db

OUT = [404] * 6  # platform, SIAO, State, local authority, network, another operator
READ = [200, 200, 200, 200, 403, 200, *OUT]
EDIT = [200, 403, 200, 200, 403, 403, *OUT]
CASE_READ = [200, 200, 200, 200, 403, 403, *OUT]
CASE_EDIT = [200, 403, 200, 200, 403, 403, *OUT]

# url name → (record, expected GET status per persona, posting an empty form is refused with 400)
RECORD_URLS = {
    "reminder_create": ("lease", EDIT, True),
    "reminder_letter": ("reminder", READ, False),
    "plan_create": ("lease", EDIT, True),
    "plan_detail": ("plan", READ, False),
    "plan_abandon": ("plan", EDIT, True),
    "case_create": ("lease", CASE_EDIT, True),
    "case_detail": ("case", CASE_READ, False),
    "case_step": ("case", CASE_EDIT, True),
    "case_review": ("case", CASE_READ, True),
    "case_status": ("case", CASE_EDIT, True),
}
POST_ONLY = {"plan_abandon", "case_step", "case_review", "case_status"}  # a GET goes back to the record

CASES = [
    (name, persona, expected)
    for name, (_, statuses, _) in RECORD_URLS.items()
    for persona, expected in zip(PERSONAS, statuses, strict=True)
]


@pytest.mark.parametrize(("name", "persona", "expected"), CASES, ids=[f"{n}-{p}" for n, p, _ in CASES])
def test_record_pages(login, world, name, persona, expected):
    client = login(persona)
    record, _, is_form = RECORD_URLS[name]
    url = reverse(f"www:{name}", args=[world[record].pk])
    got = client.get(url).status_code
    assert got == (302 if expected == 200 and name in POST_ONLY else expected)
    if is_form:
        assert client.post(url, {"x": "1"}).status_code == (400 if expected == 200 else expected)


HOME = [200, 200, 200, 200, 403, 200, 403, 403, 403, 403, 403, 200]


@pytest.mark.parametrize(("persona", "expected"), list(zip(PERSONAS, HOME, strict=True)), ids=PERSONAS)
def test_recovery_home(login, world, persona, expected):
    response = login(persona).get(reverse("www:recovery_home"))
    assert response.status_code == expected
    if persona == "other":
        page = response.content.decode()
        assert str(world["lease"].stay.household) not in page and "Aucun plan d'apurement." in page


def test_the_social_worker_sees_the_plan_but_never_the_owner(login, world):
    page = login("social_worker").get(reverse("www:plan_detail", args=[world["plan"].pk])).content.decode()
    assert "900,00" in page
    landlord = world["lease"].contract.landlord
    assert landlord.name not in page


def test_read_only_members_see_no_litigation_on_the_hub(login, world):
    page = login("read_only").get(reverse("www:recovery_home")).content.decode()
    assert "Procédures contentieuses en cours" not in page and "Relancer" not in page


def test_reading_is_traced(login, world):
    client = login("rental_manager")
    client.get(reverse("www:case_detail", args=[world["case"].pk]))
    entry = AccessLogEntry.objects.get(user=client.membership.user)
    assert (entry.context, entry.household_id, entry.subject_type) == (
        AccessLogEntry.Context.RECOUVREMENT,
        world["lease"].stay.household_id,
        "recovery.litigationcase",
    )
