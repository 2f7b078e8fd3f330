"""Date helpers shared by the register and the statistics."""

from datetime import date

DAYS_PER_MONTH = 30.4375


def months_between(start: date, end: date) -> float:
    """Duration in months as the bilan defines it: days / 30.4375 (unrounded)."""
    return (end - start).days / DAYS_PER_MONTH


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the end of the month (31/01 + 1 → 28 or 29/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - unreachable, 28 always exists


def end_of_year(year: int) -> date:
    return date(year, 12, 31)
