"""A small desk world: the platform « ADIL (test) » on the Grand Chambéry EPCI with its desk and a rule
sending requests to operator X; a request confided to X (shared), one that came back from X (share
revoked), one received and never confided; operator Y on nobody's list."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from clef.guichet import services
from clef.guichet.models import Desk, OwnerRequest, RoutingRule
from clef.organisations.models import Organisation, OrganisationKind, Role
from tests.factories.guichet import (
    DeskFactory,
    OwnerRequestFactory,
    PlatformFactory,
    RoutingRuleFactory,
    RoutingTargetFactory,
)
from tests.factories.organisations import MembershipFactory, OrganisationFactory


@dataclass
class World:
    platform: Organisation
    desk: Desk
    rule: RoutingRule
    operator: Organisation  # X: the rule's operator
    other_operator: Organisation  # Y
    confided: OwnerRequest
    returned: OwnerRequest
    received: OwnerRequest
    animator: object


@pytest.fixture
def world(db) -> World:
    desk = DeskFactory(platform=PlatformFactory(name="ADIL (test)"), slug="louer-solidaire-test")
    animator = MembershipFactory(organisation=desk.platform, role=Role.CAPTATION_OFFICER).user
    operator = OrganisationFactory(name="Structure X", head_office_department_id="73")
    other = OrganisationFactory(name="Structure Y", head_office_department_id="73")
    rule = RoutingRuleFactory(desk=desk)
    RoutingTargetFactory(rule=rule, operator=operator, position=1)
    today = timezone.localdate()
    confided = OwnerRequestFactory(desk=desk, email="confiee@example.org")
    services.assign(request=confided, operator=operator, acting_user=animator, today=today)
    returned = OwnerRequestFactory(desk=desk, email="revenue@example.org")
    services.assign(
        request=returned, operator=operator, acting_user=animator, today=today - timedelta(days=30)
    )
    services.return_overdue(today=today)
    received = OwnerRequestFactory(desk=desk, email="recue@example.org")
    for request in (confided, returned, received):
        request.refresh_from_db()
    return World(desk.platform, desk, rule, operator, other, confided, returned, received, animator)


# persona → (organisation in the world, role)
PERSONAS = {
    "animator": ("platform", Role.CAPTATION_OFFICER),
    "platform_director": ("platform", Role.DIRECTOR),
    "platform_reader": ("platform", Role.READ_ONLY),
    "other_platform": ("other_platform", Role.CAPTATION_OFFICER),
    "director": ("operator", Role.DIRECTOR),
    "captation_officer": ("operator", Role.CAPTATION_OFFICER),
    "rental_manager": ("operator", Role.RENTAL_MANAGER),
    "social_worker": ("operator", Role.SOCIAL_WORKER),
    "read_only": ("operator", Role.READ_ONLY),
    "other_operator": ("other_operator", Role.DIRECTOR),
    "siao_agent": ("siao", Role.SIAO_AGENT),
    "state": ("state", Role.STATE_COORDINATOR),
    "local_authority": ("local_authority", Role.READ_ONLY),
}


def login_as(client, world: World, persona: str):
    where, role = PERSONAS[persona]
    organisation = {
        "platform": lambda: world.platform,
        "other_platform": lambda: DeskFactory(platform=PlatformFactory(name="Autre ADIL")).platform,
        "operator": lambda: world.operator,
        "other_operator": lambda: world.other_operator,
        "siao": lambda: OrganisationFactory(siao=True),
        "state": lambda: OrganisationFactory(state=True),
        "local_authority": lambda: OrganisationFactory(
            kind=OrganisationKind.LOCAL_AUTHORITY, name="Grand Chambéry"
        ),
    }[where]()
    membership = MembershipFactory(organisation=organisation, role=role)
    client.force_login(membership.user)
    client.membership = membership
    return client
