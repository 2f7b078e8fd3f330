"""Encryption at rest of the few values that must never be readable in a database dump or a backup:
owners' bank details (IBAN, BIC, account holder).

`EncryptedTextField` stores a Fernet token (AES-128-CBC + HMAC-SHA256, `cryptography`): the same value
encrypts differently each time, so the field cannot be searched or compared in SQL — only read back by
Clef. Keys come from `settings.CLEF_FIELD_ENCRYPTION_KEYS` (newest first: old keys still decrypt during a
rotation, `rotate()` re-encrypts); without any, a key is derived from SECRET_KEY (development, tests, demo).
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _keys_for(configured: tuple[str, ...], secret_key: str) -> MultiFernet:
    if configured:
        return MultiFernet([Fernet(key.encode()) for key in configured])
    derived = base64.urlsafe_b64encode(
        hashlib.sha256(("clef-field-encryption:" + secret_key).encode()).digest()
    )
    return MultiFernet([Fernet(derived)])


def fernet() -> MultiFernet:
    return _keys_for(tuple(settings.CLEF_FIELD_ENCRYPTION_KEYS), settings.SECRET_KEY)


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Une valeur chiffrée ne peut pas être lue : la clé de chiffrement (CLEF_FIELD_ENCRYPTION_KEYS) "
            "n'est pas celle qui l'a chiffrée."
        ) from exc


def rotate(token: str) -> str:
    """The same value encrypted with the newest key (for a key rotation)."""
    return fernet().rotate(token.encode()).decode() if token else ""


class EncryptedTextField(models.TextField):
    """A text stored encrypted; Python code reads and writes the clear value. Not searchable."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
