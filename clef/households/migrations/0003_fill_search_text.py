"""Fill Household.search_text for the households that existed before the column."""

from collections import defaultdict

from django.db import migrations

from clef.utils.text import search_key


def fill_search_text(apps, schema_editor):
    Household = apps.get_model("households", "Household")
    Person = apps.get_model("households", "Person")
    names: dict[int, list[str]] = defaultdict(list)
    members = Person.objects.order_by("household_id", "pk").values_list(
        "household_id", "first_name", "last_name"
    )
    for household_id, first, last in members.iterator(chunk_size=5000):
        key = search_key(f"{first} {last}")
        if key:
            names[household_id].append(key)
    batch = [Household(pk=pk, search_text=" ".join(keys)) for pk, keys in names.items()]
    Household.objects.bulk_update(batch, ["search_text"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("households", "0002_bounds_version_search_text")]

    operations = [migrations.RunPython(fill_search_text, migrations.RunPython.noop)]
