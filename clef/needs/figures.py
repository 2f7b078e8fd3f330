"""Rounding of the needs and targets figures: the bilan's convention (100 × part / whole, half-up, one
decimal; None when the whole is 0). `clef.needs` sits below `clef.bilan`, so the bilan's section calls
this one, and the two agree by construction."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def pct(part: int | None, whole: int | None) -> float | None:
    if not whole:
        return None
    return float(
        (Decimal(100 * (part or 0)) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )
