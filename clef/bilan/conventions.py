"""The conventions of the spec (docs/spec/bilan-indicators.md, "Conventions"): percentages, months,
medians and durations, computed the same way on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, QuerySet

from clef.bilan.db import DayNumber
from clef.utils.dates import DAYS_PER_MONTH


def pct(part: int | None, whole: int | None) -> float | None:
    """100 × part / whole rounded half-up to one decimal; None when the whole is 0."""
    if not whole:
        return None
    return float(
        (Decimal(100 * (part or 0)) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )


def pct_float(part: float, whole: float) -> float | None:
    """`pct` for a part that is not a whole number (a sum of parts of several operators)."""
    if not whole:
        return None
    return float(
        (Decimal(str(100 * part)) / Decimal(str(whole))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )


def months(days: float | None) -> float | None:
    """Days / 30.4375, rounded half-up to one decimal."""
    if days is None:
        return None
    return float(
        (Decimal(str(days)) / Decimal(str(DAYS_PER_MONTH))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )


def duration_days(start_field: str):
    """Exit date − `start_field`, in days, as a database expression."""
    return DayNumber(F("exit_date")) - DayNumber(F(start_field))


def median(queryset: QuerySet, expression, count: int) -> float | None:
    """Median of `expression` over `queryset` in the database (ORDER BY … OFFSET, one or two rows)."""
    if not count:
        return None
    ordered = queryset.annotate(_m=expression).order_by("_m").values_list("_m", flat=True)
    middle = (count - 1) // 2
    values = list(ordered[middle : middle + (1 if count % 2 else 2)])
    return sum(values) / len(values)


def group_counts(queryset: QuerySet, field: str) -> dict[str, int]:
    """Rows of `queryset` counted by `field`, in one GROUP BY."""
    return {row[field]: row["n"] for row in queryset.values(field).annotate(n=Count("pk")).order_by()}


def days(value: float | None) -> float | None:
    """A number of days (a mean, a median) rounded half-up to one decimal."""
    if value is None:
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def day_span(start, end):
    """`end` − `start` (two date expressions or field names), in days, as a database expression."""
    start = F(start) if isinstance(start, str) else start
    end = F(end) if isinstance(end, str) else end
    return DayNumber(end) - DayNumber(start)
