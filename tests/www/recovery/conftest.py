"""The world of the recovery pages: an operator whose household owes 900 € on 20/01/2026 (600 € + 50 € due on
the 5th; two calls, 400 € paid), with a reminder, a repayment plan and a litigation case; and the members of
every kind who try them."""

from datetime import date

import pytest

from clef.organisations.models import OrganisationKind, Role
from clef.recovery import services
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.recovery import LitigationCaseFactory, ReminderFactory
from tests.factories.rental import LeaseFactory
from tests.recovery.conftest import call, pay

PERSONAS = [
    "director",
    "social_worker",
    "rental_manager",
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
    "social_worker": Role.SOCIAL_WORKER,
    "rental_manager": Role.RENTAL_MANAGER,
    "litigation_officer": Role.LITIGATION_OFFICER,
    "captation_officer": Role.CAPTATION_OFFICER,
    "read_only": Role.READ_ONLY,
}


def arrears_lease(organisation=None):
    lease = LeaseFactory(**({"stay__household__organisation": organisation} if organisation else {}))
    call(lease, date(2025, 12, 1))
    call(lease, date(2026, 1, 1))
    pay(lease, date(2026, 1, 10), "400.00")
    return lease


@pytest.fixture
def world(db):
    lease = arrears_lease()
    owner = lease.organisation
    director = MembershipFactory(organisation=owner, role=Role.DIRECTOR).user
    plan = services.create_plan(
        lease=lease,
        instalments_count=6,
        first_due_on=date(2026, 2, 5),
        agreed_on=date(2026, 1, 20),
        acting_user=director,
    )
    case = LitigationCaseFactory(lease=lease)
    reminder = ReminderFactory(lease=lease)
    return {"owner": owner, "lease": lease, "plan": plan, "case": case, "reminder": reminder}


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
        network = OrganisationFactory(kind=OrganisationKind.NETWORK, name="Fapil AURA (test)")
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
