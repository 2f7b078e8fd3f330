"""Bounds of every value Clef accepts: one rule per value, wherever it enters.

Model fields carry these validators (so ModelForms and the services' full_clean() apply them), plain
forms reuse them, and the importer calls `check()` on each typed cell. A value outside its bound gets
the same French message from every entry point.

These are sanity bounds (no real dwelling has 500 places or a rent of 1 M€/month), not domain rules:
they protect the aggregates (an overflowing integer broke every regional page on SQLite) and the
people reading the figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2100, 12, 31)
MIN_YEAR, MAX_YEAR = MIN_DATE.year, MAX_DATE.year

# C0 control characters (tab, line feed and carriage return aside), DEL and the C1 controls: they have
# no place in a name or an address, and some cannot be written to a spreadsheet at all.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _fr_number(value) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    integer, _, decimals = text.partition(".")
    sign = "-" if integer.startswith("-") else ""
    integer = integer.lstrip("-")
    groups = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    decimals = decimals.rstrip("0")
    return sign + "\u202f".join(groups or ["0"]) + (f",{decimals}" if decimals else "")


@deconstructible
@dataclass(eq=True)
class Bound:
    """An inclusive range with its French wording. Usable as a Django validator."""

    name: str  # what the value is, in French, feminine: "la valeur du nombre de places"
    minimum: object
    maximum: object
    unit: str = ""
    grouped: bool = True  # thousands separator (not for years)

    @property
    def message(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        low, high = (
            (_fr_number(self.minimum), _fr_number(self.maximum))
            if self.grouped
            else (str(self.minimum), str(self.maximum))
        )
        return f"{self.name[0].upper()}{self.name[1:]} doit être comprise entre {low}{unit} et {high}{unit}."

    def contains(self, value) -> bool:
        return value is None or self.minimum <= value <= self.maximum

    def check(self, value) -> None:
        if not self.contains(value):
            raise ValidationError(self.message, code="out_of_bounds", params={"value": value})

    def __call__(self, value) -> None:  # a Bound is a Django validator
        self.check(value)

    def __hash__(self) -> int:
        return hash((self.name, self.minimum, self.maximum))


def date_bound(name: str) -> Bound:
    return Bound(name, MIN_DATE, MAX_DATE)


PLACES = Bound("la valeur du nombre de places", 1, 100)
SURFACE_M2 = Bound("la surface", Decimal("1"), Decimal("1000"), "m²")
RENT = Bound("la valeur du loyer", Decimal("0"), Decimal("10000"), "€")
CHARGES = Bound("la valeur des charges", Decimal("0"), Decimal("5000"), "€")
DEBT = Bound("la dette", Decimal("0"), Decimal("1000000"), "€")
YEAR = Bound("l'année", MIN_YEAR, MAX_YEAR, grouped=False)
DATE = date_bound("la date")
ENTRY_DATE = date_bound("la date d'entrée")
EXIT_DATE = date_bound("la date de sortie")
BIRTH_DATE = date_bound("la date de naissance")
MOVE_DATE = date_bound("la date du changement")


@deconstructible
class NotInFuture:
    """A date that cannot be later than today (Europe/Paris): an exit, a move, a birth. One rule, on the
    model fields (forms, services, importer) and in the plain forms."""

    def __init__(self, name: str):
        self.name = name  # feminine, as for Bound: "la date de sortie"

    @property
    def message(self) -> str:
        return f"{self.name[0].upper()}{self.name[1:]} ne peut pas être dans le futur."

    def check(self, value) -> None:
        from django.utils import timezone

        if value is not None and value > timezone.localdate():
            raise ValidationError(self.message, code="future")

    def __call__(self, value) -> None:
        self.check(value)

    def __eq__(self, other) -> bool:
        return isinstance(other, NotInFuture) and other.name == self.name

    def __hash__(self) -> int:
        return hash((type(self), self.name))


EXIT_NOT_IN_FUTURE = NotInFuture("la date de sortie")
MOVE_NOT_IN_FUTURE = NotInFuture("la date du changement")
BIRTH_NOT_IN_FUTURE = NotInFuture("la date de naissance")


@deconstructible
class NoControlCharacters:
    """Refuses NUL, vertical tab and the other control characters (a name, an address, an id)."""

    message = "Ce texte contient un caractère de contrôle invisible (par exemple NUL ou tabulation verticale) : retirez-le."
    code = "control_character"

    def __call__(self, value) -> None:
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharacters)

    def __hash__(self) -> int:
        return hash(type(self))


no_control_characters = NoControlCharacters()


def check_text(value: str, max_length: int) -> None:
    """The rule of every text field: no control character, at most max_length characters."""
    no_control_characters(value)
    if len(value) > max_length:
        raise ValidationError(
            f"Ce texte compte {len(value)} caractères : {max_length} au plus.", code="max_length"
        )


def parse_year(text) -> int | None:
    """A year from a query string: an int within YEAR, else None (filters then ignore it)."""
    try:
        year = int(str(text).strip())
    except (TypeError, ValueError):
        return None
    return year if YEAR.contains(year) else None
