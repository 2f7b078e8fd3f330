"""Exits: sorties.* (durations in the dispositif and in the dwelling, destinations, the exit
categorisation schemes, sorties.logement_perenne_pct by the `officielle` scheme, losses)."""

from __future__ import annotations

from django.db.models import Avg, Count, Q, QuerySet, Sum

from clef.bilan.conventions import duration_days, group_counts, median, months
from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter
from clef.bilan.populations import exits
from clef.referential.models import ExitScheme
from clef.stays.enums import EXIT_DESTINATIONS
from clef.utils.dates import DAYS_PER_MONTH

LOSS_FILTERS = {
    "aucun": Q(loss_unpaid_rent=False, loss_damage=False),
    "impaye_seul": Q(loss_unpaid_rent=True, loss_damage=False),
    "degradation_seule": Q(loss_unpaid_rent=False, loss_damage=True),
    "multiple": Q(loss_unpaid_rent=True, loss_damage=True),
}


def _durations(exit_qs: QuerySet) -> dict:
    return exit_qs.annotate(
        d_disp=duration_days("pathway_start"), d_dw=duration_days("entry_date")
    ).aggregate(
        mean_disp=Avg("d_disp"),
        mean_dw=Avg("d_dw"),
        sum_disp=Sum("d_disp"),
        sum_dw=Sum("d_dw"),
        short=Count("pk", filter=Q(d_disp__lt=6 * DAYS_PER_MONTH)),
        long=Count("pk", filter=Q(d_disp__gt=18 * DAYS_PER_MONTH)),
        **{f"loss_{key}": Count("pk", filter=condition) for key, condition in LOSS_FILTERS.items()},
    )


def _add_schemes(figures: Figures, by_destination: dict[str, int], n_exits: int) -> None:
    """Exits by category of every scheme (a destination a scheme does not name is `non_classe`)."""
    for scheme in ExitScheme.objects.prefetch_related("categories", "entries__category"):
        mapping = {d.value: "non_classe" for d in EXIT_DESTINATIONS}
        mapping.update({e.destination: e.category.code for e in scheme.entries.all()})
        totals: dict[str, int] = {}
        for destination, count in by_destination.items():
            category = mapping.get(destination, "non_classe")
            totals[category] = totals.get(category, 0) + count
        for category in scheme.categories.all():
            figures.share(
                f"sorties.categorisation.{scheme.code}.{category.code}_pct",
                totals.get(category.code, 0),
                n_exits,
            )
        if scheme.code == "officielle":
            figures.share("sorties.logement_perenne_pct", totals.get("perenne", 0), n_exits)
    if "sorties.logement_perenne_pct" not in figures.values:
        figures.other("sorties.logement_perenne_pct", None, n_exits)


def add_exits(figures: Figures, perimeter: Perimeter, year: int) -> None:
    exit_qs = exits(perimeter, year)
    n_exits = figures.values["menages.sortis"]
    durations = _durations(exit_qs)
    figures.mean_months(
        "sorties.duree_moyenne_dispositif_mois", durations["mean_disp"], durations["sum_disp"], n_exits
    )
    figures.other(
        "sorties.duree_mediane_dispositif_mois",
        months(median(exit_qs, duration_days("pathway_start"), n_exits)),
        n_exits,
    )
    figures.mean_months(
        "sorties.duree_moyenne_logement_mois", durations["mean_dw"], durations["sum_dw"], n_exits
    )
    figures.share("sorties.duree_moins_6_mois_pct", durations["short"], n_exits)
    figures.share("sorties.duree_plus_18_mois_pct", durations["long"], n_exits)
    by_destination = group_counts(exit_qs, "destination")
    for destination in EXIT_DESTINATIONS:
        figures.share(
            f"sorties.destination.{destination.value}_pct", by_destination.get(destination, 0), n_exits
        )
    _add_schemes(figures, by_destination, n_exits)
    for key in LOSS_FILTERS:
        figures.share(f"sorties.sinistre.{key}_pct", durations[f"loss_{key}"], n_exits)
