"""Clef never serves real users with the public development SECRET_KEY: the WSGI entry point (gunicorn,
runserver) refuses to start without DEBUG, `check --deploy` reports it; management commands still work."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from clef.accounts.checks import check_secret_key, ensure_safe_to_serve

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "y7Qp2vLx9sT4mWc8Rk3nJd6Hf1Gb5Za0Ue7Io2Py4Tr9Ew3Qs8Dl6Kj1Mh5Nb2Vc0"  # noqa: S105


def run(*args: str, debug: str = "false", secret_key: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": debug, "CLEF_ENV": "dev", "SECRET_KEY": secret_key}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def serve() -> tuple[str, ...]:
    return ("-c", "import config.wsgi")


def test_the_wsgi_entry_point_refuses_the_documented_env_example():
    # .env.example as shipped: CLEF_ENV=dev, SECRET_KEY= (empty), DEBUG=false.
    result = run(*serve())
    assert result.returncode != 0
    assert "Clef refuse de démarrer : SECRET_KEY est vide ou vaut la clé de développement publique" in (
        result.stderr
    )


def test_the_wsgi_entry_point_refuses_the_development_key_written_out():
    result = run(*serve(), secret_key=django_settings.INSECURE_DEV_SECRET_KEY)
    assert result.returncode != 0
    assert "Clef refuse de démarrer" in result.stderr


def test_the_wsgi_entry_point_starts_with_a_real_key_or_in_debug():
    assert run(*serve(), secret_key=STRONG_KEY).returncode == 0
    assert run(*serve(), debug="true").returncode == 0


def test_management_commands_keep_working_with_the_development_key():
    result = run("manage.py", "check")
    assert result.returncode == 0, result.stderr
    result = run("manage.py", "check", "--deploy")
    assert result.returncode != 0
    assert "accounts.E002" in result.stderr


def test_ensure_safe_to_serve_follows_debug_and_the_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.INSECURE_DEV_SECRET_KEY  # what an empty SECRET_KEY gives
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        ensure_safe_to_serve()
    assert [error.id for error in check_secret_key()] == ["accounts.E002"]
    settings.SECRET_KEY = STRONG_KEY
    ensure_safe_to_serve()
    assert check_secret_key() == []
    settings.DEBUG = True
    settings.SECRET_KEY = settings.INSECURE_DEV_SECRET_KEY
    ensure_safe_to_serve()
    assert check_secret_key() == []
