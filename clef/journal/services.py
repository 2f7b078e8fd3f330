"""The journal: one append-only entry per audited write, about any record (a generic subject), and the
access log of household files.

Every audited service function writes its entry in its own transaction:
- `record(...)` for a change of a model instance (create / update / delete), field by field;
- `record_action(...)` for an action on a subject that is not a plain field change (a campaign opened, a
  declaration validated or reopened, reminders sent, a file imported);
- `log_access(...)` for the household files a user was shown.

Values are stored as users read them: field labels, choice labels (never raw codes), dates `31/12/2025`,
amounts `1 250,50 €`, times in Europe/Paris. What was shown at the time stays as it was.
"""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import formats, timezone

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
LABEL_MAX = 200


def number_fr(value, decimals: int = 0) -> str:
    """1234.5 → « 1 234,5 » (narrow no-break space between thousands)."""
    return f"{float(value):,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def euros_fr(value) -> str:
    """Decimal("1250.5") → « 1 250,50 € »."""
    return f"{number_fr(value, 2)}\u00a0€"


def moment_fr(value: datetime) -> str:
    """An aware datetime as read in Europe/Paris: « 31/12/2025 à 23:30 »."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(local, "d/m/Y à H:i")


def readable(field: models.Field, value):
    """A stored value as users read it (None for an empty value). Money is a DecimalField with two decimals."""
    if value is None or value == "":
        return None
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return moment_fr(value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        places = getattr(field, "decimal_places", None)
        if field.name.endswith("_percent"):  # a rate, not money: « 7,00 % »
            return f"{number_fr(value, places or 0)}\u00a0%"
        return euros_fr(value) if places == 2 else number_fr(value, places or 0)
    if isinstance(value, float):
        return number_fr(value, 1)
    return value if isinstance(value, int | str) else str(value)


def _display(instance: models.Model, field: models.Field):
    if isinstance(field, models.ForeignKey):
        if getattr(instance, field.attname) is None:
            return None
        return str(getattr(instance, field.name))
    return readable(field, getattr(instance, field.attname))


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, dict]:
    """Readable values of the concrete editable fields of `instance` (or only of `fields`)."""
    return {
        f.name: {"label": str(f.verbose_name), "value": _display(instance, f)}
        for f in instance._meta.concrete_fields
        if (f.name in fields if fields is not None else f.name not in IGNORED_FIELDS)
        and not f.name.startswith("external")
    }


def labels_of(field: models.Field, codes) -> str | None:
    """The choice labels of several codes, in the order of the choices: « RSA, Prestations familiales »."""
    order = {code: position for position, code in enumerate(dict(field.flatchoices))}
    known = dict(field.flatchoices)
    ordered = sorted(set(codes), key=lambda code: (order.get(code, len(order)), code))
    return ", ".join(str(known.get(code, code)) for code in ordered) or None


def choices_snapshot(name: str, label: str, field: models.Field, codes) -> dict[str, dict]:
    """A many-valued choice (the resources of a household) as one readable snapshot entry."""
    return {name: {"label": label, "value": labels_of(field, codes)}}


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


def change(label: str, old=None, new=None) -> dict:
    """One readable line of `changes` written by hand (values already readable)."""
    return {"label": label, "old": old, "new": new}


def content_type_id(model) -> int:
    """The content type of a model class or instance (cached by Django after the first query)."""
    return ContentType.objects.get_for_model(model, for_concrete_model=False).pk


def record(
    *,
    acting_user,
    instance: models.Model,
    action: str,
    before: dict | None = None,
    household_id: int | None = None,
    dwelling_id: int | None = None,
    extra: dict | None = None,
    organisation_id: int | None = None,
) -> JournalEntry | None:
    """Journal one change of `instance`. `before` is the snapshot taken before an update (None on create).

    The entry belongs to `organisation_id`, by default the instance's own organisation. An update that
    changed nothing readable writes nothing (returns None)."""
    after = None if action == JournalEntry.Action.DELETE else snapshot(instance)
    changes = diff(before, after)
    if extra:
        changes.update(extra)
    if action == JournalEntry.Action.UPDATE and not changes:
        return None
    return JournalEntry.objects.create(
        organisation_id=instance.organisation_id if organisation_id is None else organisation_id,
        actor=acting_user,
        action=action,
        content_type_id=content_type_id(instance),
        object_id=instance.pk,
        object_label=str(instance._meta.verbose_name)[:LABEL_MAX],
        household_id=household_id,
        dwelling_id=dwelling_id,
        changes=changes,
    )


def record_action(
    *,
    acting_user,
    organisation_id: int,
    subject: models.Model,
    action: str,
    changes: dict[str, dict] | None = None,
    label: str | None = None,
    household_id: int | None = None,
    dwelling_id: int | None = None,
) -> JournalEntry:
    """Journal an action that is not a field-by-field change (open, validate, reopen, remind, import).

    `label` names the subject as users read it (default: its verbose name); `changes` are readable lines
    built with `change(...)`, `diff(...)` or `snapshot(...)`."""
    return JournalEntry.objects.create(
        organisation_id=organisation_id,
        actor=acting_user,
        action=JournalEntry.Action(action),
        content_type_id=content_type_id(subject),
        object_id=subject.pk,
        object_label=(label or str(subject._meta.verbose_name))[:LABEL_MAX],
        household_id=household_id,
        dwelling_id=dwelling_id,
        changes=changes or {},
    )


def entry_row(
    *,
    acting_user_id: int | None,
    organisation_id: int,
    model,
    object_id: int,
    action: str,
    changes: dict,
    household_id: int | None = None,
    dwelling_id: int | None = None,
) -> dict:
    """The column values of one entry, for writers that insert many rows at once (the importer)."""
    return {
        "organisation_id": organisation_id,
        "actor_id": acting_user_id,
        "action": action,
        "content_type_id": content_type_id(model),
        "object_id": object_id,
        "object_label": str(model._meta.verbose_name)[:LABEL_MAX],
        "household_id": household_id,
        "dwelling_id": dwelling_id,
        "changes": changes,
    }


def log_access(*, user, organisation_id: int, context: str, household_ids: list[int], subject=None) -> None:
    """Record that `user` was shown the personal data of `household_ids` (one bulk insert).

    `context` is an AccessLogEntry.Context value. For the export of all data, pass
    context="export" and no household id: one row without household is written. An empty list in
    any other context (a search with no result) writes nothing. `subject` names the record read when it
    is not the household file itself (a note, a SIAO proposal…): it is written on every row; a subject
    without household (a candidate not yet housed) writes one row.
    """
    context = AccessLogEntry.Context(context)  # ValueError on an unknown context
    ids = list(dict.fromkeys(household_ids))  # de-duplicated, order kept
    if not ids:
        if context != AccessLogEntry.Context.EXPORT and subject is None:
            return
        ids = [None]
    subject_type = f"{subject._meta.app_label}.{subject._meta.model_name}" if subject is not None else ""
    subject_id = subject.pk if subject is not None else None
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(
            user=user,
            organisation_id=organisation_id,
            context=context,
            household_id=pk,
            subject_type=subject_type,
            subject_id=subject_id,
        )
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
