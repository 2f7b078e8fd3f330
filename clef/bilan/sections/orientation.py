"""SIAO orientation: orientation.* (availabilities, proposals, decisions, the household's refusals, the
delays availability → first proposal → acceptance → entry and the vacancy days). A proposal belongs to
the operator of its availability (`Proposal.operator`). The delays are those of `clef.orientation.delays`,
the definition the delays page uses; the bilan counts each span in the year it ended."""

from __future__ import annotations

from datetime import date

from django.db.models import Avg, Count, Q, QuerySet, Sum

from clef.bilan.conventions import day_span, days, median
from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter
from clef.bilan.populations import owned
from clef.orientation.delays import SPANS, duration, in_days, with_milestones
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


def _decisions(figures: Figures, perimeter: Perimeter, year: int) -> None:
    """Proposals made and decided in `year`, by decision, and the household's refusals."""
    decided = Q(decided_on__year=year) & ~Q(decision=Decision.PENDING)
    agg = _proposals(perimeter).aggregate(
        made=Count("pk", filter=Q(proposed_on__year=year)),
        n=Count("pk", filter=decided),
        answered=Count(
            "pk", filter=decided & Q(household_answer__in=[HouseholdAnswer.YES, HouseholdAnswer.NO])
        ),
        refused=Count("pk", filter=decided & Q(household_answer=HouseholdAnswer.NO)),
        **{key: Count("pk", filter=decided & Q(decision=d)) for d, key in DECISION_KEYS.items()},
    )
    figures.counted("orientation.propositions", agg["made"], agg["made"])
    figures.counted("orientation.decisions", agg["n"], agg["n"])
    for key in DECISION_KEYS.values():
        figures.share(f"orientation.decision.{key}_pct", agg[key], agg["n"])
    figures.share("orientation.refus_menage_pct", agg["refused"], agg["answered"])


# Keys (mean, median) of each span of `clef.orientation.delays.SPANS`.
SPAN_KEYS = {
    "to_proposal": (
        "orientation.delai_moyen_proposition_jours",
        "orientation.delai_median_proposition_jours",
    ),
    "to_decision": ("orientation.delai_moyen_decision_jours", "orientation.delai_median_decision_jours"),
    "to_entry": ("orientation.delai_moyen_entree_jours", "orientation.delai_median_entree_jours"),
    "vacancy": ("orientation.vacance_moyenne_jours", "orientation.vacance_mediane_jours"),
}


def _availabilities(perimeter: Perimeter, year: int) -> tuple[QuerySet[Availability], dict, dict]:
    """The perimeter's availabilities with their milestones (`clef.orientation.delays`, the definition the
    delays page uses), the condition that each span ended in `year`, and in one aggregate query: those
    made in `year`, and the count, mean and total in days of each span ended in `year`."""
    # `today` only places the end of a vacancy still running, and those are left out (not ended)
    rows = with_milestones(owned(Availability.objects.all(), perimeter), date(year, 12, 31))
    ended = {name: Q(**{f"{span.ended_on}__year": year}) for name, span in SPANS.items()}
    agg = rows.aggregate(
        made=Count("pk", filter=Q(available_from__year=year)),
        **{f"{name}_n": Count("pk", filter=ended[name]) for name in SPANS},
        **{f"{name}_mean": Avg(duration(name), filter=ended[name]) for name in SPANS},
        **{f"{name}_total": Sum(duration(name), filter=ended[name]) for name in SPANS},
    )
    return rows, ended, agg


def add_orientation(figures: Figures, perimeter: Perimeter, year: int) -> None:
    rows, ended, agg = _availabilities(perimeter, year)
    figures.count("orientation.mises_a_disposition", agg["made"])
    _decisions(figures, perimeter, year)
    for name, (mean_key, median_key) in SPAN_KEYS.items():  # the delays: mean, and median (one query)
        n, span = agg[f"{name}_n"], SPANS[name]
        figures.mean_days(mean_key, in_days(agg[f"{name}_mean"]), in_days(agg[f"{name}_total"]), n)
        middle = median(rows.filter(ended[name]), day_span(span.start, span.end), n)
        figures.other(median_key, days(middle), n)
