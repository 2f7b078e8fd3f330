import pytest

from tests.factories.stays import StayFactory


@pytest.fixture
def stay(operator):
    """A household of the operator, present since 01/01/2024."""
    from datetime import date

    return StayFactory(household__organisation=operator, entry_date=date(2024, 1, 1))
