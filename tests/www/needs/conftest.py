"""Personas of the needs, targets and territory pages: an operator of the Rhône (each role), the SIAO of the
Rhône and of the Isère, State services (DDETS of the Rhône and of the Isère, DREETS, platform administrator),
a captation platform and a local authority of Grand Chambéry, another operator (Isère)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from clef.organisations.models import Competence, OrganisationKind, Role
from tests.factories.organisations import MembershipFactory, OrganisationFactory

GRAND_CHAMBERY = "200069110"

PERSONAS = {
    "director": ("operator", Role.DIRECTOR),
    "social_worker": ("operator", Role.SOCIAL_WORKER),
    "rental_manager": ("operator", Role.RENTAL_MANAGER),
    "captation_officer": ("operator", Role.CAPTATION_OFFICER),
    "read_only": ("operator", Role.READ_ONLY),
    "siao_agent": ("siao", Role.SIAO_AGENT),
    "siao_read_only": ("siao", Role.READ_ONLY),
    "other_siao_agent": ("other_siao", Role.SIAO_AGENT),
    "ddets": ("ddets", Role.STATE_COORDINATOR),
    "ddets_read_only": ("ddets", Role.READ_ONLY),
    "other_ddets": ("other_ddets", Role.STATE_COORDINATOR),
    "dreets": ("dreets", Role.STATE_COORDINATOR),
    "platform_admin": ("administration", Role.PLATFORM_ADMIN),
    "platform": ("platform", Role.DIRECTOR),
    "local_authority": ("authority", Role.READ_ONLY),
    "other_operator": ("other_operator", Role.DIRECTOR),
}


@pytest.fixture
def world(db):
    authority = OrganisationFactory(
        kind=OrganisationKind.LOCAL_AUTHORITY, name="Grand Chambéry", head_office_department_id="73"
    )
    authority.territory_epcis.add(GRAND_CHAMBERY)
    platform = OrganisationFactory(
        kind=OrganisationKind.CAPTATION_PLATFORM, name="ADIL 73", head_office_department_id="73"
    )
    platform.territory_epcis.add(GRAND_CHAMBERY)
    return SimpleNamespace(
        operator=OrganisationFactory(name="Toit Rhône"),
        other_operator=OrganisationFactory(name="Toit Isère", head_office_department_id="38"),
        siao=OrganisationFactory(siao=True, name="SIAO 69"),
        other_siao=OrganisationFactory(siao=True, name="SIAO 38", head_office_department_id="38"),
        ddets=OrganisationFactory(ddets=True, name="DDETS 69"),
        other_ddets=OrganisationFactory(ddets=True, name="DDETS 38", head_office_department_id="38"),
        dreets=OrganisationFactory(state=True, name="DREETS ARA"),
        administration=OrganisationFactory(
            kind=OrganisationKind.STATE, name="DIHAL", head_office_department_id=None, competence=""
        ),
        platform=platform,
        authority=authority,
    )


def login_as(client, world, persona: str):
    organisation, role = PERSONAS[persona]
    membership = MembershipFactory(organisation=getattr(world, organisation), role=role)
    client.force_login(membership.user)
    return membership


__all__ = ["Competence", "PERSONAS", "login_as"]
