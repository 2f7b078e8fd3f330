"""PostgreSQL only: no double occupancy enforced by the database, and a trigram index for name search.

- Two exclusion constraints on stays: one dwelling never has two stays whose periods overlap, one
  household never has two. Periods are `[entry, exit)`: a stay may start the day the previous one ended;
  an open stay (exit NULL) runs to infinity. They need btree_gist (the `=` on the id inside a GiST index).
- A GIN trigram index on Household.search_text: each word of the list's search is a `LIKE '%word%'` on
  that single column, which this index serves. It needs pg_trgm.

Both extensions are "trusted" (PostgreSQL 13+): the owner of the database may create them.
SQLite has neither: there, the services serialise writers (BEGIN IMMEDIATE) and check overlaps in the
same transaction as the write, and the search column is scanned (one organisation's households).
"""

from django.db import migrations

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
    dependencies = [("households", "0003_fill_search_text")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
