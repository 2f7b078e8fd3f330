"""Let the test database flush the journal tables (pytest-django's transactional tests, live_server).

The append-only triggers refuse DELETE (SQLite's flush) and TRUNCATE (PostgreSQL's flush) unless the
maintenance flag is raised. This session fixture, imported by tests/conftest.py, wraps the flush SQL
of both backends so that it raises the flag first and lowers it last. Django runs the flush
statements in one transaction (`execute_sql_flush`), so the flag never outlives the flush.
"""

import importlib

import pytest

from clef.journal.maintenance import flag_sql

BACKENDS = ("django.db.backends.sqlite3", "django.db.backends.postgresql")


def _wrap(operations_class):
    original = operations_class.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        sql = original(self, style, tables, **kwargs)
        if not sql:
            return sql
        vendor = self.connection.vendor
        return [flag_sql(vendor, on=True), *sql, flag_sql(vendor, on=False)]

    operations_class.sql_flush = sql_flush
    return original


@pytest.fixture(autouse=True, scope="session")
def journal_flush_allowed():
    # Imported here, once Django is set up (the backends' modules import each other).
    classes = [importlib.import_module(f"{backend}.base").DatabaseWrapper.ops_class for backend in BACKENDS]
    originals = {cls: _wrap(cls) for cls in classes}
    yield
    for cls, original in originals.items():
        cls.sql_flush = original
