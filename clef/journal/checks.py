from django.core.checks import Error, Tags, register
from django.db import connections

from clef.journal.maintenance import expected_triggers, installed_triggers


@register(Tags.database)
def append_only_triggers(app_configs=None, databases=None, **kwargs):
    """The journal's append-only triggers exist (`manage.py check --database default`)."""
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor not in {"postgresql", "sqlite"}:
            continue
        missing = expected_triggers(connection.vendor) - installed_triggers(alias)
        if missing:
            errors.append(
                Error(
                    f"Triggers d'ajout seul absents sur la base {alias!r} : {', '.join(sorted(missing))}.",
                    hint="Appliquez les migrations du journal (journal.0003) ou recréez les triggers.",
                    id="journal.E001",
                )
            )
    return errors
