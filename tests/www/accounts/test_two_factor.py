"""Two-factor authentication: required for State coordinators, the platform administrator and staff
(the admin site), offered to everyone, with single-use recovery codes."""

import re
import time
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clef.accounts import two_factor
from clef.organisations.models import Role
from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mot-de-passe-solide-2026"
VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")


@pytest.fixture(autouse=True)
def enforced(settings):
    settings.OTP_ENFORCED = True
    settings.OTP_REQUIRED_ROLES = ["platform_admin", "state_coordinator"]


def current_code(device: TOTPDevice, *, step_offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + step_offset * device.step
    return f"{totp.token():06d}"


def enrol(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name=two_factor.TOTP_DEVICE_NAME, confirmed=True)
    return device


def password_login(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client.get(response["Location"])


@pytest.fixture
def coordinator(db):
    return MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR).user


@pytest.fixture
def director(db):
    return MembershipFactory(organisation=OrganisationFactory(), role=Role.DIRECTOR).user


def test_a_coordinator_without_a_device_is_sent_to_set_it_up_before_any_page(client, coordinator):
    response = password_login(client, coordinator)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    for url in ("/", reverse("www:bilan"), reverse("accounts:security")):
        assert client.get(url)["Location"].startswith(SETUP)


def test_an_enrolled_coordinator_is_asked_for_a_code_before_any_page(client, coordinator):
    enrol(coordinator)
    response = password_login(client, coordinator)
    assert response["Location"] == f"{VERIFY}?next=%2F"
    assert client.get(reverse("www:bilan"))["Location"].startswith(VERIFY)
    # The set-up page does not let somebody holding only the password add a device of their own.
    assert client.get(SETUP)["Location"].startswith(VERIFY)


def test_the_platform_administrator_is_required_too(client):
    admin = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.PLATFORM_ADMIN).user
    client.force_login(admin)
    assert client.get("/")["Location"].startswith(SETUP)


def test_a_wrong_code_is_refused(client, coordinator):
    device = enrol(coordinator)
    client.force_login(coordinator)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong, "next": "/"})
    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    assert client.get("/")["Location"].startswith(VERIFY)


def test_the_right_code_opens_the_session_and_goes_where_asked(client, coordinator):
    device = enrol(coordinator)
    client.force_login(coordinator)
    session_key = client.session.session_key
    response = client.post(VERIFY, {"code": current_code(device), "next": reverse("www:bilan")})
    assert response.status_code == 302
    assert response["Location"] == reverse("www:bilan")
    assert client.session.session_key != session_key  # a new session key after the second step
    assert client.get("/").status_code == 200
    # The same code cannot be used twice.
    client.logout()
    client.force_login(coordinator)
    assert client.post(VERIFY, {"code": current_code(device), "next": "/"}).status_code == 200


def test_an_unsafe_next_is_ignored(client, coordinator):
    device = enrol(coordinator)
    client.force_login(coordinator)
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://ailleurs.example/"})
    assert response["Location"] == "/"


def test_a_recovery_code_works_once(client, coordinator):
    enrol(coordinator)
    codes = two_factor.new_recovery_codes(coordinator)
    assert len(codes) == 10 and len(set(codes)) == 10
    client.force_login(coordinator)
    response = client.post(VERIFY, {"code": codes[0].upper(), "next": "/"}, follow=True)
    assert response.status_code == 200
    assert "il vous en reste 9" in response.content.decode()
    client.logout()
    client.force_login(coordinator)
    response = client.post(VERIFY, {"code": codes[0], "next": "/"})
    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    assert StaticToken.objects.filter(device__user=coordinator).count() == 9


def test_an_operator_without_a_second_factor_is_not_forced(client, director):
    response = password_login(client, director)
    assert response.status_code == 200
    assert client.get(reverse("accounts:security")).status_code == 200


def test_an_operator_who_set_it_up_is_asked_for_a_code(client, director):
    enrol(director)
    assert password_login(client, director)["Location"].startswith(VERIFY)


def test_set_up_shows_a_qr_code_and_the_secret_then_gives_ten_recovery_codes(client, coordinator):
    password_login(client, coordinator)
    response = client.get(SETUP)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    secret = re.search(r'data-testid="secret-totp">([A-Z2-7 ]+)<', html).group(1)
    assert secret.replace(" ", "") in unquote(device.config_url)
    assert client.get(SETUP).content.decode().count(secret) == 1  # the same device on reload

    assert client.post(SETUP, {"code": "000000", "next": "/"}).status_code == 200  # refused (almost surely)
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(SETUP, {"code": current_code(device), "next": "/"})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200  # the session is verified


def test_the_admin_site_requires_a_verified_session(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get("/admin/")["Location"].startswith(SETUP)
    device = enrol(staff)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": current_code(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_page_sends_to_the_two_step_login(client, director):
    response = client.get("/admin/login/?next=/admin/")
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(director)
    assert client.get("/admin/login/?next=/admin/").status_code == 403  # no redirect loop


def test_disabling_needs_a_current_code(client, director):
    device = enrol(director)
    client.force_login(director)
    client.post(VERIFY, {"code": current_code(device), "next": "/"})
    response = client.post(reverse("accounts:two_factor_disable"), {"code": "12345678"}, follow=True)
    assert "Code incorrect" in response.content.decode()
    assert TOTPDevice.objects.filter(user=director).exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()
    code = current_code(device, step_offset=1)  # the next period: the current code was already used
    response = client.post(reverse("accounts:two_factor_disable"), {"code": code}, follow=True)
    assert "La double authentification est désactivée." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=director).exists()
    assert client.get("/").status_code == 200


def test_regenerating_recovery_codes_replaces_the_old_ones(client, director):
    device = enrol(director)
    old = two_factor.new_recovery_codes(director)
    client.force_login(director)
    client.post(VERIFY, {"code": old[0], "next": "/"})
    response = client.post(reverse("accounts:two_factor_recovery_codes"), {"code": current_code(device)})
    assert response.status_code == 200
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10
    assert set(StaticToken.objects.filter(device__user=director).values_list("token", flat=True)) == set(new)


def test_the_security_page_is_offered_to_everyone_from_the_header(client, director):
    client.force_login(director)
    html = client.get("/").content.decode()
    assert reverse("accounts:security") in html
    assert "Activer la double authentification" in client.get(reverse("accounts:security")).content.decode()


def test_the_admin_can_remove_a_users_device_but_never_read_its_secret(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    staff_device = enrol(staff)
    client.force_login(staff)
    client.post(VERIFY, {"code": current_code(staff_device), "next": "/"})
    device = enrol(UserFactory())
    assert client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    html = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in html
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_an_unknown_role_in_the_setting_is_refused_by_the_checks(settings):
    from clef.accounts.checks import check_otp_required_roles

    assert check_otp_required_roles() == []
    settings.OTP_REQUIRED_ROLES = ["state_coordinater"]
    assert [error.id for error in check_otp_required_roles()] == ["accounts.E001"]
