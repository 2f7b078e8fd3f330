"""Every « Gestion locative » URL × every persona: the operator's six roles, a captation platform's member,
a SIAO agent, a State coordinator, a local authority's member, a network's director and another operator's
director (a lease, a stay or a dwelling of another organisation answers 404; its own lists are empty). A
social worker sees the balance, never the owner's side. Never a 500."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.organisations.models import OrganisationKind, Role
from clef.rental import services
from tests.conftest import member_client
from tests.factories.organisations import OrganisationFactory
from tests.factories.rental import LeaseFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "director",
    "rental_manager",
    "social_worker",
    "litigation_officer",
    "captation_officer",
    "read_only",
    "platform",
    "siao",
    "state",
    "local_authority",
    "network",
    "other",
]
OPERATOR_ROLES = {
    "director": Role.DIRECTOR,
    "rental_manager": Role.RENTAL_MANAGER,
    "social_worker": Role.SOCIAL_WORKER,
    "litigation_officer": Role.LITIGATION_OFFICER,
    "captation_officer": Role.CAPTATION_OFFICER,
    "read_only": Role.READ_ONLY,
}

#       dir  rm   sw   lit  capt ro   plat siao state local net  other
LIST = [200, 200, 200, 200, 403, 200, 403, 403, 403, 403, 403, 200]
READ = [200, 200, 200, 200, 403, 200, 403, 403, 403, 403, 403, 404]
EDIT = [200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404]
REPORT = [200, 200, 403, 200, 403, 403, 403, 403, 403, 403, 403, 404]
OWNER = [200, 200, 403, 403, 403, 200, 403, 403, 403, 403, 403, 404]
CALLS = [302, 302, 403, 403, 403, 403, 403, 403, 403, 403, 403, 302]


def _client(client, operator, persona):
    if persona in OPERATOR_ROLES:
        return member_client(client, operator, OPERATOR_ROLES[persona])
    organisation, role = {
        "platform": (OrganisationFactory(kind=OrganisationKind.CAPTATION_PLATFORM), Role.CAPTATION_OFFICER),
        "siao": (OrganisationFactory(siao=True), Role.SIAO_AGENT),
        "state": (OrganisationFactory(state=True), Role.STATE_COORDINATOR),
        "local_authority": (OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY), Role.READ_ONLY),
        "network": (OrganisationFactory(kind=OrganisationKind.NETWORK), Role.DIRECTOR),
        "other": (OrganisationFactory(), Role.DIRECTOR),
    }[persona]
    return member_client(client, organisation, role)


@pytest.fixture
def world(operator):
    lease = LeaseFactory(stay__household__organisation=operator)
    services.generate_calls(operator, date(2026, 3, 1), None)
    services.record_payment(lease, Decimal("650"), date(2026, 3, 6), acting_user=None)
    return {"lease": lease, "stay": StayFactory(household__organisation=operator)}


def _urls(world):
    lease, pk = world["lease"], world["lease"].pk
    return {
        "rental_home": (reverse("www:rental_home"), LIST),
        "ledger_list": (reverse("www:ledger_list"), LIST),
        "arrears": (reverse("www:arrears"), LIST),
        "arrears_export": (reverse("www:arrears_export", args=["csv"]), LIST),
        "lease_ledger": (reverse("www:lease_ledger", args=[pk]), READ),
        "lease_receipt": (reverse("www:lease_receipt", args=[pk, "2026-03"]), READ),
        "lease_statement": (
            reverse("www:lease_statement", args=[pk]) + "?start=2026-03-01&end=2026-03-31",
            READ,
        ),
        "lease_edit": (reverse("www:lease_edit", args=[pk]), EDIT),
        "differential_create": (reverse("www:differential_create", args=[pk]), EDIT),
        "caf_report_create": (reverse("www:caf_report_create", args=[pk]), REPORT),
        "lease_create": (reverse("www:lease_create", args=[world["stay"].pk]), EDIT),
        "dwelling_account": (reverse("www:dwelling_account", args=[lease.stay.dwelling_id]), OWNER),
    }


NAMES = [
    "rental_home",
    "ledger_list",
    "arrears",
    "arrears_export",
    "lease_ledger",
    "lease_receipt",
    "lease_statement",
    "lease_edit",
    "differential_create",
    "caf_report_create",
    "lease_create",
    "dwelling_account",
]
CASES = [(name, index, persona) for name in NAMES for index, persona in enumerate(PERSONAS)]


@pytest.mark.parametrize(("name", "index", "persona"), CASES, ids=[f"{n}-{p}" for n, _, p in CASES])
def test_pages(client, operator, world, name, index, persona):
    url, statuses = _urls(world)[name]
    assert _client(client, operator, persona).get(url).status_code == statuses[index]


POSTS = ["lease_payment", "lease_entry_reverse", "lease_edit", "differential_create", "caf_report_create"]
POST_CASES = [(name, index, persona) for name in POSTS for index, persona in enumerate(PERSONAS)]


@pytest.mark.parametrize(("name", "index", "persona"), POST_CASES, ids=[f"{n}-{p}" for n, _, p in POST_CASES])
def test_posts_refused_or_sent_back_as_invalid(client, operator, world, name, index, persona):
    statuses = REPORT if name == "caf_report_create" else EDIT
    expected = 400 if statuses[index] == 200 else statuses[index]  # an empty form is refused
    response = _client(client, operator, persona).post(reverse(f"www:{name}", args=[world["lease"].pk]), {})
    assert response.status_code == expected


@pytest.mark.parametrize(("index", "persona"), list(enumerate(PERSONAS)))
def test_generating_calls(client, operator, world, index, persona):
    response = _client(client, operator, persona).post(
        reverse("www:calls_generate"), {"month": f"{timezone.localdate():%Y-%m}"}
    )
    assert response.status_code == CALLS[index]


def test_another_operator_sees_empty_lists(client, world):
    other = _client(client, None, "other")
    assert str(world["lease"].stay.household) not in other.get(reverse("www:ledger_list")).content.decode()


def test_a_social_worker_sees_the_balance_but_not_the_owner_side(client, operator, world):
    lease = world["lease"]
    worker = _client(client, operator, "social_worker")
    page = worker.get(reverse("www:lease_ledger", args=[lease.pk])).content.decode()
    assert 'data-testid="solde"' in page
    assert "Compte du propriétaire" not in page and "Loyer dû au propriétaire" not in page
    household = worker.get(lease.stay.household.get_absolute_url()).content.decode()
    assert 'data-testid="panel-solde"' in household and "Loyer dû au propriétaire" not in household


#             dir  rm   sw   lit  capt ro   plat siao state local net  other
OWNER_EDIT = [400, 400, 403, 403, 403, 403, 403, 403, 403, 403, 403, 404]
OWNER_POSTS = ["dwelling_payover", "dwelling_entry_reverse"]
OWNER_CASES = [(name, index, persona) for name in OWNER_POSTS for index, persona in enumerate(PERSONAS)]


@pytest.mark.parametrize(
    ("name", "index", "persona"), OWNER_CASES, ids=[f"{n}-{p}" for n, _, p in OWNER_CASES]
)
def test_owner_side_writes(client, operator, world, name, index, persona):
    """« Reverser au propriétaire » and the owner entries' counter-passing: the direction and rental managers
    (an empty form is refused, 400); read-only members see the owner's account but write nothing (403); a
    social worker never sees it (403); another operator's dwelling is not found (404)."""
    url = reverse(f"www:{name}", args=[world["lease"].stay.dwelling_id])
    assert _client(client, operator, persona).post(url, {}).status_code == OWNER_EDIT[index]
