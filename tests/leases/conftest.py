import pytest

from tests.factories.accounts import UserFactory


@pytest.fixture
def user(db):
    return UserFactory()
