"""The guided exit seen from five perspectives and the relay set up: regards_sortie.* (exits assessed;
per perspective, the share judged positive, mitigée, négative; exits whose perspectives disagree) and
relais_sortie.* (exits with a relay, by kind)."""

from __future__ import annotations

from django.db.models import Count, Q

from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter
from clef.bilan.populations import exits
from clef.exits.enums import Judgement, Perspective, RelayKind
from clef.exits.models import ExitAssessment, ExitPerspective


def _judgements(perimeter: Perimeter, year: int) -> dict[tuple[str, str], int]:
    """(perspective, judgement) → exits in `year`, in one GROUP BY."""
    rows = (
        ExitPerspective.objects.filter(assessment__stay__in=exits(perimeter, year))
        .values("perspective", "judgement")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["perspective"], row["judgement"]): row["n"] for row in rows}


def _disagreements(perimeter: Perimeter, year: int) -> dict:
    """Assessed exits with at least two perspectives, and those whose judgements are not all the same."""
    assessments = ExitAssessment.objects.filter(stay__in=exits(perimeter, year)).annotate(
        views=Count("perspectives"), judgements=Count("perspectives__judgement", distinct=True)
    )
    return assessments.aggregate(
        n=Count("pk", filter=Q(views__gte=2)), differ=Count("pk", filter=Q(judgements__gte=2))
    )


def add_perspectives(figures: Figures, perimeter: Perimeter, year: int) -> None:
    exit_qs = exits(perimeter, year)
    n_exits = figures.values["menages.sortis"]
    assessed = exit_qs.filter(exit_assessment__isnull=False).aggregate(
        n=Count("pk"),
        relay=Count("pk", filter=~Q(exit_assessment__relay_kind=RelayKind.AUCUN)),
        **{kind.value: Count("pk", filter=Q(exit_assessment__relay_kind=kind)) for kind in RelayKind},
    )
    figures.share("regards_sortie.evaluees_pct", assessed["n"], n_exits)
    judgements = _judgements(perimeter, year)
    for perspective in Perspective:
        whole = sum(judgements.get((perspective.value, j.value), 0) for j in Judgement)
        for judgement in Judgement:
            figures.share(
                f"regards_sortie.{perspective.value}.{judgement.value}_pct",
                judgements.get((perspective.value, judgement.value), 0),
                whole,
            )
    disagreements = _disagreements(perimeter, year)
    figures.share("regards_sortie.desaccord_pct", disagreements["differ"], disagreements["n"])
    figures.share("relais_sortie.avec_relais_pct", assessed["relay"], assessed["n"])
    for kind in RelayKind:
        figures.share(f"relais_sortie.type.{kind.value}_pct", assessed[kind.value], assessed["n"])
