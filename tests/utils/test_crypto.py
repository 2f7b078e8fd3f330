"""Owners' bank details are encrypted at rest: what the database holds is not the clear value."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from clef.utils import crypto


def test_a_value_round_trips_and_is_not_stored_in_clear():
    token = crypto.encrypt("FR7630006000011234567890189")
    assert "FR76" not in token and "1234567890189" not in token
    assert crypto.decrypt(token) == "FR7630006000011234567890189"


def test_the_same_value_encrypts_differently_each_time():
    assert crypto.encrypt("FR76") != crypto.encrypt("FR76")


def test_empty_stays_empty():
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""


def test_configured_keys_are_used_and_an_old_key_still_decrypts_after_a_rotation(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CLEF_FIELD_ENCRYPTION_KEYS = [old]
    token = crypto.encrypt("IBAN")
    settings.CLEF_FIELD_ENCRYPTION_KEYS = [new, old]
    assert crypto.decrypt(token) == "IBAN"
    rotated = crypto.rotate(token)
    settings.CLEF_FIELD_ENCRYPTION_KEYS = [new]
    assert crypto.decrypt(rotated) == "IBAN"
    with pytest.raises(ImproperlyConfigured, match="clé de chiffrement"):
        crypto.decrypt(token)


def test_deploy_check_wants_keys_of_their_own_without_debug(settings):
    from clef.accounts.checks import check_field_encryption_keys

    settings.DEBUG = False
    settings.CLEF_FIELD_ENCRYPTION_KEYS = []
    assert [error.id for error in check_field_encryption_keys()] == ["accounts.E003"]
    settings.CLEF_FIELD_ENCRYPTION_KEYS = ["not-a-key"]
    assert [error.id for error in check_field_encryption_keys()] == ["accounts.E004"]
    settings.CLEF_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    assert check_field_encryption_keys() == []
    settings.DEBUG = True
    settings.CLEF_FIELD_ENCRYPTION_KEYS = []
    assert check_field_encryption_keys() == []
