"""The measure's funding (issue 10): financement.* — the IML subsidies of the perimeter's operators and the
days supported (`funding.queries.funding_totals`), the cost per day beside the reference cost."""

from __future__ import annotations

from django.conf import settings

from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter
from clef.funding.queries import funding_totals


def _euros(value) -> float:
    return float(value)


def add_funding(figures: Figures, perimeter: Perimeter, year: int) -> None:
    totals = funding_totals(perimeter.organisations().values("pk"), year)
    figures.count("financement.subvention_euros", _euros(totals.total))
    figures.count("financement.captation_euros", _euros(totals.captation))
    figures.count("financement.gla_euros", _euros(totals.gla))
    figures.count("financement.accompagnement_euros", _euros(totals.support))
    figures.count("financement.journees_menages", totals.household_days)
    figures.count("financement.journees_personnes", totals.person_days)
    # A cost per day: its subsidy (`parts`) over its days (`wholes`), so that operators combine.
    for key, cost, n_days in (
        ("financement.cout_personne_jour_euros", totals.cost_per_person_day, totals.person_days),
        ("financement.cout_menage_jour_euros", totals.cost_per_household_day, totals.household_days),
    ):
        figures.parts[key] = _euros(totals.total)
        figures.wholes[key] = n_days
        figures.values[key] = None if cost is None else _euros(cost)
    reference = _euros(settings.CLEF_RENTAL["reference_cost_per_person_day"])
    key = "financement.cout_reference_personne_jour_euros"
    figures.parts[key], figures.wholes[key], figures.values[key] = reference, 1, reference
