"""Every URL of the captation area × every kind of member: the five operator roles, a captation platform's
animator and reader, another operator (its records: 404), a SIAO agent, a State coordinator and a local
authority's member (403 everywhere)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clef.captation import services
from clef.captation.enums import ActivityKind, Stage
from clef.organisations.models import OrganisationKind, Role
from tests.conftest import member_client
from tests.factories.captation import CampaignFactory, LeadFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

WHO = [
    Role.DIRECTOR,
    Role.SOCIAL_WORKER,
    Role.RENTAL_MANAGER,
    Role.CAPTATION_OFFICER,
    Role.READ_ONLY,
    "platform_animator",
    "platform_reader",
    "other_operator",
    "siao_agent",
    "state_coordinator",
    "local_authority",
]


@pytest.fixture
def records(operator):
    lead = LeadFactory(landlord__organisation=operator, stage=Stage.PREMIER_CONTACT)
    activity = services.log_activity(
        lead=lead,
        kind=ActivityKind.DOCUMENT,
        on=date(2026, 3, 2),
        summary="Diagnostic",
        document=SimpleUploadedFile("dpe.pdf", b"%PDF-1.4"),
        acting_user=None,
    )
    return {
        "lead": lead,
        "landlord": lead.landlord,
        "activity": activity,
        "campaign": CampaignFactory(organisation=operator),
    }


def _client(client, operator, who):
    if who in Role.values:
        return member_client(client, operator, who)
    if who == "platform_animator":
        return member_client(
            client, OrganisationFactory(kind=OrganisationKind.CAPTATION_PLATFORM), Role.CAPTATION_OFFICER
        )
    if who == "platform_reader":
        return member_client(
            client, OrganisationFactory(kind=OrganisationKind.CAPTATION_PLATFORM), Role.READ_ONLY
        )
    if who == "other_operator":
        return member_client(client, OrganisationFactory(), Role.DIRECTOR)
    if who == "siao_agent":
        return member_client(client, OrganisationFactory(siao=True), Role.SIAO_AGENT)
    if who == "local_authority":
        return member_client(
            client, OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY), Role.READ_ONLY
        )
    return member_client(client, OrganisationFactory(state=True), Role.STATE_COORDINATOR)


def _request(client, name, r):
    lead, landlord = r["lead"], r["landlord"]
    get = {
        "board": reverse("www:captation_board"),
        "landlords": reverse("www:landlord_list"),
        "landlord_create": reverse("www:landlord_create"),
        "landlord": reverse("www:landlord_detail", args=[landlord.pk]),
        "landlord_edit": reverse("www:landlord_edit", args=[landlord.pk]),
        "lead_create": reverse("www:lead_create"),
        "lead": reverse("www:lead_detail", args=[lead.pk]),
        "lead_edit": reverse("www:lead_edit", args=[lead.pk]),
        "offered_edit": reverse("www:offered_edit", args=[lead.offered_dwelling.pk]),
        "document": reverse("www:activity_document", args=[r["activity"].pk]),
        "campaigns": reverse("www:captation_campaigns"),
        "campaign_edit": reverse("www:captation_campaign_edit", args=[r["campaign"].pk]),
        "indicators": reverse("www:captation_indicators"),
    }
    if name in get:
        return client.get(get[name])
    posts = {
        "move": ("www:lead_move", lead.pk, {"to_stage": Stage.VISITE, "on": "2026-03-05", "version": "1"}),
        "activity": ("www:lead_activity", lead.pk, {"kind": "appel", "on": "2026-03-05", "summary": "Appel"}),
        "next_action": (
            "www:lead_next_action",
            lead.pk,
            {"next_action": "Rappeler", "next_action_on": "2026-04-01", "version": "1"},
        ),
        "lead_landlord": ("www:lead_landlord", lead.pk, {"landlord": landlord.pk, "version": "1"}),
        "do_not_contact": (
            "www:landlord_do_not_contact",
            landlord.pk,
            {"do_not_contact": "on", "on": "2026-03-01", "version": "1"},
        ),
        "contact": ("www:landlord_contact", landlord.pk, {"name": "Marc Gérant"}),
    }
    url_name, pk, data = posts[name]
    return client.post(reverse(url_name, args=[pk]), data)


# status for each of WHO: director, social worker, rental manager, captation officer, read-only, platform
# animator, platform reader, other operator, SIAO agent, State coordinator, local authority.
# 302: done; 400: refused by the form (lead_landlord: the lead already has its landlord).
SEE = [200, 403, 200, 200, 200, 200, 200, 200, 403, 403, 403]
RECORD = [200, 403, 200, 200, 200, 404, 404, 404, 403, 403, 403]
EDIT_PAGE = [200, 403, 403, 200, 403, 200, 403, 200, 403, 403, 403]  # their own new records
EDIT_RECORD = [200, 403, 403, 200, 403, 404, 403, 404, 403, 403, 403]  # the role first
POSTED = [302, 403, 403, 302, 403, 404, 403, 404, 403, 403, 403]
MATRIX = {
    "board": SEE,
    "landlords": SEE,
    "landlord_create": EDIT_PAGE,
    "landlord": RECORD,
    "landlord_edit": EDIT_RECORD,
    "lead_create": EDIT_PAGE,
    "lead": RECORD,
    "lead_edit": EDIT_RECORD,
    "offered_edit": EDIT_RECORD,
    "document": RECORD,
    "campaigns": SEE,
    "campaign_edit": EDIT_RECORD,
    "indicators": SEE,
    "move": POSTED,
    "activity": POSTED,
    "next_action": POSTED,
    "lead_landlord": [400, 403, 403, 400, 403, 404, 403, 404, 403, 403, 403],
    "do_not_contact": POSTED,
    "contact": POSTED,
}


@pytest.mark.parametrize("name", MATRIX)
@pytest.mark.parametrize("who", WHO)
def test_permission_matrix(client, operator, records, name, who):
    expected = MATRIX[name][WHO.index(who)]
    response = _request(_client(client, operator, who), name, records)
    response.close()  # the document's file
    assert response.status_code == expected, (name, who, response.status_code)
