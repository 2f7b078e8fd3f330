"""Contact after exit (« droit à la sollicitation durable »): sollicitations.* (solicitations in the year,
households concerned, time spent, subjects)."""

from __future__ import annotations

from django.db.models import Avg, Count, Q, Sum

from clef.bilan.conventions import days
from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter
from clef.bilan.populations import owned
from clef.exits.enums import SolicitationSubject
from clef.exits.models import Solicitation


def add_solicitations(figures: Figures, perimeter: Perimeter, year: int) -> None:
    agg = (
        owned(Solicitation.objects.all(), perimeter)
        .filter(solicited_on__year=year)
        .aggregate(
            n=Count("pk"),
            households=Count("household", distinct=True),
            minutes=Sum("minutes_spent"),
            mean=Avg("minutes_spent"),
            **{s.value: Count("pk", filter=Q(subject=s)) for s in SolicitationSubject},
        )
    )
    n = agg["n"]
    figures.counted("sollicitations.nombre", n, n)
    figures.counted("sollicitations.menages", agg["households"], agg["households"])
    # A total in hours: its parts are the minutes, its population the solicitations (see indicators.combine).
    figures.counted("sollicitations.temps_heures", days((agg["minutes"] or 0) / 60), n)
    figures.parts["sollicitations.temps_heures"] = agg["minutes"] or 0
    figures.mean_days("sollicitations.temps_moyen_minutes", agg["mean"], agg["minutes"], n)
    for subject in SolicitationSubject:
        figures.share(f"sollicitations.objet.{subject.value}_pct", agg[subject.value], n)
