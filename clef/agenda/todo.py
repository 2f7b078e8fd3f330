"""« À faire »: what is due for a member, by role, soonest first (one query per section at most, the
operator's practice settings read once for all the sections)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clef.agenda import perms
from clef.agenda import sections as registry
from clef.organisations.models import Membership
from clef.organisations.practice import read_once


@dataclass(frozen=True)
class TodoEntry:
    section: registry.Section
    item: registry.Item


def todo_for(membership: Membership | None, on: date) -> list[TodoEntry]:
    """The items of every section serving the member's role, for its organisation, soonest first (an item
    with no date last); nothing for a member who has no « À faire »."""
    if not perms.can_see_todo(membership):
        return []
    with read_once():  # the sections reading the practice settings read them once
        entries = [
            TodoEntry(section, item)
            for section in registry.sections_for_role(membership.role)
            for item in section.items(membership.organisation_id, on)
        ]
    entries.sort(
        key=lambda entry: (entry.item.due_on is None, entry.item.due_on or on, entry.section.position)
    )
    return entries
