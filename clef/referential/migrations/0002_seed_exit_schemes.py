"""Seed the four exit categorisation schemes of spec/bilan-indicators.md (editable afterwards)."""

from django.db import migrations


def seed(apps, schema_editor):
    from clef.referential.schemes import seed_builtin_schemes

    seed_builtin_schemes(
        ExitScheme=apps.get_model("referential", "ExitScheme"),
        ExitCategory=apps.get_model("referential", "ExitCategory"),
        ExitSchemeEntry=apps.get_model("referential", "ExitSchemeEntry"),
    )


class Migration(migrations.Migration):
    dependencies = [("referential", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
