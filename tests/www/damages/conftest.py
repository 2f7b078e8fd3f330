"""The world of the inventories and damage-claims pages: an operator whose household « Martin » left its T2
on 31/12/2023 (entry inventory, exit inventory with a damaged kitchen and a photo, a claim of 450 € with a
quote, a sublease in the rental ledger); and the members of every kind who try them."""

from decimal import Decimal

import pytest

from clef.damages.enums import Condition, InventoryKind
from clef.organisations.models import OrganisationKind, Role
from tests.factories.damages import (
    ClaimDocumentFactory,
    DamageClaimFactory,
    InventoryFactory,
    InventoryPhotoFactory,
    InventoryRoomFactory,
)
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.rental import LeaseFactory
from tests.factories.stays import StayFactory

PERSONAS = [
    "director",
    "rental_manager",
    "social_worker",
    "litigation_officer",
    "captation_officer",
    "read_only",
    "siao",
    "state",
    "platform",
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


@pytest.fixture
def world(db):
    owner = OrganisationFactory(name="Toit Partagé (test)")
    household = HouseholdFactory(organisation=owner, reference__last_name="Martin")
    stay = StayFactory(household=household, exited=True)
    entry = InventoryFactory(stay=stay)
    for position, name in enumerate(["Séjour", "Cuisine"], start=1):
        InventoryRoomFactory(inventory=entry, position=position, name=name, condition=Condition.BON)
    exit_inventory = InventoryFactory(stay=stay, kind=InventoryKind.SORTIE, done_on=stay.exit_date)
    InventoryRoomFactory(inventory=exit_inventory, position=1, name="Séjour", condition=Condition.BON)
    kitchen = InventoryRoomFactory(
        inventory=exit_inventory,
        position=2,
        name="Cuisine",
        condition=Condition.MAUVAIS,
        repair_cost=Decimal("450"),
    )
    photo = InventoryPhotoFactory(room=kitchen)
    claim = DamageClaimFactory(stay=stay, exit_inventory=exit_inventory)
    document = ClaimDocumentFactory(claim=claim)
    lease = LeaseFactory(stay=stay)
    return {
        "owner": owner,
        "stay": stay,
        "household": household,
        "entry": entry,
        "inventory": exit_inventory,
        "photo": photo,
        "claim": claim,
        "document": document,
        "lease": lease,
    }


def member(world, persona):
    if persona in OPERATOR_ROLES:
        return MembershipFactory(organisation=world["owner"], role=OPERATOR_ROLES[persona])
    if persona == "platform":
        platform = OrganisationFactory(kind=OrganisationKind.CAPTATION_PLATFORM, name="ADIL (test)")
        return MembershipFactory(organisation=platform, role=Role.CAPTATION_OFFICER)
    if persona == "siao":
        return MembershipFactory(organisation=OrganisationFactory(siao=True), role=Role.SIAO_AGENT)
    if persona == "state":
        return MembershipFactory(organisation=OrganisationFactory(ddets=True), role=Role.STATE_COORDINATOR)
    if persona == "local_authority":
        authority = OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY, name="Grand Chambéry (test)")
        return MembershipFactory(organisation=authority, role=Role.READ_ONLY)
    if persona == "network":
        network = OrganisationFactory(kind=OrganisationKind.NETWORK, name="Fapil (test)")
        return MembershipFactory(organisation=network, role=Role.DIRECTOR)
    return MembershipFactory(organisation=OrganisationFactory(), role=Role.DIRECTOR)


@pytest.fixture
def login(client, world):
    def login_as(persona):
        membership = member(world, persona)
        client.force_login(membership.user)
        client.membership = membership
        return client

    return login_as
