"""Every URL of the Loc'Avantages area × every kind of member: the five operator roles, a captation
platform's officer, a local authority's member, a SIAO agent, a State coordinator, the platform
administrator. A role that may not: 403; another organisation's record (a lead, a local authority's
scheme): 404."""

import pytest
from django.urls import reverse

from clef.journal.models import AccessLogEntry
from clef.organisations.models import OrganisationKind, Role
from tests.conftest import member_client
from tests.factories.captation import LeadFactory
from tests.factories.locavantages import LocalAuthorityFactory, LocalBonusSchemeFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

OPERATOR_ROLES = [
    Role.DIRECTOR,
    Role.SOCIAL_WORKER,
    Role.RENTAL_MANAGER,
    Role.CAPTATION_OFFICER,
    Role.READ_ONLY,
]
WHO = [
    *OPERATOR_ROLES,
    "platform",
    "local_authority",
    "other_authority",
    "siao_agent",
    "state_coordinator",
    "platform_admin",
]
CAPTATION = {Role.DIRECTOR, Role.RENTAL_MANAGER, Role.CAPTATION_OFFICER, Role.READ_ONLY, "platform"}
SIMULATION = (
    "?commune=73065&year=2026&habitable_m2=50&annexes_m2=6&market_rent=600&mode=mandat_gestion&fee_percent=7"
)


@pytest.fixture
def scheme(db):
    return LocalBonusSchemeFactory()  # funded by « Grand Chambéry (test) »


def _client(client, operator, who, scheme):
    if who in OPERATOR_ROLES:
        return member_client(client, operator, who)
    if who == "platform":
        platform = OrganisationFactory(kind=OrganisationKind.CAPTATION_PLATFORM, name="ADIL (test)")
        return member_client(client, platform, Role.CAPTATION_OFFICER)
    if who == "local_authority":
        return member_client(client, scheme.authority, Role.READ_ONLY)
    if who == "other_authority":
        return member_client(client, LocalAuthorityFactory(), Role.READ_ONLY)
    if who == "siao_agent":
        return member_client(client, OrganisationFactory(siao=True), Role.SIAO_AGENT)
    if who == "state_coordinator":
        return member_client(client, OrganisationFactory(state=True), Role.STATE_COORDINATOR)
    return member_client(client, OrganisationFactory(state=True), Role.PLATFORM_ADMIN)


EXPECTED = {
    # url key → who gets 200 (everyone else 403), and who gets 404
    "simulation": (CAPTATION, set()),
    "simulation_result": (CAPTATION, set()),
    "simulation_pdf": (CAPTATION, set()),
    "ceilings_upload": ({"platform_admin"}, set()),
    "bonus_schemes": (CAPTATION | {"local_authority", "other_authority", "platform_admin"}, set()),
    "bonus_scheme_create": ({"local_authority", "other_authority", "platform_admin"}, set()),
    "bonus_scheme_edit": ({"local_authority", "platform_admin"}, {"other_authority"}),
}


def _get(client, key, scheme):
    if key == "simulation":
        return client.get(reverse("www:simulation"))
    if key == "simulation_result":
        return client.get(reverse("www:simulation") + SIMULATION)
    if key == "simulation_pdf":
        return client.get(reverse("www:simulation_pdf") + SIMULATION)
    if key == "bonus_scheme_edit":
        return client.get(reverse("www:bonus_scheme_edit", args=[scheme.pk]))
    return client.get(reverse(f"www:{key}"))


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_permission_matrix(client, operator, scheme, key, who):
    allowed, hidden = EXPECTED[key]
    response = _get(_client(client, operator, who, scheme), key, scheme)
    expected = 200 if who in allowed else 404 if who in hidden else 403
    assert response.status_code == expected


@pytest.mark.parametrize("who", WHO)
def test_only_the_administrator_loads_ceilings(client, operator, scheme, who):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"annee;code_commune;niveau;plafond_m2\n2026;73065;loc1;10\n"
    response = _client(client, operator, who, scheme).post(
        reverse("www:ceilings_upload"), {"file": SimpleUploadedFile("p.csv", data)}
    )
    assert response.status_code == (302 if who == "platform_admin" else 403)


@pytest.mark.parametrize("who", WHO)
def test_who_may_change_a_scheme(client, operator, scheme, who):
    response = _client(client, operator, who, scheme).post(
        reverse("www:bonus_scheme_edit", args=[scheme.pk]),
        {
            "name": "Prime modifiée",
            "epci": scheme.epci_id,
            "amount": "1200",
            "for_mandat_gestion": "on",
            "for_loc2": "on",
            "valid_from": "2026-01-01",
            "version": scheme.version,
            "authority": scheme.authority_id,
        },
    )
    scheme.refresh_from_db()
    if who in {"local_authority", "platform_admin"}:
        assert response.status_code == 302
        assert scheme.name == "Prime modifiée"
    else:
        assert response.status_code == (404 if who == "other_authority" else 403)
        assert scheme.name != "Prime modifiée"


@pytest.mark.parametrize("who", [Role.CAPTATION_OFFICER, Role.READ_ONLY, "other_operator", "platform"])
def test_a_lead_prefills_only_for_its_organisation(client, operator, scheme, who):
    lead = LeadFactory(landlord__organisation=operator)
    if who == "other_operator":
        client = member_client(client, OrganisationFactory(), Role.CAPTATION_OFFICER)
    else:
        client = _client(client, operator, who, scheme)
    response = client.get(reverse("www:simulation") + f"?dossier={lead.pk}")
    assert response.status_code == (200 if who in OPERATOR_ROLES else 404)


def test_a_leads_managing_operator_does_not_get_it_prefilled(client, operator):
    """The captation area shows a lead (a landlord's file) to the captating organisation only: the operator
    named to manage the dwelling gets 404, and nothing is logged as read."""
    managing = OrganisationFactory()
    lead = LeadFactory(landlord__organisation=operator, managing_operator=managing)
    other = member_client(client, managing, Role.CAPTATION_OFFICER)
    assert other.get(reverse("www:simulation") + f"?dossier={lead.pk}").status_code == 404
    assert not AccessLogEntry.objects.exists()
