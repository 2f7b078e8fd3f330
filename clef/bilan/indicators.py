"""Indicators of the annual bilan (docs/spec/bilan-indicators.md), as aggregate database queries.

`compute(year, perimeter)` returns an ordered dict with every key of the spec (None when undefined).
The work is cut as the spec is: `perimeter` (what a perimeter covers), `populations` (the populations,
as querysets), `conventions` (percentages, months, medians), one module per part of the indicator table
under `sections/`, and `secrecy` (statistical secrecy, the one place that decides and applies it).
The computed bilan is cached by `clef.bilan.cache.get_bilan`.
"""

from __future__ import annotations

from clef.bilan.conventions import months, pct_float
from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter
from clef.bilan.sections.exits import add_exits
from clef.bilan.sections.households import add_households
from clef.bilan.sections.park import add_park

__all__ = ["COUNT_KEYS", "Perimeter", "combine", "compute", "compute_detailed", "compute_parts"]

# The indicators that are counts (they add up over operators); the others have parts and wholes.
COUNT_KEYS = (
    "structures.actives",
    "parc.logements",
    "parc.places",
    "logements_entres.nombre",
    "logements_sortis.nombre",
    "menages.presents",
    "menages.entres",
    "menages.sortis",
)


def _compute(year: int, perimeter: Perimeter | None) -> Figures:
    perimeter = perimeter or Perimeter()
    figures = Figures()
    add_park(figures, perimeter, year)
    add_households(figures, perimeter, year)
    add_exits(figures, perimeter, year)
    return figures


def compute(year: int, perimeter: Perimeter | None = None) -> dict:
    """Every indicator of the spec for `year` over `perimeter`, keyed as in the JSON output."""
    return _compute(year, perimeter).values


def compute_detailed(year: int, perimeter: Perimeter | None = None) -> tuple[dict, dict]:
    """The indicators and, for every derived figure, the size of the population it is computed on."""
    figures = _compute(year, perimeter)
    return figures.values, figures.wholes


def compute_parts(year: int, perimeter: Perimeter | None = None) -> dict:
    """Additive building blocks of the bilan: for every figure its numerator ("part"), the population it is
    computed on ("whole"), or the count itself. Summing them over operators gives back the figures of a
    group of operators (what the campaign does with frozen submissions)."""
    figures = _compute(year, perimeter)
    return {"values": figures.values, "wholes": figures.wholes, "parts": figures.parts}


def combine(items: list[dict]) -> dict:
    """The figures of a group of operators from their additive parts (see compute_parts).

    Counts add up; a percentage is the sum of its parts over the sum of its wholes; a mean duration is
    the total of the days over the number of exits. A median cannot be rebuilt from parts: None.
    """
    if not items:
        return {}
    combined: dict[str, object] = {}
    for key in items[0]["values"]:
        if key in COUNT_KEYS:
            combined[key] = sum(item["values"].get(key) or 0 for item in items)
        elif key == "sorties.duree_mediane_dispositif_mois":
            combined[key] = None
        else:
            part = sum(item["parts"].get(key, 0) for item in items)
            whole = sum(item["wholes"].get(key, 0) for item in items)
            if key.endswith("_mois"):
                combined[key] = months(part / whole) if whole else None
            else:
                combined[key] = pct_float(part, whole)
    return combined
