"""The world of the lease's yearly life pages, relative to today: an operator with a household whose first
lease anniversary is in 10 days (rent 500 €, reference IRL T1 2020 = 143,46, T1 2021 = 145,47: revised
507,01 €), under a main lease since 2020 (its owner's rent revision lacks its index); a household with
charges provisions called last year; a household who left with a deposit of 600 € held. And the members of
every kind who try the pages."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from clef.leases.rules import anniversary
from clef.organisations.models import OrganisationKind, Role
from clef.rental.enums import Account, EntryKind
from tests.factories.leases import IrlIndexFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory
from tests.factories.stays import StayFactory

PERSONAS = [
    "director",
    "rental_manager",
    "social_worker",
    "litigation_officer",
    "captation_officer",
    "read_only",
    "platform",
    "siao",
    "state",
    "local_authority",
    "network",
    "admin",
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
    today = timezone.localdate()
    owner = OrganisationFactory(name="Toit Partagé (test)")
    IrlIndexFactory(year=2020, quarter=1, value=Decimal("143.46"))
    IrlIndexFactory(year=2021, quarter=1, value=Decimal("145.47"))
    start = today - timedelta(days=355)
    revised = LeaseFactory(
        stay=StayFactory(household__organisation=owner, entry_date=start),
        rent=Decimal("500.00"),
        irl_year=2020,
        irl_quarter=1,
    )
    charged = LeaseFactory(stay=StayFactory(household__organisation=owner, entry_date=date(2023, 1, 1)))
    for month in (1, 2, 3):
        LedgerEntryFactory(
            lease=charged,
            kind=EntryKind.APPEL_CHARGES,
            period=date(today.year - 1, month, 1),
            booked_on=date(today.year - 1, month, 1),
            amount=Decimal("50.00"),
        )
    exit_on = today - timedelta(days=5)
    left = LeaseFactory(
        stay=StayFactory(
            household__organisation=owner, exited=True, entry_date=date(2023, 1, 1), exit_date=exit_on
        ),
        ends_on=None,
    )
    LedgerEntryFactory(
        lease=left,
        account=Account.DEPOT,
        kind=EntryKind.DEPOT_PAIEMENT,
        period=None,
        amount=Decimal("-600.00"),
    )
    return {
        "owner": owner,
        "today": today,
        "revised": revised,
        "due_on": anniversary(start, start.year + 1),
        "charged": charged,
        "left": left,
        "contract": revised.contract,
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
        return MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    if persona == "local_authority":
        authority = OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY, name="Grand Chambéry (test)")
        return MembershipFactory(organisation=authority, role=Role.READ_ONLY)
    if persona == "network":
        network = OrganisationFactory(kind=OrganisationKind.NETWORK, name="Fapil (test)")
        return MembershipFactory(organisation=network, role=Role.DIRECTOR)
    if persona == "admin":
        return MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.PLATFORM_ADMIN)
    return MembershipFactory(organisation=OrganisationFactory(), role=Role.DIRECTOR)


@pytest.fixture
def login(client, world):
    def login_as(persona):
        membership = member(world, persona)
        client.force_login(membership.user)
        client.membership = membership
        return client

    return login_as
