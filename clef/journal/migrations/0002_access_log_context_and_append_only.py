"""Issue 6: the access log's context, and triggers refusing UPDATE and DELETE on the journal and the
access log (see clef.journal.maintenance).

The SQL is frozen here on purpose (a migration must not change once applied). On SQLite, a later
migration that rebuilds one of these tables (most AlterField) drops its triggers: such a migration
must create them again. The database system check `journal.E001` (`manage.py check --database
default`) and tests/journal/test_append_only_database.py catch a missing trigger.
"""

from django.db import migrations
from django.db import models

PROTECTED_TABLES = ("journal_journalentry", "journal_accesslogentry")
MESSAGE = "Le journal est en ajout seul."
SQLITE_FLAG_TABLE = "journal_maintenance"

POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION journal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('clef.maintenance', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '{MESSAGE} (% sur %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
"""


def postgresql_install_sql() -> list[str]:
    sql = [POSTGRESQL_FUNCTION]
    for table in PROTECTED_TABLES:
        sql += [
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION journal_refuse_change()",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change()",
        ]
    return sql


def postgresql_uninstall_sql() -> list[str]:
    sql = []
    for table in PROTECTED_TABLES:
        sql += [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        ]
    return [*sql, "DROP FUNCTION IF EXISTS journal_refuse_change()"]


def sqlite_install_sql() -> list[str]:
    sql = [
        f"CREATE TABLE IF NOT EXISTS {SQLITE_FLAG_TABLE} ("
        "id integer PRIMARY KEY CHECK (id = 1), active integer NOT NULL DEFAULT 0 CHECK (active IN (0, 1)))",
        f"INSERT OR IGNORE INTO {SQLITE_FLAG_TABLE} (id, active) VALUES (1, 0)",
        # The flag row itself may not disappear (a missing row would read as "off" anyway).
        f"CREATE TRIGGER {SQLITE_FLAG_TABLE}_keep BEFORE DELETE ON {SQLITE_FLAG_TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ]
    for table in PROTECTED_TABLES:
        sql += [
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            f"WHEN NOT EXISTS (SELECT 1 FROM {SQLITE_FLAG_TABLE} WHERE active = 1) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        ]
    return sql


def sqlite_uninstall_sql() -> list[str]:
    sql = []
    for table in PROTECTED_TABLES:
        sql += [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"]
    return [
        *sql,
        f"DROP TRIGGER IF EXISTS {SQLITE_FLAG_TABLE}_keep",
        f"DROP TABLE IF EXISTS {SQLITE_FLAG_TABLE}",
    ]


def install_sql(vendor: str) -> list[str]:
    return {"postgresql": postgresql_install_sql, "sqlite": sqlite_install_sql}[vendor]()


def uninstall_sql(vendor: str) -> list[str]:
    return {"postgresql": postgresql_uninstall_sql, "sqlite": sqlite_uninstall_sql}[vendor]()


def install(apps, schema_editor):
    for statement in install_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    for statement in uninstall_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslogentry",
            name="context",
            field=models.CharField(
                choices=[
                    ("fiche", "Fiche du ménage"),
                    ("modification", "Modification du ménage"),
                    ("entree", "Entrée dans un logement"),
                    ("sortie", "Sortie du dispositif"),
                    ("changement", "Changement de logement"),
                    ("logement", "Fiche d'un logement (occupants)"),
                    ("recherche", "Recherche par nom"),
                    ("liste", "Liste des ménages"),
                    ("export", "Export des données"),
                ],
                default="fiche",
                max_length=20,
                verbose_name="contexte",
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="household_id",
            field=models.BigIntegerField(blank=True, db_index=True, null=True),
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
