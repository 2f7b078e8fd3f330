from datetime import date
from decimal import Decimal

import pytest

from clef.households.enums import Composition, PersonRole, PriorSituation, ResourceSource, Sex
from clef.households.services import MemberData
from clef.organisations.models import Role
from clef.orientation.enums import Environment, Urgency
from clef.orientation.services import Candidate
from clef.orientation.wishes import WishesData
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory


@pytest.fixture
def siao(db):
    return OrganisationFactory(siao=True, name="SIAO du Rhône (test)")


@pytest.fixture
def operator_director(operator):
    return MembershipFactory(organisation=operator, role=Role.DIRECTOR).user


@pytest.fixture
def siao_agent(siao):
    return MembershipFactory(organisation=siao, role=Role.SIAO_AGENT).user


@pytest.fixture
def dwelling(operator):
    return DwellingFactory(organisation=operator, places=3, entry_date=date(2020, 1, 1))


def family_candidate(**overrides) -> Candidate:
    """A single mother and her son: the summary the SIAO writes."""
    values = {
        "first_name": "Awa",
        "last_name": "Diallo",
        "birth_date": date(1990, 2, 3),
        "sex": Sex.F,
        "composition": Composition.FAMILLE_MONOPARENTALE,
        "monthly_resources": Decimal("1100.50"),
        "main_resource": ResourceSource.RSA,
        "prior_situation": PriorSituation.HOTEL,
        "dalo": True,
        "demand_number": "069012345678901234",
        "first_demand_on": date(2023, 5, 2),
        "urgency": Urgency.ELEVEE,
        "situation": "Hébergée à l'hôtel depuis 8 mois avec son fils.",
        "members": [
            MemberData(role=PersonRole.ENFANT, sex=Sex.M, birth_date=date(2016, 9, 1), first_name="Moussa")
        ],
    }
    values.update(overrides)
    return Candidate(**values)


def some_wishes(**overrides) -> WishesData:
    values = {
        "typology_min": "T2",
        "typology_max": "T3",
        "near_school": True,
        "environment": Environment.URBAIN,
    }
    values.update(overrides)
    return WishesData(**values)
