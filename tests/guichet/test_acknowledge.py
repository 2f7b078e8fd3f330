"""Taking a request in charge: the landlord, the offered dwelling and the lead open in the operator's
pipeline with what the owner typed (nothing retyped), origin « guichet »; only the operator it is
confided to, by its deadline; the request follows its lead (signed → closed « logement capté »)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.captation.enums import LandlordKind, Origin, Stage
from clef.captation.models import Lead
from clef.guichet import services
from clef.guichet.enums import EventKind, Outcome, Status
from clef.guichet.models import OwnerRequest
from clef.organisations.models import Role
from tests.factories.captation import LandlordFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import MembershipFactory
from tests.guichet.conftest import TODAY, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def confided(desk, epci_rule):
    request, _ = submit(desk, message="Refait à neuf en 2024.")
    return request


@pytest.fixture
def officer(operators):
    return MembershipFactory(organisation=operators[0], role=Role.CAPTATION_OFFICER).user


def test_acknowledging_opens_the_lead_with_what_the_owner_typed(confided, operators, officer):
    request = services.acknowledge(request=confided, operator=operators[0], acting_user=officer, today=TODAY)
    lead = request.lead
    assert (request.status, request.acknowledged_on, request.acknowledged_by) == (
        Status.PRISE_EN_CHARGE,
        TODAY,
        officer,
    )
    assert (lead.organisation, lead.managing_operator, lead.origin, lead.stage, lead.preferred_mode) == (
        operators[0],
        operators[0],
        Origin.GUICHET,
        Stage.PROSPECT,
        "mandat_gestion",
    )
    landlord = lead.landlord
    assert (landlord.kind, landlord.first_name, landlord.name, landlord.email, landlord.phone) == (
        LandlordKind.PARTICULIER,
        "Hélène",
        "Martin",
        "helene.martin@example.org",
        "06 12 34 56 78",
    )
    assert landlord.consent_to_contact and landlord.consent_on is not None
    offered = lead.offered_dwelling
    assert (offered.commune_id, offered.typology, offered.surface_m2, offered.rent_asked) == (
        "73065",
        "T2",
        Decimal("42.5"),
        Decimal("560.00"),
    )
    assert (offered.available_from, offered.comments) == (confided.available_from, "Refait à neuf en 2024.")
    assert request.events.filter(kind=EventKind.PRISE_EN_CHARGE, by=officer).exists()


def test_a_landlord_already_known_by_the_operator_is_reused(confided, operators, officer):
    known = LandlordFactory(organisation=operators[0], email="HELENE.MARTIN@example.org")
    request = services.acknowledge(request=confided, operator=operators[0], acting_user=officer, today=TODAY)
    assert request.lead.landlord == known


def test_an_undecided_owner_leaves_the_mode_open(desk, epci_rule, operators, officer):
    request, _ = submit(desk, preferred_mode="indifferent")
    request = services.acknowledge(request=request, operator=operators[0], acting_user=officer, today=TODAY)
    assert request.lead.preferred_mode == ""


def test_another_operator_cannot_take_it(confided, operators, officer):
    with pytest.raises(ValidationError, match="n'est pas confiée à votre structure"):
        services.acknowledge(request=confided, operator=operators[1], acting_user=officer, today=TODAY)
    assert not Lead.objects.exists()


def test_after_the_deadline_it_cannot_be_taken(confided, operators, officer):
    late = confided.acknowledge_by + timedelta(days=1)
    with pytest.raises(ValidationError, match="délai de prise en charge est dépassé"):
        services.acknowledge(request=confided, operator=operators[0], acting_user=officer, today=late)
    services.acknowledge(
        request=confided, operator=operators[0], acting_user=officer, today=confided.acknowledge_by
    )


def test_taken_twice_is_refused(confided, operators, officer):
    services.acknowledge(request=confided, operator=operators[0], acting_user=officer, today=TODAY)
    with pytest.raises(ValidationError, match="déjà prise en charge"):
        services.acknowledge(request=confided, operator=operators[0], acting_user=officer, today=TODAY)
    assert Lead.objects.count() == 1


def test_the_request_follows_its_signed_lead(confided, operators, officer):
    request = services.acknowledge(request=confided, operator=operators[0], acting_user=officer, today=TODAY)
    assert services.sync_captured() == 0
    Lead.objects.filter(pk=request.lead_id).update(
        stage=Stage.ENGAGEMENT_SIGNE, signed_on=TODAY + timedelta(days=20)
    )
    assert services.sync_captured(requests=OwnerRequest.objects.filter(pk=request.pk)) == 1
    request.refresh_from_db()
    assert (request.status, request.outcome, request.closed_on) == (
        Status.CLOSE,
        Outcome.CAPTEE,
        TODAY + timedelta(days=20),
    )
    assert services.sync_captured() == 0  # once


def test_a_request_in_charge_keeps_its_share_when_closed(confided, operators, officer):
    from clef.organisations.models import Share

    request = services.acknowledge(request=confided, operator=operators[0], acting_user=officer, today=TODAY)
    services.close(request=request, outcome=Outcome.SANS_SUITE, acting_user=officer, today=TODAY)
    share = Share.objects.of_model(OwnerRequest).get(object_id=request.pk)
    assert share.revoked_at is None  # the operator still reads what it took in charge


def test_a_signed_dwelling_is_a_real_dwelling(confided, operators, officer):
    """`mark_signed` (the contracts' signing) is what signs a lead; the request follows it."""
    from clef.captation.services import mark_signed, move_lead

    request = services.acknowledge(request=confided, operator=operators[0], acting_user=officer, today=TODAY)
    move_lead(lead=request.lead, to_stage=Stage.VISITE, on=TODAY, acting_user=officer)
    dwelling = DwellingFactory(organisation=operators[0])
    mark_signed(lead=Lead.objects.get(pk=request.lead_id), on=TODAY, dwelling=dwelling, acting_user=officer)
    services.sync_captured()
    request.refresh_from_db()
    assert (request.status, request.outcome) == (Status.CLOSE, Outcome.CAPTEE)
