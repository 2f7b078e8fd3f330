"""Create what is missing, update what changed, leave the rest — and journal each record created or
changed — for one table of a validated dataset.

What changed is found by row hash (clef.utils.bulk.row_hash): the stored rows are read as plain values,
one digest kept per row, never a model instance; only the rows whose digest differs are loaded, compared
field by field, updated and journaled. New rows are inserted in batches without model instances.
Memory stays bounded: one table at a time, the wanted rows built as they are consumed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import models

from clef.exchange.report import Context
from clef.journal.models import JournalEntry
from clef.journal.services import IGNORED_FIELDS, change, entry_row, readable
from clef.utils.bulk import BATCH, raw_insert, row_hash

CREATED = {"source": change("origine", None, "import au format d'échange")}


@dataclass
class Target:
    """One table: which fields the file sets, how a new row is made, where its journal entries go."""

    model: type[models.Model]
    name: str  # the file, for the counts ("logements")
    fields: tuple[str, ...]  # attnames compared (and hashed) in this order
    make: Callable[[tuple, dict], dict]  # key, values → the full row to insert
    journal_ids: Callable[[tuple, int], dict]  # key, pk → organisation_id, household_id, dwelling_id
    journal_create: Callable[[tuple], bool] = lambda key: True
    created_summary: Callable[[tuple], str | None] = lambda key: None
    # pk → {attname: value} this import changed before the upsert (a reference person demoted first):
    # the journal shows the value as it was, and the row counts as changed.
    before: dict[int, dict] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.values_of = itemgetter(*self.fields)  # the values of `fields`, in order, as a tuple

    def digest(self, values: dict) -> int:
        return row_hash(self.values_of(values))


class Journal:
    """Journal entries of the import, inserted in batches (the whole journal of a national file is never
    held), and the households whose members or resources changed."""

    def __init__(self, ctx: Context):
        self.user_id = getattr(ctx.acting_user, "pk", None)
        self.pending: list[dict] = []
        self.touched_households: set[int] = set()

    def add(self, model, action: str, pk: int, changes: dict, ids: dict) -> None:
        self.pending.append(
            entry_row(
                acting_user_id=self.user_id, model=model, object_id=pk, action=action, changes=changes, **ids
            )
        )
        if model._meta.model_name in {"household", "person"} and ids.get("household_id") is not None:
            self.touched_households.add(ids["household_id"])
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        raw_insert(JournalEntry, self.pending)
        self.pending = []


def field_changes(obj, values: dict, before: dict) -> dict:
    """{attname: (old, new)} for the values that differ from the stored object (or from `before`, what it
    held before this import touched it)."""
    changes = {}
    for f, new in values.items():
        old = before[f] if f in before else getattr(obj, f)
        if old != new:
            changes[f] = (old, new)
    return changes


def readable_changes(model, changes: dict) -> dict:
    """The journal's lines: field label, old and new values as users read them (choice labels, French
    dates and amounts); technical fields (pathway start, version) are written but not journaled."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return {
        fields[f].name: change(
            str(fields[f].verbose_name), readable(fields[f], old), readable(fields[f], new)
        )
        for f, (old, new) in changes.items()
        if fields[f].name not in IGNORED_FIELDS
    }


class Upsert:
    """One table's write: `run(wanted, existing)` with wanted (key, values) rows and existing
    {key: (pk, digest)}; returns {key: pk} of every wanted row (created or not)."""

    def __init__(self, ctx: Context, journal: Journal, target: Target, read_ids: Callable[[list], dict]):
        self.ctx, self.journal, self.target, self.read_ids = ctx, journal, target, read_ids
        self.versioned = any(f.name == "version" for f in target.model._meta.concrete_fields)

    def run(self, wanted: Iterable[tuple[tuple, dict]], existing: dict[tuple, tuple[int, int]]) -> dict:
        target, count = self.target, self.ctx.report.count
        ids: dict[tuple, int] = {}
        created: list[tuple] = []
        to_insert: list[dict] = []
        changed: list[tuple] = []
        unchanged = 0
        for key, values in wanted:
            found = existing.get(key)
            if found is None:
                created.append(key)
                to_insert.append(target.make(key, values))
                if len(to_insert) >= BATCH:
                    raw_insert(target.model, to_insert)
                    to_insert = []
                continue
            ids[key] = found[0]
            if found[1] == target.digest(values):
                unchanged += 1
                continue
            changed.append((key, found[0], values))
            if len(changed) >= BATCH:
                self.update(changed)
                changed = []
        raw_insert(target.model, to_insert)
        if unchanged:
            count(target.name, "inchangés", unchanged)
        self.update(changed)
        ids.update(self.journal_created(created))
        return ids

    def journal_created(self, created: list[tuple]) -> dict:
        """Counts the new rows, and journals them (reading their ids back) when the table wants it."""
        target = self.target
        if not created:
            return {}
        self.ctx.report.count(target.name, "créés", len(created))
        journaled = [key for key in created if target.journal_create(key)]
        if not journaled and target.model._meta.model_name in {"person", "stay"}:
            return {}  # nobody needs their ids (they came with a new household, journaled on it)
        ids = self.read_ids(created)
        for key in journaled:
            summary = target.created_summary(key)
            changes = (
                CREATED
                if summary is None
                else {**CREATED, "contenu": change("contenu importé", None, summary)}
            )
            self.journal.add(
                target.model, JournalEntry.Action.CREATE, ids[key], changes, target.journal_ids(key, ids[key])
            )
        return ids

    def update(self, changed: list[tuple]) -> None:
        """Rows whose digest differs: loaded, compared field by field, updated in bulk, journaled."""
        if not changed:
            return
        target = self.target
        stored = target.model.objects.in_bulk([pk for _key, pk, _values in changed])
        to_update, fields_changed = [], set()
        for key, pk, values in changed:
            obj = stored[pk]
            changes = field_changes(obj, values, target.before.get(pk, {}))
            if not changes:  # equal values under another digest cannot happen; kept safe
                self.ctx.report.count(target.name, "inchangés")
                continue
            for f, (_old, new) in changes.items():
                setattr(obj, f, new)
            fields_changed.update(changes)
            if self.versioned:  # a form opened before the import must not overwrite it silently
                obj.version += 1
                fields_changed.add("version")
            to_update.append(obj)
            self.ctx.report.count(target.name, "modifiés")
            readable_lines = readable_changes(target.model, changes)
            if readable_lines:
                self.journal.add(
                    target.model, JournalEntry.Action.UPDATE, pk, readable_lines, target.journal_ids(key, pk)
                )
        if to_update:
            target.model.objects.bulk_update(to_update, sorted(fields_changed), batch_size=2000)
