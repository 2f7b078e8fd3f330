"""Losses crossed (issue 10): sinistres.* — the losses at exit (the v1 flags of the exits, `sorties.sinistre.*`)
crossed by management mode and by resource category, as the reference text quotes them (« Sinistres et
ressources des ménages : 34 % uniquement RSA, 35 % salaire… ; en location bail glissant : salaire pour 32 %
des ménages… »). The loss flags of an exit come from the rent account and the damage claims when the stay
has a lease (`clef.exits.losses`), typed at the exit otherwise: the same flags as `sorties.sinistre.*`.

Populations: the exits of the year (`populations.exits`) by the management mode of the exit's dwelling; the
households with such an exit, by resource category (`sections.resources`, the bilan's one rule)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter
from clef.bilan.populations import exits
from clef.bilan.sections.exits import LOSS_FILTERS
from clef.bilan.sections.resources import RESOURCE_CATEGORIES, resource_categories
from clef.dwellings.enums import ManagementMode
from clef.households.models import Household

WITH_LOSS = Q(loss_unpaid_rent=True) | Q(loss_damage=True)


def _households(exit_qs) -> tuple:
    """The households with an exit in `exit_qs` and their number (a household exiting twice counts once)."""
    households = Household.objects.filter(Exists(exit_qs.filter(household=OuterRef("pk"))))
    return households, households.count()


def _by_mode(figures: Figures, exit_qs) -> None:
    """Per mode: the exits, their losses (the v1 categories), the resources of those with a loss."""
    agg = exit_qs.aggregate(
        **{
            f"{mode.value}_{key}": Count("pk", filter=Q(dwelling__management_mode=mode) & condition)
            for mode in ManagementMode
            for key, condition in {"all": Q(), **LOSS_FILTERS}.items()
        }
    )
    for mode in ManagementMode:
        n = agg[f"{mode.value}_all"]
        stem = f"sinistres.par_mode.{mode.value}"
        figures.count(f"{stem}.sorties", n)
        for key in LOSS_FILTERS:
            figures.share(f"{stem}.{key}_pct", agg[f"{mode.value}_{key}"], n)
        households, total = _households(exit_qs.filter(WITH_LOSS, dwelling__management_mode=mode))
        categories = resource_categories(households, total)
        for category in RESOURCE_CATEGORIES:
            figures.share(f"{stem}.ressources.{category}_pct", categories.get(category, 0), total)


def _by_resources(figures: Figures, exit_qs) -> None:
    """The households with a loss at exit by resource category, and the loss rate of each category."""
    with_loss, n_loss = _households(exit_qs.filter(WITH_LOSS))
    figures.count("sinistres.menages_avec_sinistre", n_loss)
    among_losses = resource_categories(with_loss, n_loss)
    everyone, n_all = _households(exit_qs)
    among_exits = resource_categories(everyone, n_all)
    for category in RESOURCE_CATEGORIES:
        figures.share(f"sinistres.par_ressource.{category}_pct", among_losses.get(category, 0), n_loss)
        figures.share(
            f"sinistres.par_ressource.{category}.sinistre_pct",
            among_losses.get(category, 0),
            among_exits.get(category, 0),
        )


def add_losses(figures: Figures, perimeter: Perimeter, year: int) -> None:
    exit_qs = exits(perimeter, year)
    _by_mode(figures, exit_qs)
    _by_resources(figures, exit_qs)
