"""Captation (issue 9): captation.* — the new dwellings of the year by mode and park against the targets
(the new dwellings are counted by `clef.needs.queries.new_dwellings_q`, the definition of the targets
page), the targets of the operators, the owners' requests routed by a captation platform, the leads
signed and the Anah conventions. Dwellings, requests and conventions identify no household: never secret."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum

from clef.bilan.conventions import day_span
from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter, year_bounds
from clef.bilan.populations import dwellings, owned
from clef.captation.models import Lead
from clef.contracts.enums import ConventionWorks
from clef.contracts.models import AnahConvention
from clef.guichet.models import OwnerRequest
from clef.needs.models import CaptationTarget
from clef.needs.queries import new_dwellings_q


def _new_dwellings(figures: Figures, perimeter: Perimeter, year: int) -> None:
    """The new dwellings of `year` by mode and park, and the share in mandat against the target."""
    targets = CaptationTarget.objects.filter(organisation=OuterRef("organisation"), year=year)
    agg = dwellings(perimeter).aggregate(
        **new_dwellings_q(year),
        with_target=Count("pk", filter=Q(entry_date__year=year) & Q(Exists(targets))),
    )
    n = agg["new"]
    figures.count("captation.nouveaux_logements", n)
    figures.share("captation.nouveaux.mandat_gestion_pct", agg["new_mandat"], n)
    figures.share("captation.nouveaux.sous_location_pct", agg["new_sous_location"], n)
    figures.share("captation.nouveaux.prive_pct", agg["new_prive"], n)
    # The target share of the instruction (a setting): kept as a part of 100 so that it combines.
    figures.share(
        "captation.objectif.mandat_gestion_pct", settings.CLEF_CAPTATION_TARGETS["mandate_share_percent"], 100
    )
    target = owned(CaptationTarget.objects.filter(year=year), perimeter).aggregate(
        structures=Count("pk"), logements=Sum("new_dwellings")
    )
    figures.count("captation.objectif.structures", target["structures"])
    figures.count("captation.objectif.logements", target["logements"] or 0)
    figures.share("captation.objectif.realisation_pct", agg["with_target"], target["logements"] or 0)


def _requests(figures: Figures, perimeter: Perimeter, year: int) -> None:
    """Owners' requests confided by a platform to the perimeter's operators in `year`; the delay from the
    request being confided to the structure to its acknowledgement, over those acknowledged in `year`."""
    requests = owned(OwnerRequest.objects.all(), perimeter, "assigned_operator")
    acknowledged = Q(acknowledged_on__year=year, assigned_on__isnull=False)
    delay = day_span("assigned_on", "acknowledged_on")
    agg = requests.aggregate(
        routed=Count("pk", filter=Q(assigned_on__year=year)),
        taken=Count("pk", filter=Q(assigned_on__year=year, acknowledged_on__isnull=False)),
        n=Count("pk", filter=acknowledged),
        mean=Avg(delay, filter=acknowledged),
        total=Sum(delay, filter=acknowledged),
    )
    figures.count("captation.demandes_confiees", agg["routed"])
    figures.share("captation.demandes.prises_en_charge_pct", agg["taken"], agg["routed"])
    figures.mean_days(
        "captation.demandes.delai_moyen_prise_en_charge_jours", agg["mean"], agg["total"], agg["n"]
    )
    signed = owned(Lead.objects.filter(signed_on__year=year), perimeter, "managing_operator").count()
    figures.count("captation.engagements_signes", signed)


def _conventions(figures: Figures, perimeter: Perimeter, year: int) -> None:
    """Anah conventions signed in `year` (with / without works), and those in force at D (signed, not
    ended) whose term falls within the 365 days after D."""
    _, end = year_bounds(year)
    signed = Q(signed_on__year=year)
    in_force = Q(signed_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
    ending = in_force & Q(ends_on__gt=end, ends_on__lte=end + timedelta(days=365))
    agg = owned(AnahConvention.objects.all(), perimeter).aggregate(
        signed=Count("pk", filter=signed),
        ending=Count("pk", filter=ending),
        **{w.value: Count("pk", filter=signed & Q(works=w)) for w in ConventionWorks},
    )
    figures.count("captation.conventions_signees", agg["signed"])
    figures.share("captation.conventions.sans_travaux_pct", agg[ConventionWorks.SANS_TRAVAUX], agg["signed"])
    figures.share("captation.conventions.avec_travaux_pct", agg[ConventionWorks.AVEC_TRAVAUX], agg["signed"])
    figures.count("captation.conventions_fin_dans_un_an", agg["ending"])


def add_captation(figures: Figures, perimeter: Perimeter, year: int) -> None:
    _new_dwellings(figures, perimeter, year)
    _requests(figures, perimeter, year)
    _conventions(figures, perimeter, year)
