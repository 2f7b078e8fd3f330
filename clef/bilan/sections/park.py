"""Structures and the park: structures.actives, parc.*, logements_entres.*, logements_sortis.nombre."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter, year_bounds
from clef.bilan.populations import active_structures, dwellings, park_size
from clef.dwellings.enums import Conventionnement, ManagementMode, Parc, Typology

TYPOLOGY_KEYS = {
    Typology.T1: "t1",
    Typology.T2: "t2",
    Typology.T3: "t3",
    Typology.T4: "t4",
    Typology.T5_PLUS: "t5_plus",
}


def park_at_end(perimeter: Perimeter, year: int) -> dict:
    """The park at D in one aggregate: size, places, parc, conventionnement, modes, typologies."""
    _, end = year_bounds(year)
    private = Q(parc=Parc.PRIVE)
    agg = (
        dwellings(perimeter)
        .in_park_on(end)
        .aggregate(
            n=Count("pk"),
            places=Sum("places"),
            prive=Count("pk", filter=private),
            public=Count("pk", filter=Q(parc=Parc.PUBLIC)),
            conv_sans=Count("pk", filter=private & Q(conventionnement=Conventionnement.SANS_TRAVAUX)),
            conv_avec=Count("pk", filter=private & Q(conventionnement=Conventionnement.AVEC_TRAVAUX)),
            **{f"mode_{m.value}": Count("pk", filter=Q(management_mode=m)) for m in ManagementMode},
            **{f"typo_{k}": Count("pk", filter=Q(typology=t)) for t, k in TYPOLOGY_KEYS.items()},
        )
    )
    agg["places"] = agg["places"] or 0
    return agg


def add_park(figures: Figures, perimeter: Perimeter, year: int) -> None:
    figures.count("structures.actives", active_structures(perimeter, year))
    park = park_at_end(perimeter, year)
    previous_n, previous_places = park_size(perimeter, year - 1)
    n = park["n"]
    figures.count("parc.logements", n)
    figures.count("parc.places", park["places"])
    figures.evolution("parc.logements_evolution_pct", n, previous_n)
    figures.evolution("parc.places_evolution_pct", park["places"], previous_places)
    figures.share("parc.prive_pct", park["prive"], n)
    figures.share("parc.public_pct", park["public"], n)
    for mode in ManagementMode:
        figures.share(f"parc.mode.{mode.value}_pct", park[f"mode_{mode.value}"], n)
    for key in TYPOLOGY_KEYS.values():
        figures.share(f"parc.typologie.{key}_pct", park[f"typo_{key}"], n)
    private = park["prive"]
    figures.share("parc.prive.conventionne_pct", park["conv_sans"] + park["conv_avec"], private)
    figures.share("parc.prive.conventionne_sans_travaux_pct", park["conv_sans"], private)
    figures.share("parc.prive.conventionne_avec_travaux_pct", park["conv_avec"], private)

    entered = (
        dwellings(perimeter)
        .entered_in(year)
        .aggregate(
            n=Count("pk"), **{m.value: Count("pk", filter=Q(management_mode=m)) for m in ManagementMode}
        )
    )
    figures.count("logements_entres.nombre", entered["n"])
    for mode in ManagementMode:
        figures.share(f"logements_entres.mode.{mode.value}_pct", entered[mode.value], entered["n"])
    figures.count("logements_sortis.nombre", dwellings(perimeter).left_in(year).count())
