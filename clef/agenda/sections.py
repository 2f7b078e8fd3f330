"""The sections of the monthly IML meeting and of « À faire »: a registry.

A section is a `Section`: a stable `code`, a French `title`, a `position` (sections are shown by
increasing position; the built-in ones use 100, 200, … so a new one fits between), the `roles` whose
« À faire » it feeds, whether it belongs to an operator's monthly meeting (`meeting`), and a `provider`:
`provider(organisation_id, on) -> list[Item]`, what is due for that organisation on that day, soonest
first, in ONE query (the pages assert a constant number of queries: one per section at most).

An `Item` names its subject (any model instance: a term, a demand, a review…), the household concerned
(`household_id`, or None), a label saying what is due WITHOUT naming the household (pages show the
household's name read live; a meeting keeps the label as it was), the date it is due, and the page
where it is handled (`url_name` in the « www » namespace and its `url_args`).

Adding a section (the captation and rental-management issues will): no change to the agenda. In the
app that knows what is due, write a module `agenda_sections.py` (e.g. `clef/captation/agenda_sections.py`)
with a list `SECTIONS` of dicts with the keys of `Section` (code, title, position, roles, provider,
meeting); its provider returns `Item`s or dicts with the keys of `Item`. `clef.agenda` discovers these
modules at start-up (`AgendaConfig.ready` → `autodiscover`), so a domain app below the agenda in the
layers never imports it. An app above the agenda may also call `register(Section(...))` in its `ready`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse

from clef.organisations.models import Role


@dataclass(frozen=True)
class Item:
    subject: models.Model
    household_id: int | None
    label: str
    due_on: date | None
    url_name: str = ""
    url_args: tuple = ()

    @property
    def url(self) -> str | None:
        """The page where the item is handled (`url_name` is a full name: « www:household_detail »)."""
        if not self.url_name:
            return None
        try:
            return reverse(self.url_name, args=self.url_args)
        except NoReverseMatch:
            return None


Provider = Callable[[int, date], Iterable[Item | Mapping]]


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    position: int
    provider: Provider
    roles: frozenset[str] = field(default_factory=frozenset)
    meeting: bool = True  # part of an operator's monthly meeting (False: an « À faire » only section)

    def items(self, organisation_id: int, on: date) -> list[Item]:
        return [as_item(found) for found in self.provider(organisation_id, on)]


def as_item(found: Item | Mapping) -> Item:
    return found if isinstance(found, Item) else Item(**found)


_REGISTRY: dict[str, Section] = {}


def register(section: Section | Mapping) -> Section:
    """Add a section (a `Section` or a dict of its keys); a code is registered once."""
    if not isinstance(section, Section):
        values = dict(section)
        values["roles"] = frozenset(values.get("roles", ()))
        section = Section(**values)
    if section.code in _REGISTRY and _REGISTRY[section.code] != section:
        raise ValueError(f"Agenda section {section.code!r} is already registered.")
    _REGISTRY[section.code] = section
    return section


def unregister(code: str) -> None:
    """Remove a section (tests that register their own)."""
    _REGISTRY.pop(code, None)


def all_sections() -> list[Section]:
    return sorted(_REGISTRY.values(), key=lambda section: (section.position, section.code))


def meeting_sections() -> list[Section]:
    return [section for section in all_sections() if section.meeting]


def sections_for_role(role: str) -> list[Section]:
    return [section for section in all_sections() if role in section.roles]


def get_section(code: str) -> Section | None:
    return _REGISTRY.get(code)


def autodiscover() -> None:
    """Register the `SECTIONS` of every installed app's `agenda_sections` module, then the built-in ones."""
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.agenda_sections")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.agenda_sections":
                raise
            continue
        for section in getattr(module, "SECTIONS", ()):
            register(section)


# Roles, as the AIVS practice shares the work (the director sees everything of the structure).
SOCIAL = frozenset({Role.DIRECTOR, Role.SOCIAL_WORKER})
RENTAL = frozenset({Role.DIRECTOR, Role.RENTAL_MANAGER})
BOTH = frozenset({Role.DIRECTOR, Role.SOCIAL_WORKER, Role.RENTAL_MANAGER})
SIAO = frozenset({Role.SIAO_AGENT})
