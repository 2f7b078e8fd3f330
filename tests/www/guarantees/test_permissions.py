"""Every URL of the guarantees area × every kind of member: the six operator roles, another operator of the
region (its own view of the fund; the operator's records: 404), an operator of another region, the fund's
manager (director, read-only), another network, a SIAO agent, the DREETS and a DDETS of the region, the DREETS
of another region, a captation platform's member and a local authority's member. Never a 500."""

from datetime import date

import pytest
from django.urls import reverse

from clef.organisations.models import OrganisationKind, Role
from tests.conftest import member_client
from tests.factories.guarantees import (
    FundClaimDocumentFactory,
    NetworkFactory,
    VisaleClaimFactory,
    VisaleGuaranteeFactory,
)
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

FUND_URLS = [
    "fund_home",
    "fund_detail",
    "fund_contributions",
    "fund_claims",
    "fund_claim_create",
    "fund_claim_detail",
    "fund_claim_document",
]
VISALE_URLS = ["visale_list", "visale_create", "visale_edit", "visale_claim_create", "visale_claim_edit"]
URLS = FUND_URLS + VISALE_URLS

ALL_FUND = dict.fromkeys(FUND_URLS, 200) | {"fund_home": 302}
READ_FUND = ALL_FUND | {"fund_claim_create": 403}
NO_FUND = dict.fromkeys(FUND_URLS, 403)
NO_VISALE = dict.fromkeys(VISALE_URLS, 403)
ALL_VISALE = dict.fromkeys(VISALE_URLS, 200)
READ_VISALE = NO_VISALE | {"visale_list": 200}
OTHER_OPERATOR = ALL_FUND | {"fund_claim_detail": 404, "fund_claim_document": 404}
OTHER_OPERATOR |= ALL_VISALE | {"visale_edit": 404, "visale_claim_create": 404, "visale_claim_edit": 404}
OUT_OF_REGION = {"fund_home": 200, "fund_detail": 404, "fund_contributions": 404, "fund_claims": 404}
OUT_OF_REGION |= {"fund_claim_create": 404, "fund_claim_detail": 404, "fund_claim_document": 404}

EXPECTED = {
    Role.DIRECTOR: ALL_FUND | ALL_VISALE,
    Role.RENTAL_MANAGER: ALL_FUND | ALL_VISALE,
    Role.LITIGATION_OFFICER: ALL_FUND | READ_VISALE | {"visale_claim_create": 200, "visale_claim_edit": 200},
    Role.READ_ONLY: READ_FUND | READ_VISALE,
    Role.SOCIAL_WORKER: NO_FUND | READ_VISALE,
    Role.CAPTATION_OFFICER: NO_FUND | NO_VISALE,
    "other_operator": OTHER_OPERATOR,
    "operator_elsewhere": OUT_OF_REGION
    | ALL_VISALE
    | {"visale_edit": 404, "visale_claim_create": 404}
    | {"visale_claim_edit": 404},
    "manager_director": READ_FUND | NO_VISALE,
    "manager_reader": READ_FUND | NO_VISALE,
    "other_network": OUT_OF_REGION | {"fund_claim_create": 403} | NO_VISALE,
    "siao_agent": NO_FUND | NO_VISALE,
    "dreets": READ_FUND | NO_VISALE,
    "ddets": READ_FUND | NO_VISALE,
    "dreets_elsewhere": OUT_OF_REGION | {"fund_claim_create": 403} | NO_VISALE,
    "platform": NO_FUND | NO_VISALE,
    "local_authority": NO_FUND | NO_VISALE,
}


def _client(client, operator, network, who):
    if who in Role.values:
        return member_client(client, operator, who)
    organisation, role = {
        "other_operator": (lambda: OrganisationFactory(), Role.DIRECTOR),
        "operator_elsewhere": (lambda: OrganisationFactory(head_office_department_id="75"), Role.DIRECTOR),
        "manager_director": (lambda: network, Role.DIRECTOR),
        "manager_reader": (lambda: network, Role.READ_ONLY),
        "other_network": (
            lambda: NetworkFactory(region_id="11", head_office_department_id="75"),
            Role.DIRECTOR,
        ),
        "siao_agent": (lambda: OrganisationFactory(siao=True), Role.SIAO_AGENT),
        "dreets": (lambda: OrganisationFactory(state=True), Role.STATE_COORDINATOR),
        "ddets": (lambda: OrganisationFactory(ddets=True), Role.STATE_COORDINATOR),
        "dreets_elsewhere": (lambda: OrganisationFactory(state=True, region_id="11"), Role.STATE_COORDINATOR),
        "platform": (lambda: OrganisationFactory(kind=OrganisationKind.CAPTATION_PLATFORM), Role.READ_ONLY),
        "local_authority": (
            lambda: OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY),
            Role.READ_ONLY,
        ),
    }[who]
    return member_client(client, organisation(), role)


@pytest.fixture
def records(fund, claim, operator):
    guarantee = VisaleGuaranteeFactory(
        lease__stay__household__organisation=operator, valid_from=date(2024, 1, 1)
    )
    return {
        "fund_detail": fund.pk,
        "fund_contributions": fund.pk,
        "fund_claims": fund.pk,
        "fund_claim_create": fund.pk,
        "fund_claim_detail": claim.pk,
        "fund_claim_document": FundClaimDocumentFactory(claim=claim).pk,
        "visale_edit": guarantee.pk,
        "visale_claim_create": guarantee.pk,
        "visale_claim_edit": VisaleClaimFactory(guarantee=guarantee).pk,
    }


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_url_for_every_member(client, operator, network, records, who):
    _client(client, operator, network, who)
    for name in URLS:
        url = reverse(f"www:{name}", args=[records[name]] if name in records else [])
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code == EXPECTED[who][name], (who, name)


@pytest.mark.parametrize("who", [Role.DIRECTOR, "dreets", "manager_reader"])
def test_only_the_managers_direction_decides_and_records_contributions(
    client, operator, network, records, who
):
    _client(client, operator, network, who)
    claim_url = reverse("www:fund_claim_detail", args=[records["fund_claim_detail"]])
    decision = {
        "action": "decision",
        "status": "acceptee",
        "decided_on": "2025-05-02",
        "amount_granted": "1",
        "version": "1",
    }
    assert client.post(claim_url, decision).status_code == 403
    contributions = reverse("www:fund_contributions", args=[records["fund_contributions"]])
    assert client.post(contributions, {"action": "contribution"}).status_code == 403


def test_the_manager_never_adds_documents_to_an_operators_claim(client, operator, network, records):
    _client(client, operator, network, "manager_director")
    claim_url = reverse("www:fund_claim_detail", args=[records["fund_claim_detail"]])
    assert client.post(claim_url, {"action": "document"}).status_code == 403


def test_the_menu_entry_for_the_network_and_the_state_only(client, operator, network):
    for who, shown in (
        ("manager_reader", True),
        ("dreets", True),
        (Role.DIRECTOR, False),
        ("siao_agent", False),
    ):
        _client(client, operator, network, who)
        page = client.get(reverse("www:home")).content.decode()
        assert (reverse("www:fund_home") in page) is shown, who
