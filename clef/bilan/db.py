"""Portable SQL helpers of the bilan: they live in `clef.utils.sql` (the funding's days use them too)."""

from clef.utils.sql import DayNumber

__all__ = ["DayNumber"]
