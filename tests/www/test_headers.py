"""Security headers: CSP without inline scripts (inline style attributes only), HSTS and secure cookies outside DEBUG,
Permissions-Policy everywhere, no-store on every page for a signed-in user."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.urls import reverse

from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.organisations import MembershipFactory, OrganisationFactory


def production_settings(**env: str) -> dict:
    """config.settings as a fresh process reads them, outside the test run (no PYTEST_VERSION)."""
    environ = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG", "HTTPS"}}
    environ.update(env)
    code = (
        "import json, config.settings as s; print(json.dumps({k: getattr(s, k, None) for k in ["
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER', 'EMAIL_BACKEND']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_https_settings_are_on_whenever_debug_is_off_even_with_the_dev_environment():
    values = production_settings(DEBUG="false", CLEF_ENV="dev", SECURE_COOKIES="")
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    # No proxy trusted by default: X-Forwarded-Proto is not believed.
    assert values["SECURE_PROXY_SSL_HEADER"] is None


def test_https_settings_are_off_in_debug():
    values = production_settings(DEBUG="true")
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False


def test_behind_a_trusted_proxy_its_forwarded_protocol_is_believed():
    values = production_settings(DEBUG="false", TRUSTED_PROXY_COUNT="1")
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.fixture
def https_settings(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_and_https_gets_hsts(client, https_settings):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    response = client.get(reverse("accounts:login"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.cookies["csrftoken"]["secure"] is True


@pytest.mark.django_db
def test_the_session_cookie_is_secure_and_http_only(client, https_settings):
    user = MembershipFactory(organisation=OrganisationFactory()).user
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": "mot-de-passe-solide-2026"},
        secure=True,
    )
    assert response.status_code == 302
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


@pytest.mark.django_db
def test_every_page_has_a_content_security_policy_without_inline_scripts(client, operator):
    anonymous = client.get(reverse("accounts:login"))
    policy = anonymous["Content-Security-Policy"]
    directives = dict(item.strip().split(" ", 1) for item in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    # Style attributes only (the chart components' canvas sizes and tooltips); never scripts or <style>.
    assert directives["style-src-attr"] == "'unsafe-inline'"
    assert set(directives) == {
        "default-src",
        "img-src",
        "object-src",
        "base-uri",
        "frame-ancestors",
        "form-action",
        "style-src-attr",
    }
    assert policy.count("unsafe-inline") == 1 and "unsafe-eval" not in policy
    member_client(client, operator, Role.DIRECTOR)
    assert client.get("/")["Content-Security-Policy"] == policy


@pytest.mark.django_db
def test_permissions_policy_on_every_response(client, operator):
    for response in (client.get(reverse("accounts:login")), client.get("/")):  # page, then a redirect
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy


@pytest.mark.django_db
def test_pages_for_a_signed_in_user_are_never_stored(client, operator):
    member_client(client, operator, Role.DIRECTOR)
    for response in (
        client.get("/"),  # a page
        client.get(reverse("www:household_list")),  # personal data
        client.get("/menages/999999999/"),  # an error page
        client.post(reverse("accounts:switch_organisation"), {"organisation": operator.pk}),  # a redirect
    ):
        assert "no-store" in response["Cache-Control"], response
        assert "private" in response["Cache-Control"]


def test_the_500_page_has_no_inline_style():
    html = render_to_string("errors/500.html")
    assert "style=" not in html and "<style" not in html
    assert "clef/erreur.css" in html
