import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory


@pytest.mark.django_db
def test_login_with_email_and_password(client):
    membership = MembershipFactory()
    response = client.post(
        reverse("accounts:login"), {"username": membership.user.email, "password": "mot-de-passe-solide-2026"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_wrong_password_gives_a_french_message(client):
    user = UserFactory()
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "faux"})
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_the_login(client, settings):
    settings.AXES_ENABLED = True
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": user.email, "password": "faux"})
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": "mot-de-passe-solide-2026"}
    )
    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in response.content.decode()


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError, match="12"):
        validate_password("Court-1!")


@pytest.mark.django_db
def test_password_reset_by_email(client):
    user = UserFactory()
    response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "un-nouveau-mot-de-passe", "new_password2": "un-nouveau-mot-de-passe"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("un-nouveau-mot-de-passe")
