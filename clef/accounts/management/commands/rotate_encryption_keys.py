"""Re-encrypt every encrypted value (owners' bank details) with the newest key of
CLEF_FIELD_ENCRYPTION_KEYS after a key change (« nouvelle,ancienne »); the old key can then be removed.

Reading a value decrypts it with whichever key of the list fits; writing it back encrypts it with the
first (newest) key."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from clef.utils.crypto import EncryptedTextField


def encrypted_fields():
    """(model, [attribute names]) of every model with an encrypted field."""
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            yield model, names


class Command(BaseCommand):
    help = "Rechiffre les valeurs chiffrées (coordonnées bancaires) avec la clé la plus récente."

    def handle(self, *args, **options) -> None:
        total = 0
        with transaction.atomic():
            for model, names in encrypted_fields():
                rows = model._base_manager.select_for_update().values("pk", *names)
                for row in rows.iterator():
                    model._base_manager.filter(pk=row["pk"]).update(**{name: row[name] for name in names})
                    total += 1
        self.stdout.write(f"{total} enregistrement(s) rechiffré(s) avec la clé la plus récente.")
