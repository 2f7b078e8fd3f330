"""SIAO orientation: orientation.* (availabilities, proposals, decisions, the household's refusals, the
delays availability → proposal → decision → entry and the vacancy days). A proposal belongs to the
operator of its availability (`Proposal.operator`)."""

from __future__ import annotations

from django.db.models import Avg, Count, Min, Q, QuerySet, Sum

from clef.bilan.conventions import day_span, days, median
from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter
from clef.bilan.populations import owned
from clef.orientation.enums import Decision, HouseholdAnswer
from clef.orientation.models import Availability, Proposal

# Key suffix of each decision (French, as the other keys); pending proposals are not decided.
DECISION_KEYS = {
    Decision.ACCEPTED: "acceptee",
    Decision.REFUSED: "refusee",
    Decision.DECLINED: "declinee",
    Decision.WITHDRAWN: "retiree",
}


def _proposals(perimeter: Perimeter) -> QuerySet[Proposal]:
    return owned(Proposal.objects.all(), perimeter, "operator")


def _mean_and_median(
    figures: Figures, keys: tuple[str, str], population: QuerySet, span, agg: dict, name: str
) -> None:
    """The (mean, median) keys of a duration in days over `population` (its mean and total in `agg`)."""
    mean_key, median_key = keys
    figures.mean_days(mean_key, agg[f"{name}_mean"], agg[f"{name}_total"], agg["n"])
    figures.other(median_key, days(median(population, span, agg["n"])), agg["n"])


def _decisions(figures: Figures, perimeter: Perimeter, year: int) -> None:
    """Proposals made and decided in `year`, by decision, the household's refusals, the decision delay."""
    span = day_span("proposed_on", "decided_on")
    decided = Q(decided_on__year=year) & ~Q(decision=Decision.PENDING)
    agg = (
        _proposals(perimeter)
        .annotate(_days=span)
        .aggregate(
            made=Count("pk", filter=Q(proposed_on__year=year)),
            n=Count("pk", filter=decided),
            answered=Count(
                "pk", filter=decided & Q(household_answer__in=[HouseholdAnswer.YES, HouseholdAnswer.NO])
            ),
            refused=Count("pk", filter=decided & Q(household_answer=HouseholdAnswer.NO)),
            decision_mean=Avg("_days", filter=decided),
            decision_total=Sum("_days", filter=decided),
            **{key: Count("pk", filter=decided & Q(decision=d)) for d, key in DECISION_KEYS.items()},
        )
    )
    figures.counted("orientation.propositions", agg["made"], agg["made"])
    figures.counted("orientation.decisions", agg["n"], agg["n"])
    for key in DECISION_KEYS.values():
        figures.share(f"orientation.decision.{key}_pct", agg[key], agg["n"])
    figures.share("orientation.refus_menage_pct", agg["refused"], agg["answered"])
    population = _proposals(perimeter).filter(decided)
    _mean_and_median(
        figures,
        ("orientation.delai_moyen_decision_jours", "orientation.delai_median_decision_jours"),
        population,
        span,
        agg,
        "decision",
    )


def _first_proposals(figures: Figures, perimeter: Perimeter, year: int) -> None:
    """Availabilities whose first proposal is made in `year`: days from availability to that proposal."""
    population = (
        owned(Availability.objects.all(), perimeter)
        .annotate(first_proposal=Min("proposals__proposed_on"))
        .filter(first_proposal__year=year)
    )
    span = day_span("available_from", "first_proposal")
    agg = population.annotate(_days=span).aggregate(
        n=Count("pk"), first_mean=Avg("_days"), first_total=Sum("_days")
    )
    _mean_and_median(
        figures,
        ("orientation.delai_moyen_proposition_jours", "orientation.delai_median_proposition_jours"),
        population,
        span,
        agg,
        "first",
    )


def _entries(figures: Figures, perimeter: Perimeter, year: int) -> None:
    """Accepted proposals whose stay starts in `year`: decision → entry, availability → entry (vacancy)."""
    population = _proposals(perimeter).filter(decision=Decision.ACCEPTED, stay__entry_date__year=year)
    entry = day_span("decided_on", "stay__entry_date")
    vacancy = day_span("availability__available_from", "stay__entry_date")
    agg = population.annotate(_entry=entry, _vacancy=vacancy).aggregate(
        n=Count("pk"),
        entry_mean=Avg("_entry"),
        entry_total=Sum("_entry"),
        vacancy_mean=Avg("_vacancy"),
        vacancy_total=Sum("_vacancy"),
    )
    _mean_and_median(
        figures,
        ("orientation.delai_moyen_entree_jours", "orientation.delai_median_entree_jours"),
        population,
        entry,
        agg,
        "entry",
    )
    _mean_and_median(
        figures,
        ("orientation.vacance_moyenne_jours", "orientation.vacance_mediane_jours"),
        population,
        vacancy,
        agg,
        "vacancy",
    )


def add_orientation(figures: Figures, perimeter: Perimeter, year: int) -> None:
    availabilities = owned(Availability.objects.all(), perimeter).filter(available_from__year=year)
    figures.count("orientation.mises_a_disposition", availabilities.count())
    _decisions(figures, perimeter, year)
    _first_proposals(figures, perimeter, year)
    _entries(figures, perimeter, year)
