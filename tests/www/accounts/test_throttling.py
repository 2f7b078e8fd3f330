"""Login throttling behind the reverse proxy: per (account, real client address), spoof-proof, with a
growing delay (never a denial) for an account attacked from many addresses."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from clef.accounts.throttling import account_delay_remaining, client_ip
from tests.factories.accounts import UserFactory

PASSWORD = "mot-de-passe-solide-2026"
PROXY = "10.0.0.2"


@pytest.fixture
def axes(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    return settings


def attempt(client, email, password, *, forwarded_for=None, remote_addr=PROXY):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, **extra)


def test_client_ip_is_the_address_seen_by_the_trusted_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.7"  # what the client wrote itself (6.6.6.6) is ignored
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == PROXY


def test_a_malformed_or_short_forwarded_header_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4")) == PROXY
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="pas-une-ip")) == PROXY


@pytest.mark.django_db
def test_an_attacker_behind_the_proxy_does_not_lock_the_owner_out(client, axes):
    axes.TRUSTED_PROXY_COUNT = 1
    owner = UserFactory()
    for _ in range(5):
        response = attempt(client, owner.email, "mauvais-mot-de-passe", forwarded_for="203.0.113.66")
        assert response.status_code in {200, 429}
    # The attacker's address is locked, even with the right password…
    assert attempt(client, owner.email, PASSWORD, forwarded_for="203.0.113.66").status_code == 429
    # …but the owner, through the same proxy from another address, logs in.
    response = attempt(client, owner.email, PASSWORD, forwarded_for="198.51.100.7")
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_a_spoofed_forwarded_header_is_ignored_when_no_proxy_is_trusted(client, axes):
    axes.TRUSTED_PROXY_COUNT = 0
    user = UserFactory()
    for n in range(5):
        attempt(
            client,
            user.email,
            "mauvais-mot-de-passe",
            forwarded_for=f"192.0.2.{n}",
            remote_addr="203.0.113.66",
        )
    response = attempt(client, user.email, PASSWORD, forwarded_for="192.0.2.200", remote_addr="203.0.113.66")
    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "15 minutes" in response.content.decode()


@pytest.mark.django_db
def test_an_account_attacked_from_many_addresses_gets_a_delay_not_a_denial(client, axes):
    axes.TRUSTED_PROXY_COUNT = 1
    axes.LOGIN_ACCOUNT_DELAY_AFTER = 10
    owner = UserFactory()
    for n in range(10):  # 10 addresses, 1 failure each: no (account, address) pair is locked
        attempt(client, owner.email, "mauvais-mot-de-passe", forwarded_for=f"203.0.113.{n}")
    # Right after, even the right password waits (its check is not even attempted)…
    response = attempt(client, owner.email, PASSWORD, forwarded_for="198.51.100.7")
    assert response.status_code == 200
    assert "patientez 1 seconde avant de réessayer" in response.content.decode()
    # …a moment later, the owner gets in.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=2))
    response = attempt(client, owner.email, PASSWORD, forwarded_for="198.51.100.7")
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_account_delay_doubles_with_each_failure_up_to_a_ceiling(axes):
    axes.LOGIN_ACCOUNT_DELAY_AFTER = 10
    axes.LOGIN_ACCOUNT_DELAY_MAX_SECONDS = 60
    now = timezone.now()

    def delay_after(failures: int) -> int:
        AccessAttempt.objects.all().delete()
        AccessAttempt.objects.create(
            username="camille@exemple.test",
            ip_address="203.0.113.1",
            user_agent="test",
            attempt_time=now,
            failures_since_start=failures,
            get_data="",
            post_data="",
            path_info="/compte/connexion/",
            http_accept="*/*",
        )
        return account_delay_remaining("camille@exemple.test", "203.0.113.1")

    assert delay_after(9) == 0
    assert delay_after(10) == 1
    assert 7 <= delay_after(13) <= 8
    assert 59 <= delay_after(40) <= 60
    assert account_delay_remaining("personne@exemple.test", "203.0.113.1") == 0


@pytest.mark.django_db
def test_the_login_ignores_the_case_of_the_address(client):
    user = UserFactory(email="camille@exemple.test")
    response = attempt(client, "Camille@Exemple.TEST", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
