"""A captation platform on the Grand Chambéry EPCI with its desk and an animator (in whose name automatic
routing shares requests), and operators of Savoie."""

from datetime import date
from decimal import Decimal

import pytest

from clef.dwellings.enums import Typology
from clef.guichet import services
from clef.guichet.services import Submission
from clef.organisations.models import Role
from clef.territories.models import Commune
from tests.factories.guichet import CHAMBERY, DeskFactory, RoutingRuleFactory, RoutingTargetFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

TODAY = date(2026, 11, 2)


@pytest.fixture
def desk():
    desk = DeskFactory()
    animator = MembershipFactory(organisation=desk.platform, role=Role.CAPTATION_OFFICER)
    desk.animator = animator.user
    desk.save()
    return desk


@pytest.fixture
def operators():
    return [OrganisationFactory(name=f"Structure {name}", head_office_department_id="73") for name in "ABC"]


@pytest.fixture
def epci_rule(desk, operators):
    rule = RoutingRuleFactory(desk=desk)
    for position, operator in enumerate(operators, start=1):
        RoutingTargetFactory(rule=rule, operator=operator, position=position)
    return rule


def submission(commune: str = CHAMBERY, **overrides) -> Submission:
    values = {
        "commune": Commune.objects.get(pk=commune),
        "typology": Typology.T2,
        "surface_m2": Decimal("42.5"),
        "rent_asked": Decimal("560.00"),
        "available_from": date(2026, 12, 1),
        "preferred_mode": "mandat_gestion",
        "first_name": "Hélène",
        "last_name": "Martin",
        "email": "helene.martin@example.org",
        "phone": "06 12 34 56 78",
        "consent": True,
        "message": "",
    }
    return Submission(**(values | overrides))


def submit(desk, today=TODAY, **overrides):
    """Submit through the service (the e-mail sent on commit in the test's callbacks)."""
    request, token = services.submit(
        desk=desk,
        data=submission(**overrides),
        today=today,
        follow_url=lambda t: f"https://clef.test/suivi/{t}/",
    )
    return request, token
