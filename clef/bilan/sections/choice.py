"""The household's choice: choix.* (visit before signing and alternative offered at entry, over the
entries where it is known; new housing chosen or imposed at exit, over the assessed exits)."""

from __future__ import annotations

from django.db.models import Count, Q

from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter
from clef.bilan.populations import exits, parcours_entries
from clef.exits.enums import HouseholdChoice

EXIT_CHOICE_KEYS = {
    HouseholdChoice.CHOISI: "choisie",
    HouseholdChoice.SUBI: "subie",
    HouseholdChoice.NE_SAIT_PAS: "ne_sait_pas",
}


def add_choice(figures: Figures, perimeter: Perimeter, year: int) -> None:
    entries = parcours_entries(perimeter, year).aggregate(
        visit_known=Count("pk", filter=Q(entry_choice__visited_before_signing__isnull=False)),
        visited=Count("pk", filter=Q(entry_choice__visited_before_signing=True)),
        alternative_known=Count("pk", filter=Q(entry_choice__alternative_offered__isnull=False)),
        alternative=Count("pk", filter=Q(entry_choice__alternative_offered=True)),
    )
    figures.share("choix.visite_avant_signature_pct", entries["visited"], entries["visit_known"])
    figures.share("choix.alternative_proposee_pct", entries["alternative"], entries["alternative_known"])
    assessed = exits(perimeter, year).filter(exit_assessment__isnull=False)
    agg = assessed.aggregate(
        n=Count("pk"),
        **{
            key: Count("pk", filter=Q(exit_assessment__household_choice=c))
            for c, key in EXIT_CHOICE_KEYS.items()
        },
    )
    for key in EXIT_CHOICE_KEYS.values():
        figures.share(f"choix.sortie.{key}_pct", agg[key], agg["n"])
