"""E-mail: SMTP outside DEBUG; in the demo, each message is a file under var/mail/ (never in the log)."""

import logging
import re

import pytest
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.www.test_headers import production_settings


def test_smtp_is_the_default_when_debug_is_off():
    assert (
        production_settings(DEBUG="false")["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    )


def test_the_demo_writes_e_mails_to_files():
    assert (
        production_settings(DEBUG="true")["EMAIL_BACKEND"]
        == "django.core.mail.backends.filebased.EmailBackend"
    )


@pytest.mark.django_db
def test_a_reset_link_goes_to_a_file_and_never_to_the_log(client, settings, tmp_path, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    user = UserFactory()
    with caplog.at_level(logging.DEBUG):
        response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 302
    (message,) = (tmp_path / "mail").iterdir()
    link = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+)", message.read_text()).group(1)
    assert link not in caplog.text
    assert user.email not in caplog.text
