"""Personas of the funding pages: an operator of the Rhône (each role), another operator (Isère), the SIAO,
State services (DDETS of the Rhône and of the Isère, DREETS, platform administrator, a read-only DDETS
member), a captation platform, a local authority and a network (the fund's manager)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from clef.organisations.models import OrganisationKind, Role
from tests.factories.organisations import MembershipFactory, OrganisationFactory

PERSONAS = {
    "director": ("operator", Role.DIRECTOR),
    "rental_manager": ("operator", Role.RENTAL_MANAGER),
    "social_worker": ("operator", Role.SOCIAL_WORKER),
    "litigation_officer": ("operator", Role.LITIGATION_OFFICER),
    "captation_officer": ("operator", Role.CAPTATION_OFFICER),
    "read_only": ("operator", Role.READ_ONLY),
    "other_operator": ("other_operator", Role.DIRECTOR),
    "siao_agent": ("siao", Role.SIAO_AGENT),
    "ddets": ("ddets", Role.STATE_COORDINATOR),
    "ddets_read_only": ("ddets", Role.READ_ONLY),
    "other_ddets": ("other_ddets", Role.STATE_COORDINATOR),
    "dreets": ("dreets", Role.STATE_COORDINATOR),
    "platform_admin": ("administration", Role.PLATFORM_ADMIN),
    "platform": ("platform", Role.DIRECTOR),
    "local_authority": ("authority", Role.READ_ONLY),
    "network": ("network", Role.DIRECTOR),
}


@pytest.fixture
def world(db):
    return SimpleNamespace(
        operator=OrganisationFactory(name="Toit Rhône"),
        other_operator=OrganisationFactory(name="Toit Isère", head_office_department_id="38"),
        siao=OrganisationFactory(siao=True, name="SIAO 69"),
        ddets=OrganisationFactory(ddets=True, name="DDETS 69"),
        other_ddets=OrganisationFactory(ddets=True, name="DDETS 38", head_office_department_id="38"),
        dreets=OrganisationFactory(state=True, name="DREETS ARA"),
        administration=OrganisationFactory(
            kind=OrganisationKind.STATE, name="DIHAL", head_office_department_id=None, competence=""
        ),
        platform=OrganisationFactory(kind=OrganisationKind.CAPTATION_PLATFORM, name="ADIL 73"),
        authority=OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY, name="Grand Chambéry"),
        network=OrganisationFactory(kind=OrganisationKind.NETWORK, name="Fapil AURA", region_id="84"),
    )


def login_as(client, world, persona: str):
    organisation, role = PERSONAS[persona]
    membership = MembershipFactory(organisation=getattr(world, organisation), role=role)
    client.force_login(membership.user)
    return membership
