"""A small orientation world: an operator of the Rhône with a vacant dwelling made available to the SIAO of
the Rhône, a pending and an accepted proposal, a present household with a re-orientation request."""

from dataclasses import dataclass
from datetime import date

import pytest

from clef.households.models import Household
from clef.organisations.models import Organisation, Role
from clef.orientation.enums import Decision, HouseholdAnswer
from clef.orientation.models import Availability, Proposal, ReorientationRequest
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.orientation import AvailabilityFactory, ProposalFactory, ReorientationRequestFactory
from tests.factories.stays import StayFactory


@dataclass
class World:
    operator: Organisation
    siao: Organisation
    availability: Availability
    pending: Proposal
    accepted: Proposal
    request: ReorientationRequest
    household: Household  # present, with the re-orientation request


@pytest.fixture
def world(db) -> World:
    operator = OrganisationFactory(name="Toit Partagé (test)")
    siao = OrganisationFactory(siao=True, name="SIAO du Rhône (test)")
    availability = AvailabilityFactory(
        dwelling=DwellingFactory(organisation=operator, places=3), siao=siao, available_from=date(2024, 1, 1)
    )
    pending = ProposalFactory(availability=availability)
    accepted = ProposalFactory(
        availability=availability,
        decision=Decision.ACCEPTED,
        decided_on=date(2024, 1, 20),
        household_answer=HouseholdAnswer.YES,
        household=HouseholdFactory(organisation=operator),
    )
    stay = StayFactory(household__organisation=operator, entry_date=date(2023, 1, 1))
    request = ReorientationRequestFactory(stay=stay, siao=siao)
    return World(operator, siao, availability, pending, accepted, request, stay.household)


# Who tries: (organisation kind in the world, role).
PERSONAS = {
    "director": ("operator", Role.DIRECTOR),
    "social_worker": ("operator", Role.SOCIAL_WORKER),
    "rental_manager": ("operator", Role.RENTAL_MANAGER),
    "captation_officer": ("operator", Role.CAPTATION_OFFICER),
    "read_only": ("operator", Role.READ_ONLY),
    "siao_agent": ("siao", Role.SIAO_AGENT),
    "siao_read_only": ("siao", Role.READ_ONLY),
    "other_siao_agent": ("other_siao", Role.SIAO_AGENT),
    "other_operator": ("other_operator", Role.DIRECTOR),
    "state": ("state", Role.STATE_COORDINATOR),
}


def login_as(client, world: World, persona: str):
    kind, role = PERSONAS[persona]
    organisation = {
        "operator": world.operator,
        "siao": world.siao,
        "other_siao": lambda: OrganisationFactory(siao=True, head_office_department_id="38"),
        "other_operator": lambda: OrganisationFactory(),
        "state": lambda: OrganisationFactory(state=True),
    }[kind]
    organisation = organisation() if callable(organisation) else organisation
    membership = MembershipFactory(organisation=organisation, role=role)
    client.force_login(membership.user)
    client.membership = membership
    return client
