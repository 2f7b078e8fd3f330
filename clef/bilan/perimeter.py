"""The perimeter of a bilan: the whole database, a region, a department or one structure.

A structure belongs to the region and the department of its head office (spec: "Périmètre").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from clef.organisations.models import Organisation


@dataclass(frozen=True)
class Perimeter:
    """Whole database, a region, a department (of the structure's head office) or one structure."""

    kind: str = "tout"
    code: str = ""

    @classmethod
    def parse(cls, text: str | None) -> Perimeter:
        if not text:
            return cls()
        kind, _, code = text.partition(":")
        if kind not in {"region", "departement", "structure"} or not code or len(code) > 100:
            raise ValueError(
                f"Périmètre « {text} » invalide : attendu region:CODE, departement:CODE ou structure:ID."
            )
        return cls(kind, code)

    @property
    def label(self) -> str:
        return "tout" if self.kind == "tout" else self.kind

    @property
    def key(self) -> str:
        """The perimeter as `parse` reads it back ("tout", "region:84", "structure:12")."""
        return "tout" if self.kind == "tout" else f"{self.kind}:{self.code}"

    def organisations(self) -> QuerySet[Organisation]:
        queryset = Organisation.objects.operators()
        if self.kind == "region":
            return queryset.filter(head_office_department__region_id=self.code)
        if self.kind == "departement":
            return queryset.filter(head_office_department_id=self.code)
        if self.kind == "structure":
            return (
                queryset.filter(pk=self.code)
                if self.code.isdigit() and len(self.code) <= 18  # a primary key, not a 4 301-digit number
                else queryset.filter(external_id=self.code)
            )
        return queryset


def year_bounds(year: int) -> tuple[date, date]:
    """1 January and 31 December (D) of `year`."""
    return date(year, 1, 1), date(year, 12, 31)


def arrears_day(year: int, today: date | None = None) -> date:
    """The day the arrears of `year` are read at (impayes.*): 31 December (D) once the year is over; today
    (Paris) while it runs, so that no rent called ahead for a month to come counts as unpaid."""
    from django.utils import timezone

    return min(date(year, 12, 31), today or timezone.localdate())


def is_running(year: int, today: date | None = None) -> bool:
    """Whether `year` is not over yet (its arrears are read at today, not at 31/12)."""
    return arrears_day(year, today) < date(year, 12, 31)
