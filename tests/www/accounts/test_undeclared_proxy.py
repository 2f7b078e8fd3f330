"""Behind a proxy left undeclared (TRUSTED_PROXY_COUNT=0), every client shares the proxy's address and
anyone can lock a known account out: the first forwarded request says so in the log, once."""

import logging

import pytest

from clef.accounts.middleware import UndeclaredProxyWarningMiddleware

LOGGER = "clef.accounts.middleware"


@pytest.fixture
def fresh_process(monkeypatch):
    monkeypatch.setattr(UndeclaredProxyWarningMiddleware, "warned", False)


def warnings_logged(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


@pytest.mark.django_db
def test_a_forwarded_request_without_a_declared_proxy_is_reported_once(
    client, settings, caplog, fresh_process
):
    settings.TRUSTED_PROXY_COUNT = 0
    client.get("/compte/connexion/")
    assert warnings_logged(caplog) == []  # no proxy in sight: nothing to say
    for _ in range(3):
        client.get("/compte/connexion/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="10.0.0.2")
    (record,) = warnings_logged(caplog)
    message = record.getMessage()
    assert "TRUSTED_PROXY_COUNT=0" in message
    assert "198.51.100.7" not in message and "10.0.0.2" not in message  # no address in the log


@pytest.mark.django_db
def test_the_report_comes_before_the_https_redirect(client, settings, caplog, fresh_process):
    # An undeclared proxy terminating HTTPS: Clef sees http and redirects, the request goes no further.
    settings.TRUSTED_PROXY_COUNT = 0
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/compte/connexion/", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 301
    assert len(warnings_logged(caplog)) == 1


@pytest.mark.django_db
def test_nothing_is_reported_when_the_proxy_is_declared(client, settings, caplog, fresh_process):
    settings.TRUSTED_PROXY_COUNT = 1
    client.get("/compte/connexion/", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="10.0.0.2")
    assert warnings_logged(caplog) == []
