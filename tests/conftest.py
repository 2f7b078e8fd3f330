import pytest

from clef.organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory
from tests.journal.flush import journal_flush_allowed  # noqa: F401  (session fixture: flush the journal)


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.OTP_ENFORCED = False  # 2FA has its own tests (tests/accounts/test_two_factor.py)


@pytest.fixture
def operator(db):
    return OrganisationFactory(name="Toit Partagé (test)")


@pytest.fixture
def other_operator(db):
    return OrganisationFactory(name="Autre structure (test)")


def member_client(client, organisation, role):
    membership = MembershipFactory(organisation=organisation, role=role)
    client.force_login(membership.user)
    client.membership = membership
    return client


@pytest.fixture
def director_client(client, operator):
    return member_client(client, operator, Role.DIRECTOR)


@pytest.fixture
def social_worker_client(client, operator):
    return member_client(client, operator, Role.SOCIAL_WORKER)
