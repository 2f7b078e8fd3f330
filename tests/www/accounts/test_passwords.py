"""Guessable passwords are refused (zxcvbn score below 3), with a French message."""

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from clef.accounts.models import User


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "Azerty123456", "motdepasse2026", "azertyuiop2026", "123456789azerty"]
)
def test_guessable_passwords_are_refused(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any(e.code == "password_too_guessable" for e in error.value.error_list)
    assert "trop facile à deviner" in " ".join(error.value.messages)


def test_a_password_built_from_the_users_own_name_and_address_is_refused():
    user = User(email="dominique.lefebvre@dreets-ara.test", first_name="Dominique", last_name="Lefebvre")
    with pytest.raises(ValidationError, match="trop facile à deviner"):
        validate_password("Dominique2026!", user=user)
    validate_password("Dominique2026!")  # the same password is fine for somebody else


@pytest.mark.parametrize("password", ["mot-de-passe-solide-2026", "girafe-tambour-velours-orage"])
def test_strong_passwords_are_accepted(password):
    validate_password(password)


def test_the_help_text_is_french():
    assert any("difficile à deviner" in text for text in password_validators_help_texts())


@pytest.mark.django_db
def test_the_reset_form_refuses_a_guessable_password(client):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from tests.factories.accounts import UserFactory

    user = UserFactory()
    url = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    form_url = client.get(url)["Location"]
    response = client.post(form_url, {"new_password1": "Azerty123456", "new_password2": "Azerty123456"})
    assert response.status_code == 200
    assert "trop facile à deviner" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("mot-de-passe-solide-2026")
