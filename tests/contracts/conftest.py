from datetime import date

import pytest

from clef.captation.enums import Stage
from tests.factories.accounts import UserFactory
from tests.factories.captation import LeadFactory
from tests.factories.organisations import OrganisationFactory


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def operator(db):
    """An operator whose carte professionnelle is valid from 01/01/2026 to 31/12/2028."""
    return OrganisationFactory(
        name="Toit Partagé (test)",
        has_carte_professionnelle=True,
        carte_pro_number="CPI 6901 2026 000 001",
        carte_pro_issued_on=date(2026, 1, 1),
        carte_pro_expiry=date(2028, 12, 31),
    )


@pytest.fixture
def lead(operator):
    """A lead at « visite » whose landlord offers a T2 of 45 m² in Lyon 3e at 620 € + 50 €."""
    return LeadFactory(landlord__organisation=operator, stage=Stage.VISITE, stage_since=date(2026, 3, 1))
