"""Hostile parameters on the coordination pages (bilan, exports, campaigns, imports) answer with a page
or a 404, never a server error (issue 6 §3)."""

import pytest
from django.urls import reverse

from clef.organisations.models import Role
from tests.factories.organisations import MembershipFactory, OrganisationFactory

HOSTILE = [
    "99999999999999999999999",
    "-1",
    "abc",
    "x" * 5000,
    "structure:99999999999999999999",
    "departement:" + "9" * 40,
    "structure:" + "9" * 4301,  # beyond Python's int-from-string limit (4 300 digits)
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "director"])
def test_no_server_error_on_hostile_parameters(client, role):
    client.raise_request_exception = False
    if role == "coordinator":
        membership = MembershipFactory(
            organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR
        )
    else:
        membership = MembershipFactory(organisation=OrganisationFactory(), role=Role.DIRECTOR)
    client.force_login(membership.user)
    answers = []
    for value in HOSTILE:
        answers.append(client.get(reverse("www:bilan"), {"annee": value, "perimetre": value}).status_code)
        answers.append(
            client.get(reverse("www:bilan_export"), {"format": value, "perimetre": value}).status_code
        )
        answers.append(
            client.get(reverse("www:bilan_export"), {"format": "json", "annee": value}).status_code
        )
    huge = 2**70
    answers.append(client.get(f"/collectes/{huge}/").status_code)
    answers.append(client.get(f"/declarations/{huge}/").status_code)
    answers.append(client.get(f"/echanges/import/{huge}/").status_code)
    answers.append(client.get(f"/bilan/rapports/{huge}/").status_code)
    answers.append(client.get(f"/bilan/rapports/{huge}/etat.json").status_code)
    answers.append(client.get(f"/bilan/rapports/{huge}/rapport.pdf").status_code)
    for value in HOSTILE:
        answers.append(
            client.post(reverse("www:bilan_report_new"), {"annee": value, "perimetre": value}).status_code
        )
    answers.append(client.post(reverse("www:import_new"), {"organisation": str(huge)}).status_code)
    answers.append(
        client.post(
            reverse("www:campaign_list"),
            {"year": str(huge), "department": "9" * 50, "deadline": "99999-01-01"},
        ).status_code
    )
    assert all(code < 500 for code in answers), answers
