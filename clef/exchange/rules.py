"""The register rules an import checks, in one place, one small function per rule.

The rules themselves are written once, in the applications (clef/dwellings/rules.py,
clef/households/rules.py, clef/stays/rules.py), and called here as the forms and services call them.
This module only translates: typed rows of the exchange format in, the model fields the rules speak of
mapped back to the file's columns, each violation out as (column, value, message).

Value bounds (a date not in the future, places between 1 and 100…) are the model fields' validators,
applied cell by cell in clef/exchange/cells.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import NamedTuple

from django.core.exceptions import ValidationError

from clef.dwellings.rules import check_dwelling
from clef.households.rules import check_reference_person, composition_problem, places_warning
from clef.stays.rules import (
    DWELLING_OCCUPIED,
    HOUSEHOLD_ELSEWHERE,
    check_same_structure,
    check_stay_dates,
    check_stay_in_park,
)
from clef.stays.rules import overlaps as periods_overlap
from clef.stays.rules import pathway_starts as chained_starts


class Violation(NamedTuple):
    column: str
    value: object
    message: str


# The file's column for each model field a rule names.
DWELLING_COLUMNS = {
    "entry_date": "date_entree",
    "exit_date": "date_sortie",
    "exit_reason": "motif_sortie",
    "parc": "parc",
    "conventionnement": "conventionnement",
    "rent_level": "niveau_loyer",
}
STAY_COLUMNS = {"entry_date": "date_entree", "exit_date": "date_sortie", "destination": "destination"}


def _violations(exc: ValidationError, columns: dict[str, str], row, default: str) -> list[Violation]:
    if not hasattr(exc, "error_dict"):
        return [Violation(default, getattr(row, default), message) for message in exc.messages]
    found = []
    for field, errors in exc.error_dict.items():
        column = columns.get(field, default)
        found += [Violation(column, getattr(row, column), message) for e in errors for message in e.messages]
    return found


def dwelling_coherence(row) -> list[Violation]:
    """A logements row: exit after entry and with a reason, Anah only in the private park, a rent level
    only when conventionné."""
    try:
        check_dwelling(
            entry_date=row.date_entree,
            exit_date=row.date_sortie,
            exit_reason=row.motif_sortie,
            parc=row.parc,
            conventionnement=row.conventionnement,
            rent_level=row.niveau_loyer,
        )
    except ValidationError as exc:
        return _violations(exc, DWELLING_COLUMNS, row, "logement_id")
    return []


def stay_dates(row) -> list[Violation]:
    """A sejours row: exit after entry; a destination with an exit, and only then."""
    try:
        check_stay_dates(entry_date=row.date_entree, exit_date=row.date_sortie, destination=row.destination)
    except ValidationError as exc:
        return _violations(exc, STAY_COLUMNS, row, "date_sortie")
    return []


def stay_fits_dwelling(row, dwelling) -> list[Violation]:
    """A sejours row lies within its dwelling's period in the park (logements row `dwelling`)."""
    if row.date_entree is None:
        return []
    try:
        check_stay_in_park(
            entry_date=row.date_entree,
            exit_date=row.date_sortie,
            park_entry=dwelling.date_entree,
            park_exit=dwelling.date_sortie,
        )
    except ValidationError as exc:
        return _violations(exc, STAY_COLUMNS, row, "date_entree")
    return []


def same_structure(household_key: tuple, dwelling_key: tuple) -> str | None:
    """A sejours row: its household and its dwelling belong to one structure (keys start with its id)."""
    try:
        check_same_structure(
            household_organisation_id=household_key[0], dwelling_organisation_id=dwelling_key[0]
        )
    except ValidationError as exc:
        return exc.messages[0]
    return None


def one_reference_person(household, roles: list[str]) -> list[Violation]:
    """A menages row: exactly one reference person among its personnes rows."""
    try:
        check_reference_person(roles)
    except ValidationError as exc:
        return [
            Violation("menage_id", household.menage_id, f"{m} (dans personnes.csv)") for m in exc.messages
        ]
    return []


def composition_matches_members(household, roles: list[str]) -> list[Violation]:
    """A menages row: its composition agrees with its members' roles (an isolated person lives alone…)."""
    if not roles or household.composition is None:
        return []  # a household without members is refused by one_reference_person already
    problem = composition_problem(household.composition, roles)
    return [Violation("composition", household.composition, problem)] if problem else []


def places_for_household(dwelling, household_size: int) -> str | None:
    """A warning (never a refusal) when a household has more members than its dwelling has places."""
    return places_warning(places=dwelling.places, household_size=household_size)


class Period(NamedTuple):
    entry: date
    exit: date | None
    line: int | None  # the sejours row, None for a stay already in Clef


def overlapping(periods: list[Period]) -> Iterator[tuple[Period, Period]]:
    """Pairs (earlier, later) of stays of one dwelling, or of one household, whose periods overlap.

    Sorted by entry, each stay is compared with the one that ends last among those before it (not only
    the one just before: a long stay may cover several later ones). A stay may start the day the
    previous one ends."""
    periods.sort(key=lambda p: (p.entry, p.exit or date.max))
    latest: Period | None = None
    for current in periods:
        if latest is not None and periods_overlap(latest.entry, latest.exit, current.entry, current.exit):
            yield latest, current
        if latest is None or (current.exit or date.max) > (latest.exit or date.max):
            latest = current


def overlap_message(dwelling: bool, previous: Period) -> str:
    what = DWELLING_OCCUPIED if dwelling else HOUSEHOLD_ELSEWHERE
    return f"{what.removesuffix('.')} (séjour du {previous.entry:%d/%m/%Y})."


def pathway_starts(stays: Iterable[tuple[date, date | None, str | None, object]]) -> dict[object, date]:
    """Pathway chaining for one household: (entry, exit, destination, key) of all its stays → the start
    of each keyed stay's pathway (a stay following an internal move continues the pathway)."""
    ordered = sorted(stays, key=lambda s: (s[0], s[1] or date.max))
    starts = chained_starts((entry, destination) for entry, _exit, destination, _key in ordered)
    return {s[3]: start for s, start in zip(ordered, starts, strict=True) if s[3] is not None}
