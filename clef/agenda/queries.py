"""Reads of the agenda pages: the names of the households the items concern, in one query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from clef.agenda import sections as registry
from clef.agenda.models import Meeting
from clef.households.enums import PersonRole
from clef.households.models import Person


def household_names(household_ids: Iterable[int | None]) -> dict[int, str]:
    """Household id → its reference person's name (« Prénom NOM »), read live in one query: a meeting's
    items never copy a name (a purged household leaves none behind)."""
    ids = {pk for pk in household_ids if pk is not None}
    if not ids:
        return {}
    people = Person.objects.filter(household_id__in=ids, role=PersonRole.REFERENCE).only(
        "pk", "household_id", "first_name", "last_name"
    )
    names = {person.household_id: person.full_name for person in people}
    return {pk: names.get(pk, f"Ménage n° {pk}") for pk in ids}


@dataclass
class AgendaSection:
    code: str
    title: str
    items: list = field(default_factory=list)


def agenda_of(meeting: Meeting) -> list[AgendaSection]:
    """The meeting's items by section, in the registry's order (a section no longer registered comes
    last, under its code), each item carrying `household_name`: two queries."""
    items = list(meeting.items.select_related("decided_by").order_by("position", "pk"))
    names = household_names(item.household_id for item in items)
    order = {section.code: index for index, section in enumerate(registry.all_sections())}
    groups: dict[str, AgendaSection] = {}
    for item in items:
        item.household_name = names.get(item.household_id, "")
        if item.section not in groups:
            section = registry.get_section(item.section)
            groups[item.section] = AgendaSection(item.section, section.title if section else item.section)
        groups[item.section].items.append(item)
    return sorted(groups.values(), key=lambda group: (order.get(group.code, len(order)), group.code))
