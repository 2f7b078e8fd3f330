"""The database itself keeps the journal and the access log append-only.

Triggers created by migration 0002_access_log_context_and_append_only (whose SQL is frozen there; 0003_generic_subject
drops and recreates them around its conversion) refuse every UPDATE and DELETE on `journal_journalentry` and
`journal_accesslogentry` (and, on PostgreSQL, TRUNCATE), whatever the path: the ORM's base manager,
`_raw_delete`, raw SQL, a psql session. One explicit exception: the retention purge deletes the
journal of purged households inside `journal_maintenance()`, which raises a flag visible only to its
own transaction:

- PostgreSQL: the setting `clef.maintenance` set to `on` with `set_config(…, true)` (SET LOCAL);
- SQLite: the one-row table `journal_maintenance` (not a Django model, so never flushed), set and
  reset inside the same transaction — other connections never see it set, since SQLite lets one
  writer at a time and the flag is back to 0 before COMMIT.

UPDATE stays refused even in maintenance: nothing may rewrite history.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, transaction

PROTECTED_TABLES = ("journal_journalentry", "journal_accesslogentry")

SQLITE_FLAG_TABLE = "journal_maintenance"
SQLITE_FLAG_ON = f"UPDATE {SQLITE_FLAG_TABLE} SET active = 1"
SQLITE_FLAG_OFF = f"UPDATE {SQLITE_FLAG_TABLE} SET active = 0"
POSTGRESQL_FLAG_ON = "SELECT set_config('clef.maintenance', 'on', true)"
POSTGRESQL_FLAG_OFF = "SELECT set_config('clef.maintenance', 'off', true)"


def flag_sql(vendor: str, *, on: bool) -> str:
    if vendor == "postgresql":
        return POSTGRESQL_FLAG_ON if on else POSTGRESQL_FLAG_OFF
    if vendor == "sqlite":
        return SQLITE_FLAG_ON if on else SQLITE_FLAG_OFF
    # Clef runs on PostgreSQL (production) and SQLite (embedded) only: another engine is a configuration
    # error, never a code path to fill in.
    raise ImproperlyConfigured(f"Base de données non prise en charge : {vendor} (PostgreSQL ou SQLite).")


@contextmanager
def journal_maintenance(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Allow DELETE on the journal and the access log inside this block (one transaction).

    Only for the retention purge. The flag is raised inside an atomic block and lowered before it
    ends; if the block raises, the rollback lowers it too.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute(flag_sql(connection.vendor, on=True))
        yield
        with connection.cursor() as cursor:
            cursor.execute(flag_sql(connection.vendor, on=False))


def installed_triggers(using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """Names of the append-only triggers present in the database (for the system check and tests)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN "
                "(SELECT oid FROM pg_class WHERE relname = ANY(%s))",
                [list(PROTECTED_TABLES)],
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def expected_triggers(vendor: str) -> set[str]:
    suffixes = ("append_only", "no_truncate") if vendor == "postgresql" else ("no_update", "no_delete")
    return {f"{table}_{suffix}" for table in PROTECTED_TABLES for suffix in suffixes}
