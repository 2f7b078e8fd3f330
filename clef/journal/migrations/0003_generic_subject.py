"""Issue 7: the journal records any model. Its subject becomes a generic one (content type + object id)
instead of a model-name string; entries written before keep their subject (`object_type` strings →
content types, see `content_type_key`). The access log and the journal get an (organisation, date) index
for their browsable pages, and the journal new actions (open, validate, reopen, remind, import).

The append-only triggers refuse the UPDATE that converts the old entries, and SQLite drops them when it
rebuilds the table: they are dropped first and created again last, with the SQL of migration 0002
(frozen here too, as a migration must not change once applied).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PROTECTED_TABLES = ("journal_journalentry", "journal_accesslogentry")
MESSAGE = "Le journal est en ajout seul."
SQLITE_FLAG_TABLE = "journal_maintenance"

# Model names written in `object_type` before this migration → (app label, model) of their content type.
# Stays moved from `households` to `stays` in the same issue.
CONTENT_TYPES = {
    "household": ("households", "household"),
    "person": ("households", "person"),
    "householdresource": ("households", "householdresource"),
    "stay": ("stays", "stay"),
    "dwelling": ("dwellings", "dwelling"),
    "organisation": ("organisations", "organisation"),
}


def content_type_key(object_type: str) -> tuple[str, str]:
    """The content type (app label, model) of an old entry's `object_type`; ValueError if unknown (the
    migration stops rather than guess a subject)."""
    try:
        return CONTENT_TYPES[object_type]
    except KeyError:
        raise ValueError(f"Type d'objet inconnu dans le journal : {object_type!r}") from None


def drop_triggers_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {table}_{suffix} ON {table}"
            for table in PROTECTED_TABLES
            for suffix in ("append_only", "no_truncate")
        ]
    return [
        f"DROP TRIGGER IF EXISTS {table}_{suffix}"
        for table in PROTECTED_TABLES
        for suffix in ("no_update", "no_delete")
    ]


def create_triggers_sql(vendor: str) -> list[str]:
    """The triggers of migration 0002 (its PostgreSQL function and SQLite flag table are kept)."""
    sql = []
    for table in PROTECTED_TABLES:
        if vendor == "postgresql":
            sql += [
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION journal_refuse_change()",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change()",
            ]
        else:
            sql += [
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"WHEN NOT EXISTS (SELECT 1 FROM {SQLITE_FLAG_TABLE} WHERE active = 1) "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
            ]
    return sql


def _execute(schema_editor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    _execute(schema_editor, drop_triggers_sql(schema_editor.connection.vendor))


def create_triggers(apps, schema_editor):
    _execute(schema_editor, create_triggers_sql(schema_editor.connection.vendor))


def _settle(schema_editor) -> None:
    # PostgreSQL refuses to ALTER a table with pending (deferred) foreign-key checks: run them now.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE", params=None)


def to_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")  # noqa: N806
    JournalEntry = apps.get_model("journal", "JournalEntry")  # noqa: N806
    entries = JournalEntry._base_manager
    for object_type in entries.order_by().values_list("object_type", flat=True).distinct():
        app_label, model = content_type_key(object_type)
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        entries.filter(object_type=object_type).update(content_type=content_type)
    _settle(schema_editor)


def to_object_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")  # noqa: N806
    JournalEntry = apps.get_model("journal", "JournalEntry")  # noqa: N806
    entries = JournalEntry._base_manager
    for content_type_id in entries.order_by().values_list("content_type_id", flat=True).distinct():
        model = ContentType.objects.get(pk=content_type_id).model
        entries.filter(content_type_id=content_type_id).update(object_type=model)
    _settle(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("journal", "0002_access_log_context_and_append_only"),
        ("organisations", "0002_competence_and_name"),
        ("stays", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers, elidable=False),
        migrations.AddField(
            model_name="journalentry",
            name="content_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="type d'objet",
            ),
        ),
        migrations.RunPython(to_content_types, to_object_types, elidable=False),
        migrations.RemoveIndex(model_name="journalentry", name="journal_object_idx"),
        migrations.RemoveField(model_name="journalentry", name="object_type"),
        migrations.AlterField(
            model_name="journalentry",
            name="content_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="type d'objet",
            ),
        ),
        migrations.AlterModelOptions(
            name="accesslogentry",
            options={
                "ordering": ["-at", "-id"],
                "verbose_name": "consultation d'un dossier",
                "verbose_name_plural": "journal des consultations",
            },
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="date"),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="household_id",
            field=models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name="ménage"),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="user",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="utilisateur",
            ),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Création"),
                    ("update", "Modification"),
                    ("delete", "Suppression"),
                    ("open", "Ouverture"),
                    ("validate", "Validation"),
                    ("reopen", "Réouverture"),
                    ("remind", "Relance"),
                    ("import", "Import"),
                ],
                max_length=10,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="journalentry",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(fields=["organisation", "at"], name="access_org_at_idx"),
        ),
        migrations.AddIndex(
            model_name="journalentry",
            index=models.Index(fields=["content_type", "object_id"], name="journal_subject_idx"),
        ),
        migrations.AddIndex(
            model_name="journalentry",
            index=models.Index(fields=["organisation", "at"], name="journal_org_at_idx"),
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
