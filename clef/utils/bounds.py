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

# C0 control characters (tab, line feed and carriage return aside), DEL and the C1 controls: what a
# spreadsheet cell cannot hold (clef.utils.spreadsheet strips them) and query filters blank out.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What a single-line text (a name, an address, an identifier) may not hold: every C0 control, tab, line
# feed and carriage return included, DEL, the C1 controls, and the invisible format characters that hide
# or reorder what is read (zero-width space and joiners, direction marks, embeddings and overrides, word
# joiner, direction isolates, byte order mark): "Du\u202eNOD" displays as "DuDON".
SINGLE_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
INVISIBLE_NAMES = {
    "\u200b": "espace sans chasse",
    "\u200c": "antiliant sans chasse",
    "\u200d": "liant sans chasse",
    "\u200e": "marque gauche-à-droite",
    "\u200f": "marque droite-à-gauche",
    "\u2060": "gluon de mots",
    "\ufeff": "indicateur d'ordre des octets",
}


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
        first = low if unit.strip().isalpha() else f"{low}{unit}"  # « entre 1 et 600 minutes »
        return f"{self.name[0].upper()}{self.name[1:]} doit être comprise entre {first} et {high}{unit}."

    def contains(self, value) -> bool:
        return value is None or self.minimum <= value <= self.maximum

    def check(self, value) -> None:
        if not self.contains(value):
            # Django %-formats a message that has params: a « % » unit would be read as a format spec.
            raise ValidationError(
                self.message.replace("%", "%%"), code="out_of_bounds", params={"value": value}
            )

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


ENTRY_NOT_IN_FUTURE = NotInFuture("la date d'entrée")
EXIT_NOT_IN_FUTURE = NotInFuture("la date de sortie")
MOVE_NOT_IN_FUTURE = NotInFuture("la date du changement")
BIRTH_NOT_IN_FUTURE = NotInFuture("la date de naissance")


@deconstructible
class NoControlCharacters:
    """Refuses, in a single-line text (a name, an address, an id), every control character (NUL, tab,
    line feed, carriage return…) and the invisible format characters (SINGLE_LINE_FORBIDDEN), with a
    French message naming the first one found."""

    code = "control_character"

    @staticmethod
    def describe(character: str) -> str:
        """The French name of a forbidden character, with its code point."""
        point = f"U+{ord(character):04X}"
        if character == "\t":
            return "une tabulation"
        if character in "\r\n":
            return "un retour à la ligne"
        if character in INVISIBLE_NAMES:
            return f"un caractère invisible ({point}, {INVISIBLE_NAMES[character]})"
        if "\u202a" <= character <= "\u202e" or "\u2066" <= character <= "\u2069":
            return f"un caractère invisible qui change le sens d'écriture ({point})"
        return f"un caractère de contrôle invisible ({point})"

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        found = SINGLE_LINE_FORBIDDEN.search(value)
        if found:
            raise ValidationError(
                f"Ce texte contient {self.describe(found.group())} : retirez-le (une seule ligne, sans "
                "caractère invisible).",
                code=self.code,
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharacters)

    def __hash__(self) -> int:
        return hash(type(self))


no_control_characters = NoControlCharacters()
