"""The populations of the spec (docs/spec/bilan-indicators.md, "Populations"), as querysets over a
perimeter. Measures are taken on them by the section modules; nothing here loads rows into Python."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from clef.bilan.perimeter import Perimeter, year_bounds
from clef.dwellings.models import Dwelling
from clef.households.models import Household
from clef.stays.models import Stay


def dwellings(perimeter: Perimeter) -> QuerySet[Dwelling]:
    if perimeter.kind == "tout":
        return Dwelling.objects.all()
    return Dwelling.objects.filter(organisation__in=perimeter.organisations())


def stays(perimeter: Perimeter) -> QuerySet[Stay]:
    if perimeter.kind == "tout":
        return Stay.objects.all()
    return Stay.objects.filter(organisation__in=perimeter.organisations())


def active_dwellings(perimeter: Perimeter, year: int) -> QuerySet[Dwelling]:
    """Dwellings in the park on at least one day of `year` (what makes a structure active)."""
    start, end = year_bounds(year)
    return (
        dwellings(perimeter)
        .filter(entry_date__lte=end)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gt=start))
    )


def active_structures(perimeter: Perimeter, year: int) -> int:
    """Structures with at least one dwelling in the park on at least one day of `year`."""
    return active_dwellings(perimeter, year).values("organisation").distinct().count()


def park_size(perimeter: Perimeter, year: int) -> tuple[int, int]:
    """Dwellings and places in the park at D of `year`."""
    _, end = year_bounds(year)
    agg = dwellings(perimeter).in_park_on(end).aggregate(n=Count("pk"), places=Sum("places"))
    return agg["n"], agg["places"] or 0


def present_stays(perimeter: Perimeter, year: int) -> QuerySet[Stay]:
    """Stays overlapping `year` (a household is present on its exit day)."""
    return stays(perimeter).present_between(*year_bounds(year))


def households_present(perimeter: Perimeter, year: int) -> QuerySet[Household]:
    return Household.objects.filter(Exists(present_stays(perimeter, year).filter(household=OuterRef("pk"))))


def parcours_entries(perimeter: Perimeter, year: int) -> QuerySet[Stay]:
    """First stays of the parcours starting in `year` (one row per household entry)."""
    return stays(perimeter).filter(pathway_start__year=year, entry_date=F("pathway_start"))


def exits(perimeter: Perimeter, year: int) -> QuerySet[Stay]:
    """Exits in `year`: stays ended in `year` by a destination other than an internal move."""
    return stays(perimeter).exits_in(year)


def owned(queryset: QuerySet, perimeter: Perimeter, field: str = "organisation") -> QuerySet:
    """Rows of `queryset` whose operator (`field`) is in the perimeter (the records of the daily work)."""
    if perimeter.kind == "tout":
        return queryset
    return queryset.filter(**{f"{field}__in": perimeter.organisations()})
