"""Indicators of the annual bilan (docs/spec/bilan-indicators.md), as aggregate database queries.

`compute(year, perimeter)` returns an ordered dict with every key of the spec (None when undefined).
The work is cut as the spec is: `perimeter` (what a perimeter covers), `populations` (the populations,
as querysets), `conventions` (percentages, months, medians), one module per part of the indicator table
under `sections/`, and `secrecy` (statistical secrecy, the one place that decides and applies it).
The computed bilan is cached by `clef.bilan.cache.get_bilan`.
"""

from __future__ import annotations

from clef.bilan.conventions import days, months, pct_float
from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter
from clef.bilan.sections.arrears import add_arrears
from clef.bilan.sections.captation import add_captation
from clef.bilan.sections.choice import add_choice
from clef.bilan.sections.exits import add_exits
from clef.bilan.sections.fund import add_fund
from clef.bilan.sections.funding import add_funding
from clef.bilan.sections.households import add_households
from clef.bilan.sections.losses import add_losses
from clef.bilan.sections.occupancy import add_occupancy
from clef.bilan.sections.orientation import add_orientation
from clef.bilan.sections.park import add_park
from clef.bilan.sections.perspectives import add_perspectives
from clef.bilan.sections.solicitations import add_solicitations

__all__ = [
    "COUNT_KEYS",
    "PATHWAY_PREFIXES",
    "Perimeter",
    "combine",
    "compute",
    "compute_detailed",
    "compute_parts",
    "is_v1_key",
]

# The sections added by issue 8 (pathways and support); every other key is a key of version 1, whose
# meaning and values never change.
PATHWAY_PREFIXES = (
    "orientation.",
    "choix.",
    "occupation.",
    "regards_sortie.",
    "relais_sortie.",
    "sollicitations.",
)
# The captation section added by issue 9 (not a key of version 1 either).
CAPTATION_PREFIXES = ("captation.",)
# The rental-management sections added by issue 10 (losses crossed, arrears, the fund, the funding).
RENTAL_PREFIXES = ("sinistres.", "impayes.", "fonds.", "financement.")

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
    "orientation.mises_a_disposition",
    "orientation.propositions",
    "orientation.decisions",
    "occupation.sejours",
    "occupation.echeances",
    "occupation.renouvellements",
    "sollicitations.nombre",
    "sollicitations.menages",
    "captation.nouveaux_logements",
    "captation.objectif.structures",
    "captation.objectif.logements",
    "captation.demandes_confiees",
    "captation.engagements_signes",
    "captation.conventions_signees",
    "captation.conventions_fin_dans_un_an",
    "sinistres.menages_avec_sinistre",
    *(f"sinistres.par_mode.{mode}.sorties" for mode in ("mandat_gestion", "sous_location", "bail_glissant")),
    "impayes.menages",
    "impayes.montant_euros",
    *(
        f"impayes.par_mode.{mode}.{m}"
        for mode in ("sous_location", "mandat_gestion")
        for m in ("menages", "montant_euros")
    ),
    "financement.subvention_euros",
    "financement.captation_euros",
    "financement.gla_euros",
    "financement.accompagnement_euros",
    "financement.journees_menages",
    "financement.journees_personnes",
)
# Totals whose parts are in another unit: hours from minutes.
PER_HOUR_KEYS = ("sollicitations.temps_heures",)


def is_v1_key(key: str) -> bool:
    """Whether `key` is an indicator of version 1 of the spec (not one of the pathway, captation or rental
    sections)."""
    return not key.startswith(PATHWAY_PREFIXES + CAPTATION_PREFIXES + RENTAL_PREFIXES)


def _compute(year: int, perimeter: Perimeter | None) -> Figures:
    perimeter = perimeter or Perimeter()
    figures = Figures()
    add_park(figures, perimeter, year)
    add_households(figures, perimeter, year)
    add_exits(figures, perimeter, year)
    add_orientation(figures, perimeter, year)
    add_choice(figures, perimeter, year)
    add_occupancy(figures, perimeter, year)
    add_perspectives(figures, perimeter, year)
    add_solicitations(figures, perimeter, year)
    add_captation(figures, perimeter, year)
    add_losses(figures, perimeter, year)
    add_arrears(figures, perimeter, year)
    add_fund(figures, perimeter, year)
    add_funding(figures, perimeter, year)
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
    the total of the days over the number of exits. A median cannot be rebuilt from parts: None. A key
    that an older frozen version lacks counts as nothing from it.
    """
    if not items:
        return {}
    combined: dict[str, object] = {}
    keys = list(dict.fromkeys(key for item in items for key in item["values"]))
    for key in keys:
        part = sum(item["parts"].get(key, 0) for item in items)
        whole = sum(item["wholes"].get(key, 0) for item in items)
        if key in COUNT_KEYS:
            combined[key] = sum(item["values"].get(key) or 0 for item in items)
        elif "median" in key:
            combined[key] = None
        elif key.endswith("_jour_euros"):  # a cost per day: the subsidies over the days
            combined[key] = round(part / whole, 2) if whole else None
        elif key in PER_HOUR_KEYS:
            combined[key] = days(part / 60)
        elif key.endswith("_mois"):
            combined[key] = months(part / whole) if whole else None
        elif key.endswith(("_jours", "_minutes")):
            combined[key] = days(part / whole) if whole else None
        else:
            combined[key] = pct_float(part, whole)
    return combined
