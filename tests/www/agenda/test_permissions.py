"""Every URL of the agenda area × every kind of member: operator roles, a partner operator doing the
support of one of the households (SUPPORT share), another operator, a SIAO agent, a State coordinator."""

from datetime import date

import pytest
from django.urls import reverse

from clef.organisations.models import Role, Share
from clef.organisations.services import share_record
from tests.conftest import member_client
from tests.factories.agenda import AgendaItemFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

OPERATOR_ROLES = [
    Role.DIRECTOR,
    Role.SOCIAL_WORKER,
    Role.RENTAL_MANAGER,
    Role.CAPTATION_OFFICER,
    Role.READ_ONLY,
]
OUTSIDERS = ["partner", "other_operator", "siao_agent", "state_coordinator"]


@pytest.fixture
def item(operator):
    return AgendaItemFactory(meeting__organisation=operator)


def _client(client, operator, who, item):
    if who in OPERATOR_ROLES:
        return member_client(client, operator, who)
    if who == "partner":
        partner = OrganisationFactory(name="Clé solidaire (test)")
        director = MembershipFactory(organisation=operator, role=Role.DIRECTOR)
        share_record(
            record=item.household,
            partner=partner,
            access=Share.Access.SUPPORT,
            reason="Accompagnement délégué",
            starts_on=date(2026, 1, 1),
            acting_user=director.user,
        )
        return member_client(client, partner, Role.DIRECTOR)
    if who == "other_operator":
        return member_client(client, OrganisationFactory(), Role.DIRECTOR)
    if who == "siao_agent":
        return member_client(client, OrganisationFactory(siao=True), Role.SIAO_AGENT)
    return member_client(client, OrganisationFactory(state=True), Role.STATE_COORDINATOR)


def _request(client, name, item):
    meeting = item.meeting
    if name == "list":
        return client.get(reverse("www:meeting_list"))
    if name == "prepare":
        return client.post(reverse("www:meeting_list"), {"held_on": "2026-11-12"})
    if name == "detail":
        return client.get(reverse("www:meeting_detail", args=[meeting.pk]))
    if name == "refresh":
        return client.post(reverse("www:meeting_refresh", args=[meeting.pk]))
    if name == "decision":
        url = reverse("www:meeting_item_decision", args=[meeting.pk, item.pk])
        return client.post(url, {f"point-{item.pk}-decision": "Renouveler.", f"point-{item.pk}-version": "1"})
    if name == "pdf":
        return client.get(reverse("www:meeting_pdf", args=[meeting.pk]))
    if name == "todo":
        return client.get(reverse("www:todo"))
    if name == "practice":
        return client.get(reverse("www:practice_settings"))
    assert name == "practice_edit"
    return client.post(reverse("www:practice_settings"), {"meeting_every_months": "2"})


WHO = [*OPERATOR_ROLES, *OUTSIDERS]
# url → status for each of WHO (director, social worker, rental manager, captation, read-only, partner,
# other operator, SIAO agent, State coordinator). 302: done (redirect); 400: the form refused the input.
MATRIX = {
    "list": [200, 200, 200, 200, 200, 200, 200, 403, 403],
    "prepare": [302, 302, 302, 403, 403, 302, 302, 403, 403],
    "detail": [200, 200, 200, 200, 200, 404, 404, 404, 404],
    "refresh": [302, 302, 302, 403, 403, 404, 404, 404, 404],
    "decision": [302, 302, 302, 403, 403, 404, 404, 404, 404],
    "pdf": [200, 200, 200, 200, 200, 404, 404, 404, 404],
    # captation officers: the section « Captation : actions à mener » serves them
    "todo": [200, 200, 200, 200, 403, 200, 200, 200, 403],
    "practice": [200, 200, 200, 200, 200, 200, 200, 403, 403],
    "practice_edit": [400, 403, 403, 403, 403, 400, 400, 403, 403],
}
CASES = [
    (name, who, status)
    for name, statuses in MATRIX.items()
    for who, status in zip(WHO, statuses, strict=True)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "who", "status"), CASES, ids=[f"{n}-{w}-{s}" for n, w, s in CASES])
def test_permission_matrix(client, operator, item, name, who, status):
    client = _client(client, operator, who, item)
    response = _request(client, name, item)
    assert response.status_code == status


@pytest.mark.django_db
def test_a_partner_or_another_operator_prepares_only_its_own_meeting(client, operator, item):
    client = _client(client, operator, "partner", item)
    _request(client, "prepare", item)
    assert item.meeting.__class__.objects.filter(organisation=operator).count() == 1
    assert item.meeting.__class__.objects.filter(organisation=client.membership.organisation).count() == 1
