import pytest

from clef.organisations.models import Role
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.journal.flush import journal_flush_allowed  # noqa: F401  (session fixture: flush the journal)


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.OTP_ENFORCED = False  # 2FA has its own tests (tests/www/accounts/test_two_factor.py)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the computed bilan): ids are reused from one test to the next."""
    from django.core.cache import cache

    cache.clear()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Reference data (COG territories, exit schemes, the relay directory) is loaded by data migrations. A transactional
    test that flushes every table (serialized_rollback, or no available_apps) leaves the next ones
    without it: reload it then, with the migrations' own loaders (once; cheap check otherwise)."""
    if _is_transactional(request):
        request.getfixturevalue("_django_db_helper")
        from django.conf import settings

        from clef.referential.models import ExitCategory, ExitScheme, ExitSchemeEntry
        from clef.referential.schemes import seed_builtin_schemes
        from clef.territories.loader import load_territories
        from clef.territories.models import Commune, Department, Epci, Region

        if not Commune.objects.exists():
            load_territories(
                settings.TERRITORIES_DATA_DIR,
                Region=Region,
                Department=Department,
                Epci=Epci,
                Commune=Commune,
            )
        if not ExitScheme.objects.exists():
            seed_builtin_schemes(
                ExitScheme=ExitScheme, ExitCategory=ExitCategory, ExitSchemeEntry=ExitSchemeEntry
            )
        from django.apps import apps

        from clef.support.models import RelayResource
        from clef.support.seed import seed_relay_resources

        if not RelayResource.objects.filter(organisation=None).exists():
            seed_relay_resources(apps, None)  # the relay directory of the support's data migration
    yield


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
