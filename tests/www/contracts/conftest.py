"""The world of the contracts pages: an operator (carte professionnelle valid from 01/01/2026 to
31/12/2028) with a dwelling under a main lease (bank details recorded), a convention requested, a lead at
« visite »; and the members of every kind who try them."""

from datetime import date

import pytest

from clef.captation.enums import Stage
from clef.organisations.models import OrganisationKind, Role
from tests.factories.captation import LeadFactory
from tests.factories.contracts import AnahConventionFactory, ContractFactory, OwnerBankAccountFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

PERSONAS = [
    "director",
    "social_worker",
    "rental_manager",
    "captation_officer",
    "read_only",
    "platform",
    "siao",
    "state",
    "local_authority",
    "other",
]
OPERATOR_ROLES = {
    "director": Role.DIRECTOR,
    "social_worker": Role.SOCIAL_WORKER,
    "rental_manager": Role.RENTAL_MANAGER,
    "captation_officer": Role.CAPTATION_OFFICER,
    "read_only": Role.READ_ONLY,
}


@pytest.fixture
def world(db):
    owner = OrganisationFactory(
        name="Toit Partagé (test)",
        has_carte_professionnelle=True,
        carte_pro_issued_on=date(2026, 1, 1),
        carte_pro_expiry=date(2028, 12, 31),
    )
    contract = ContractFactory(
        dwelling__organisation=owner, landlord__name="Durand", landlord__first_name="Paul"
    )
    account = OwnerBankAccountFactory(landlord=contract.landlord, holder="Paul Durand")
    contract.bank_account = account
    contract.save()
    convention = AnahConventionFactory(dwelling=contract.dwelling, landlord=contract.landlord)
    lead = LeadFactory(landlord__organisation=owner, stage=Stage.VISITE)
    return {
        "owner": owner,
        "contract": contract,
        "account": account,
        "convention": convention,
        "dwelling": contract.dwelling,
        "lead": lead,
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
    return MembershipFactory(organisation=OrganisationFactory(), role=Role.DIRECTOR)


@pytest.fixture
def login(client, world):
    def login_as(persona):
        membership = member(world, persona)
        client.force_login(membership.user)
        client.membership = membership
        return client

    return login_as
