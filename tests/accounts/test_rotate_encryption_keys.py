"""After a key change, `rotate_encryption_keys` re-encrypts owners' bank details with the newest key, so
the old key can be removed; values read back unchanged."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from clef.contracts.models import OwnerBankAccount
from tests.factories.contracts import OwnerBankAccountFactory

pytestmark = pytest.mark.django_db


def raw_iban(pk: int) -> str:
    table = OwnerBankAccount._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT iban FROM {table} WHERE id = %s", [pk])  # noqa: S608 — table name from the model
        return cursor.fetchone()[0]


def test_rotation_re_encrypts_with_the_newest_key_and_the_old_one_can_go(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CLEF_FIELD_ENCRYPTION_KEYS = [old]
    account = OwnerBankAccountFactory()
    iban = OwnerBankAccount.objects.get(pk=account.pk).iban
    assert iban and iban not in raw_iban(account.pk)
    Fernet(old.encode()).decrypt(raw_iban(account.pk).encode())  # encrypted with the old key

    settings.CLEF_FIELD_ENCRYPTION_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "1 enregistrement(s) rechiffré(s)" in out.getvalue()
    Fernet(new.encode()).decrypt(raw_iban(account.pk).encode())  # now with the new key

    settings.CLEF_FIELD_ENCRYPTION_KEYS = [new]
    assert OwnerBankAccount.objects.get(pk=account.pk).iban == iban
