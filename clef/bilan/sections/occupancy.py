"""Occupancy terms of sublet stays: occupation.* (stays in sublet with terms, terms reaching their end by
decision, renewals, stays beyond their operator's recommended length)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Exists, ExpressionWrapper, F, FloatField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Least

from clef.bilan.conventions import day_span
from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter, year_bounds
from clef.bilan.populations import owned, present_stays
from clef.dwellings.enums import ManagementMode
from clef.occupancy.enums import TermDecision
from clef.occupancy.models import OccupancyTerm
from clef.organisations.models import PracticeSettings
from clef.utils.dates import DAYS_PER_MONTH

SUBLET_MODES = (ManagementMode.SOUS_LOCATION, ManagementMode.BAIL_GLISSANT)
TERM_DECISION_KEYS = {
    TermDecision.PENDING: "a_decider",
    TermDecision.RENEWED: "renouvelee",
    TermDecision.ENDED: "fin_occupation",
    TermDecision.SLID: "bail_glisse",
}


def recommended_days():
    """The stay's operator's recommended length in days: term × (1 + renewals) months of its practice
    settings, the defaults (6 × 3 = 18) when it never changed them, × 30.4375; a database expression."""
    defaults = settings.CLEF_PRACTICE_DEFAULTS
    practice = PracticeSettings.objects.filter(organisation_id=OuterRef("organisation_id"))
    term = Coalesce(
        Subquery(practice.values("occupancy_term_months")[:1]), Value(defaults["occupancy_term_months"])
    )
    renewals = Coalesce(
        Subquery(practice.values("occupancy_max_renewals")[:1]), Value(defaults["occupancy_max_renewals"])
    )
    return ExpressionWrapper(term * (renewals + 1) * Value(DAYS_PER_MONTH), output_field=FloatField())


def add_occupancy(figures: Figures, perimeter: Perimeter, year: int) -> None:
    _, end = year_bounds(year)
    sublet = present_stays(perimeter, year).filter(dwelling__management_mode__in=SUBLET_MODES)
    length = day_span("entry_date", Least(Coalesce("exit_date", Value(end)), Value(end)))
    stays = sublet.annotate(
        _length=length,
        _limit=recommended_days(),
        _terms=Exists(OccupancyTerm.objects.filter(stay=OuterRef("pk"))),
    ).aggregate(
        n=Count("pk"),
        with_terms=Count("pk", filter=Q(_terms=True)),
        beyond=Count("pk", filter=Q(_length__gt=F("_limit"))),
    )
    figures.counted("occupation.sejours", stays["n"], stays["n"])
    figures.share("occupation.sejours_avec_echeances_pct", stays["with_terms"], stays["n"])
    terms = owned(OccupancyTerm.objects.all(), perimeter, "stay__organisation")
    ending = Q(ends_on__year=year)
    agg = terms.aggregate(
        n=Count("pk", filter=ending),
        renewals=Count("pk", filter=Q(number__gte=2, starts_on__year=year)),
        **{key: Count("pk", filter=ending & Q(decision=d)) for d, key in TERM_DECISION_KEYS.items()},
    )
    figures.counted("occupation.echeances", agg["n"], agg["n"])
    for key in TERM_DECISION_KEYS.values():
        figures.share(f"occupation.echeance.{key}_pct", agg[key], agg["n"])
    figures.counted("occupation.renouvellements", agg["renewals"], agg["renewals"])
    figures.share("occupation.au_dela_duree_preconisee_pct", stays["beyond"], stays["n"])
