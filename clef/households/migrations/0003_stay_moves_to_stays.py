"""The stay moved to clef.stays (its table and rows moved with it: stays.0001)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0002_bounds_version_search_occupancy"),
        ("stays", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Stay")]),
    ]
