"""The bilan broken down: the series since the first year, and the main figures by department (of the
head office) and by structure, each in a handful of GROUP BY queries."""

from __future__ import annotations

from django.db.models import Count, Min, Q, Sum

from clef.bilan.conventions import pct
from clef.bilan.perimeter import Perimeter, year_bounds
from clef.bilan.populations import (
    active_dwellings,
    active_structures,
    dwellings,
    exits,
    park_size,
    present_stays,
)
from clef.bilan.secrecy import mask_table_row
from clef.referential.models import ExitScheme
from clef.territories.models import Department

GROUP_FIELDS = {"departement": "organisation__head_office_department_id", "structure": "organisation_id"}


def first_year(perimeter: Perimeter) -> int | None:
    """The year the first dwelling of the perimeter entered the park."""
    first = dwellings(perimeter).aggregate(first=Min("entry_date"))["first"]
    return first.year if first else None


def series(perimeter: Perimeter, year: int) -> dict:
    """Structures, dwellings and places at the end of each year since the first year with data."""
    start = first_year(perimeter)
    if start is None or start > year:
        return {"years": [], "structures": [], "dwellings": [], "places": []}
    years = list(range(start, year + 1))
    result = {"years": years, "structures": [], "dwellings": [], "places": []}
    for y in years:
        result["structures"].append(active_structures(perimeter, y))
        n, places = park_size(perimeter, y)
        result["dwellings"].append(n)
        result["places"].append(places)
    return result


def _by(queryset, field: str) -> dict:
    return {row[field]: row for row in queryset}


def _perenne_destinations() -> list[str]:
    scheme = ExitScheme.objects.filter(code="officielle").first()
    if scheme is None:
        return []
    return list(scheme.entries.filter(category__code="perenne").values_list("destination", flat=True))


def _names(perimeter: Perimeter, group: str, keys: list) -> dict:
    if group == "departement":
        return {
            d.code: f"{d.code} – {d.name}" for d in Department.objects.filter(code__in=[k for k in keys if k])
        }
    return dict(perimeter.organisations().filter(pk__in=keys).values_list("pk", "name"))


def table_by(year: int, perimeter: Perimeter, group: str, *, secrecy: bool) -> list[dict]:
    """Main figures per department (`group="departement"`) or per structure (`"structure"`): structures
    active, dwellings and places at D, households present, exits and the share of exits to lasting
    housing. With `secrecy`, rows are masked by `clef.bilan.secrecy.mask_table_row`."""
    field = GROUP_FIELDS[group]
    _, end = year_bounds(year)
    park = _by(
        dwellings(perimeter).in_park_on(end).values(field).annotate(n=Count("pk"), places=Sum("places")),
        field,
    )
    active = _by(
        active_dwellings(perimeter, year)
        .values(field)
        .annotate(structures=Count("organisation", distinct=True)),
        field,
    )
    present = _by(
        present_stays(perimeter, year).values(field).annotate(households=Count("household", distinct=True)),
        field,
    )
    perenne = _perenne_destinations()
    out = _by(
        exits(perimeter, year)
        .values(field)
        .annotate(exits=Count("pk"), perenne=Count("pk", filter=Q(destination__in=perenne))),
        field,
    )
    keys = sorted(set(park) | set(active) | set(present) | set(out), key=lambda k: (k is None, k))
    names = _names(perimeter, group, keys)
    rows = []
    for key in keys:
        row = {
            "key": key,
            "name": names.get(key, "Non renseigné"),
            "structures": active.get(key, {}).get("structures", 0),
            "dwellings": park.get(key, {}).get("n", 0),
            "places": park.get(key, {}).get("places") or 0,
            "households": present.get(key, {}).get("households", 0),
            "exits": out.get(key, {}).get("exits", 0),
        }
        row["perenne_pct"] = pct(out.get(key, {}).get("perenne", 0), row["exits"])
        rows.append(mask_table_row(row) if secrecy else row)
    return rows
