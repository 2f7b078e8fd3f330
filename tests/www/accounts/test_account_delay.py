"""The per-account login delay slows an attacker down without keeping the owner out: it applies to the
addresses that failed themselves, to every new address only when the failures come from many addresses,
and never to an address the owner already logged in from."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.urls import reverse
from django.utils import timezone

from clef.accounts.throttling import account_delay_remaining
from tests.factories.accounts import UserFactory

PASSWORD = "mot-de-passe-solide-2026"
PROXY = "10.0.0.2"
OWNER_HOME = "198.51.100.7"
FRESH = "192.0.2.44"


@pytest.fixture
def axes(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_ACCOUNT_DELAY_AFTER = 10
    settings.LOGIN_ACCOUNT_DELAY_MAX_SECONDS = 60
    settings.LOGIN_ACCOUNT_DELAY_ADDRESSES = 5
    return settings


def attempt(client, email, password, address):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def is_delayed(response) -> bool:
    return response.status_code == 200 and "patientez" in response.content.decode()


def account_failures(email: str) -> int:
    return sum(AccessAttempt.objects.filter(username=email).values_list("failures_since_start", flat=True))


def record_failures(username: str, failures_by_address: dict[str, int]) -> None:
    now = timezone.now()
    for address, failures in failures_by_address.items():
        AccessAttempt.objects.create(
            username=username,
            ip_address=address,
            user_agent="test",
            attempt_time=now,
            failures_since_start=failures,
            get_data="",
            post_data="",
            path_info="/compte/connexion/",
            http_accept="*/*",
        )


@pytest.mark.django_db
def test_failures_from_two_other_addresses_do_not_delay_the_owner_at_a_new_address(client, axes):
    owner = UserFactory()
    for address in ("203.0.113.1", "203.0.113.2"):
        for _ in range(6):
            attempt(client, owner.email, "mauvais-mot-de-passe", address)
    assert account_failures(owner.email) >= 10  # the account delay's threshold is reached
    response = attempt(client, owner.email, PASSWORD, FRESH)
    assert response.status_code == 302, response.content.decode()
    assert int(client.session["_auth_user_id"]) == owner.pk


@pytest.mark.django_db
def test_an_address_that_failed_itself_waits_while_a_new_one_passes(client, axes):
    axes.AXES_FAILURE_LIMIT = 50  # no (account, address) lock here: only the account delay is under test
    owner = UserFactory()
    for address in ("203.0.113.1", "203.0.113.2"):
        for _ in range(6):
            attempt(client, owner.email, "mauvais-mot-de-passe", address)
    # The attacker's address, even with the right password, waits: its password is not checked.
    assert is_delayed(attempt(client, owner.email, PASSWORD, "203.0.113.1"))
    assert "_auth_user_id" not in client.session
    assert attempt(client, owner.email, PASSWORD, FRESH).status_code == 302


@pytest.mark.django_db
def test_an_attack_from_many_addresses_does_not_delay_the_owner_where_they_logged_in_before(client, axes):
    owner = UserFactory()
    assert attempt(client, owner.email, PASSWORD, OWNER_HOME).status_code == 302
    assert AccessLog.objects.filter(username=owner.email, ip_address=OWNER_HOME).exists()
    client.logout()
    for n in range(12):  # an attacker rotating addresses, firing again and again
        attempt(client, owner.email, "mauvais-mot-de-passe", f"203.0.113.{n}")
    # A new address waits (the global brake on the rotating attacker)…
    assert is_delayed(attempt(client, owner.email, PASSWORD, FRESH))
    # …the owner, from where they logged in before, passes at once.
    response = attempt(client, owner.email, PASSWORD, OWNER_HOME)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == owner.pk


@pytest.mark.django_db
def test_the_global_brake_starts_at_the_configured_number_of_addresses(axes):
    user = "camille@exemple.test"
    record_failures(user, {f"203.0.113.{n}": 3 for n in range(4)})  # 12 failures, 4 addresses
    assert account_delay_remaining(user, FRESH) == 0
    assert account_delay_remaining(user, "203.0.113.0") > 0
    record_failures(user, {"203.0.113.4": 1})  # a fifth address
    assert account_delay_remaining(user, FRESH) > 0
    assert account_delay_remaining(user, None) > 0  # no readable address: treated as a new one


@pytest.mark.django_db
def test_a_known_address_is_known_for_its_own_account_only(axes):
    record_failures("camille@exemple.test", {f"203.0.113.{n}": 2 for n in range(6)})
    AccessLog.objects.create(
        username="dominique@exemple.test",
        ip_address=FRESH,
        user_agent="test",
        http_accept="*/*",
        path_info="/compte/connexion/",
        attempt_time=timezone.now() - timedelta(days=3),
    )
    assert account_delay_remaining("camille@exemple.test", FRESH) > 0
    AccessLog.objects.create(
        username="camille@exemple.test",
        ip_address=FRESH,
        user_agent="test",
        http_accept="*/*",
        path_info="/compte/connexion/",
        attempt_time=timezone.now() - timedelta(days=3),
    )
    assert account_delay_remaining("camille@exemple.test", FRESH) == 0
