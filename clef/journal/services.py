"""Field-level journal of the register (households, persons, dwellings, stays)."""

from datetime import date
from decimal import Decimal

from django.db import models

from clef.journal.models import AccessLogEntry, JournalEntry

# Bookkeeping columns, never shown as a user's change: ids, timestamps, the optimistic-locking version, the
# search column, the pathway start (recomputed).
IGNORED_FIELDS = {
    "id",
    "created_at",
    "updated_at",
    "organisation",
    "search_name",
    "search_text",
    "version",
    "pathway_start",
}


def _display(instance: models.Model, field: models.Field):
    value = getattr(instance, field.attname)
    if value is None or value == "":
        return None
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "oui" if value else "non"
    if isinstance(field, models.ForeignKey):
        related = getattr(instance, field.name)
        return str(related) if related is not None else None
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return format(value, "f")
    return value if isinstance(value, int | float | str) else str(value)


def snapshot(instance: models.Model) -> dict[str, dict]:
    """Readable values of the concrete editable fields of `instance`."""
    return {
        f.name: {"label": str(f.verbose_name), "value": _display(instance, f)}
        for f in instance._meta.concrete_fields
        if f.name not in IGNORED_FIELDS and not f.name.startswith("external")
    }


def diff(before: dict[str, dict] | None, after: dict[str, dict] | None) -> dict[str, dict]:
    before, after = before or {}, after or {}
    changes = {}
    for name in sorted(set(before) | set(after)):
        old = before.get(name, {}).get("value")
        new = after.get(name, {}).get("value")
        if old != new:
            label = (after.get(name) or before.get(name))["label"]
            changes[name] = {"label": label, "old": old, "new": new}
    return changes


def record(
    *,
    acting_user,
    instance: models.Model,
    action: str,
    before: dict | None = None,
    household_id: int | None = None,
    dwelling_id: int | None = None,
    extra: dict | None = None,
) -> JournalEntry | None:
    """Journal one change. `before` is the snapshot taken before an update (None on create)."""
    after = None if action == JournalEntry.Action.DELETE else snapshot(instance)
    changes = diff(before, after)
    if extra:
        changes.update(extra)
    if action == JournalEntry.Action.UPDATE and not changes:
        return None
    return JournalEntry.objects.create(
        organisation_id=instance.organisation_id,
        actor=acting_user,
        action=action,
        object_type=instance._meta.model_name,
        object_id=instance.pk,
        object_label=str(instance._meta.verbose_name),
        household_id=household_id,
        dwelling_id=dwelling_id,
        changes=changes,
    )


def log_access(*, user, organisation_id: int, context: str, household_ids: list[int]) -> None:
    """Record that `user` was shown the personal data of `household_ids` (one bulk insert).

    `context` is an AccessLogEntry.Context value. For the export of all data, pass
    context="export" and no household id: one row without household is written. An empty list in
    any other context (a search with no result) writes nothing.
    """
    context = AccessLogEntry.Context(context)  # ValueError on an unknown context
    ids = list(dict.fromkeys(household_ids))  # de-duplicated, order kept
    if not ids:
        if context != AccessLogEntry.Context.EXPORT:
            return
        ids = [None]
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(user=user, organisation_id=organisation_id, context=context, household_id=pk)
        for pk in ids
    )


def log_household_access(*, user, household) -> None:
    """The household's detail page ("fiche")."""
    log_access(
        user=user,
        organisation_id=household.organisation_id,
        context=AccessLogEntry.Context.FICHE,
        household_ids=[household.pk],
    )
