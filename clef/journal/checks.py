from django.core.checks import Error, Tags, register
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from clef.journal.maintenance import expected_triggers, installed_triggers

TRIGGERS_MIGRATION = ("journal", "0002_access_log_context_and_append_only")


@register(Tags.database)
def append_only_triggers(app_configs=None, databases=None, **kwargs):
    """The journal's append-only triggers exist (`manage.py check --database default`).

    Silent until the migration that creates them has run (`migrate` runs this check first).
    """
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor not in {"postgresql", "sqlite"}:
            continue
        recorder = MigrationRecorder(connection)
        if not recorder.has_table() or TRIGGERS_MIGRATION not in recorder.applied_migrations():
            continue
        missing = expected_triggers(connection.vendor) - installed_triggers(alias)
        if missing:
            errors.append(
                Error(
                    f"Triggers d'ajout seul absents sur la base {alias!r} : {', '.join(sorted(missing))}.",
                    hint="Recréez-les (SQL de clef/journal/migrations/0002_access_log_context_and_append_only.py).",
                    id="journal.E001",
                )
            )
    return errors
