"""Load the COG 2026 territories from the pinned npm package (idempotent upsert)."""

from django.conf import settings
from django.db import migrations


def load(apps, schema_editor):
    from clef.territories.loader import load_territories

    load_territories(
        settings.TERRITORIES_DATA_DIR,
        Region=apps.get_model("territories", "Region"),
        Department=apps.get_model("territories", "Department"),
        Epci=apps.get_model("territories", "Epci"),
        Commune=apps.get_model("territories", "Commune"),
    )


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
