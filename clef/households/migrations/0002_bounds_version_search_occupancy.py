"""Issue 6 (security and reliability), one migration before any deployment:

- bounds on every value (clef.utils.bounds) as field validators and CHECK constraints; entries, exits
  and births not in the future;
- `version` (optimistic concurrency) on households;
- `search_text`: the members' names normalised (one indexed column for the name search), filled for
  the households that existed before it;
- PostgreSQL only: exclusion constraints against double occupancy (`[entry, exit)` periods per dwelling
  and per household, btree_gist) and a GIN trigram index on `search_text` (pg_trgm). Both extensions
  are trusted (PostgreSQL 13+): the database owner may create them. SQLite has neither: the services
  serialise writers (BEGIN IMMEDIATE) and check overlaps in the same transaction as the write.
"""

from clef.utils.text import search_key
from collections import defaultdict
from decimal import Decimal
from django.db import migrations
from django.db import models
import clef.utils.bounds
import datetime


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


FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE households_stay ADD CONSTRAINT stay_no_double_occupancy EXCLUDE USING gist "
    "(dwelling_id WITH =, daterange(entry_date, exit_date, '[)') WITH &&)",
    "ALTER TABLE households_stay ADD CONSTRAINT stay_household_one_dwelling_at_a_time EXCLUDE USING gist "
    "(household_id WITH =, daterange(entry_date, exit_date, '[)') WITH &&)",
    "CREATE INDEX household_search_trgm_idx ON households_household USING gin (search_text gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS household_search_trgm_idx",
    "ALTER TABLE households_stay DROP CONSTRAINT IF EXISTS stay_household_one_dwelling_at_a_time",
    "ALTER TABLE households_stay DROP CONSTRAINT IF EXISTS stay_no_double_occupancy",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("dwellings", "0002_bounds_and_version"),
        ("households", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="household",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="texte de recherche"),
        ),
        migrations.AddField(
            model_name="household",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        migrations.AlterField(
            model_name="household",
            name="external_id",
            field=models.CharField(
                blank=True,
                max_length=100,
                validators=[clef.utils.bounds.NoControlCharacters()],
                verbose_name="identifiant d'échange",
            ),
        ),
        migrations.AlterField(
            model_name="household",
            name="social_housing_demand_number",
            field=models.CharField(
                blank=True,
                help_text="Numéro unique départemental de la demande de logement social, s'il est connu.",
                max_length=30,
                validators=[clef.utils.bounds.NoControlCharacters()],
                verbose_name="numéro unique de demande",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="external_id",
            field=models.CharField(
                blank=True,
                max_length=100,
                validators=[clef.utils.bounds.NoControlCharacters()],
                verbose_name="identifiant d'échange",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="first_name",
            field=models.CharField(
                blank=True,
                max_length=100,
                validators=[clef.utils.bounds.NoControlCharacters()],
                verbose_name="prénom",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="last_name",
            field=models.CharField(
                blank=True,
                max_length=100,
                validators=[clef.utils.bounds.NoControlCharacters()],
                verbose_name="nom",
            ),
        ),
        migrations.AlterField(
            model_name="stay",
            name="exit_debt",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=10,
                null=True,
                validators=[clef.utils.bounds.Bound("la dette", Decimal("0"), Decimal("1000000"), "€")],
                verbose_name="dette à la sortie (€)",
            ),
        ),
        migrations.AlterField(
            model_name="stay",
            name="external_id",
            field=models.CharField(
                blank=True,
                max_length=100,
                validators=[clef.utils.bounds.NoControlCharacters()],
                verbose_name="identifiant d'échange",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("birth_date__gte", datetime.date(1900, 1, 1)),
                    ("birth_date__lte", datetime.date(2100, 12, 31)),
                ),
                name="person_birth_date_bounds",
            ),
        ),
        migrations.AddConstraint(
            model_name="stay",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("entry_date__gte", datetime.date(1900, 1, 1)),
                    ("entry_date__lte", datetime.date(2100, 12, 31)),
                ),
                name="stay_entry_bounds",
            ),
        ),
        migrations.AddConstraint(
            model_name="stay",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("exit_date__isnull", True),
                    models.Q(
                        ("exit_date__gte", datetime.date(1900, 1, 1)),
                        ("exit_date__lte", datetime.date(2100, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="stay_exit_bounds",
            ),
        ),
        migrations.AddConstraint(
            model_name="stay",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("exit_debt__isnull", True),
                    models.Q(("exit_debt__gte", Decimal("0")), ("exit_debt__lte", Decimal("1000000"))),
                    _connector="OR",
                ),
                name="stay_exit_debt_bounds",
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
        migrations.AlterField(
            model_name="person",
            name="birth_date",
            field=models.DateField(
                validators=[
                    clef.utils.bounds.Bound(
                        "la date de naissance", datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
                    ),
                    clef.utils.bounds.NotInFuture("la date de naissance"),
                ],
                verbose_name="date de naissance",
            ),
        ),
        migrations.AlterField(
            model_name="stay",
            name="exit_date",
            field=models.DateField(
                blank=True,
                null=True,
                validators=[
                    clef.utils.bounds.Bound(
                        "la date de sortie", datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
                    ),
                    clef.utils.bounds.NotInFuture("la date de sortie"),
                ],
                verbose_name="date de sortie",
            ),
        ),
        migrations.AlterField(
            model_name="stay",
            name="entry_date",
            field=models.DateField(
                validators=[
                    clef.utils.bounds.Bound(
                        "la date d'entrée", datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
                    ),
                    clef.utils.bounds.NotInFuture("la date d'entrée"),
                ],
                verbose_name="date d'entrée",
            ),
        ),
    ]
