"""« Mon territoire »: the yearly figures of a local authority's (or a captation platform's) territory for
its steering committee, aggregate only (never an owner's or a household's identity). The territory is
`clef.organisations.territory.territory_q` (its EPCIs and communes): one definition for the guichet's
routing, this page and the needs page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from clef.captation.models import Lead
from clef.contracts.enums import ConventionWorks
from clef.contracts.models import AnahConvention
from clef.dwellings.enums import ManagementMode, Parc
from clef.dwellings.models import Dwelling
from clef.guichet.enums import Outcome, Status
from clef.guichet.models import OwnerRequest
from clef.locavantages.models import BonusGrant
from clef.needs.rules import park_day
from clef.organisations.models import Organisation
from clef.organisations.territory import territory_q


@dataclass
class TerritoryFigures:
    year: int
    requests: dict = field(default_factory=dict)  # received, routed, acknowledged, captees
    leads_signed: int = 0
    dwellings_entered: int = 0
    park: dict = field(default_factory=dict)  # total, by mode, by parc on `park_on`
    park_on: date | None = None  # `clef.needs.rules.park_day`: 31/12, or today for the current year
    conventions: dict = field(default_factory=dict)  # signed, sans_travaux, avec_travaux
    bonuses: dict = field(default_factory=dict)  # granted (count, amount), paid (count, amount)

    @property
    def is_empty(self) -> bool:
        return not (self.requests["received"] or self.park["total"] or self.dwellings_entered)


def territory_names(organisation: Organisation) -> list[str]:
    """The names of the territory's EPCIs, then of its communes, read through the M2M tables (forward
    lookups: the territories' hidden reverse relations are absent when a transactional test leaves their
    app out of `available_apps`)."""
    epcis = Organisation.territory_epcis.through.objects.filter(organisation_id=organisation.pk)
    communes = Organisation.territory_communes.through.objects.filter(organisation_id=organisation.pk)
    return list(epcis.order_by("epci__name").values_list("epci__name", flat=True)) + list(
        communes.order_by("commune__name").values_list("commune__name", flat=True)
    )


def _requests(organisation: Organisation, year: int) -> dict:
    """Owners' requests received in `year` about a dwelling of the territory, and what became of them."""
    return OwnerRequest.objects.filter(
        territory_q(organisation, "commune__"), created_at__year=year
    ).aggregate(
        received=Count("pk"),
        routed=Count("pk", filter=Q(assigned_on__isnull=False)),
        acknowledged=Count("pk", filter=Q(acknowledged_on__isnull=False)),
        captees=Count("pk", filter=Q(status=Status.CLOSE, outcome=Outcome.CAPTEE)),
    )


def _park(organisation: Organisation, year: int, end: date) -> tuple[int, dict]:
    dwellings = Dwelling.objects.filter(territory_q(organisation, "commune__"))
    entered = dwellings.entered_in(year).count()
    park = dwellings.in_park_on(end).aggregate(
        total=Count("pk"),
        prive=Count("pk", filter=Q(parc=Parc.PRIVE)),
        public=Count("pk", filter=Q(parc=Parc.PUBLIC)),
        **{m.value: Count("pk", filter=Q(management_mode=m)) for m in ManagementMode},
    )
    return entered, park


def _bonuses(organisation: Organisation, year: int) -> dict:
    grants = BonusGrant.objects.filter(territory_q(organisation, "dwelling__commune__"))
    granted = Q(granted_on__year=year)
    paid = Q(paid_on__year=year)
    agg = grants.aggregate(
        granted=Count("pk", filter=granted),
        granted_amount=Sum("amount", filter=granted),
        paid=Count("pk", filter=paid),
        paid_amount=Sum("amount", filter=paid),
    )
    agg["granted_amount"] = agg["granted_amount"] or Decimal("0")
    agg["paid_amount"] = agg["paid_amount"] or Decimal("0")
    return agg


def territory_figures(organisation: Organisation, year: int, today: date | None = None) -> TerritoryFigures:
    """The figures of `year` over the territory of `organisation` (six aggregate queries; the territory's
    EPCIs and communes are subqueries of each); the park on `rules.park_day(year, today)`."""
    park_on = park_day(year, today or timezone.localdate())
    entered, park = _park(organisation, year, park_on)
    leads = Lead.objects.filter(
        territory_q(organisation, "offered_dwelling__commune__"), signed_on__year=year
    ).count()
    conventions = AnahConvention.objects.filter(
        territory_q(organisation, "dwelling__commune__"), signed_on__year=year
    ).aggregate(
        signed=Count("pk"),
        **{w.value: Count("pk", filter=Q(works=w)) for w in ConventionWorks},
    )
    return TerritoryFigures(
        year=year,
        requests=_requests(organisation, year),
        leads_signed=leads,
        dwellings_entered=entered,
        park=park,
        park_on=park_on,
        conventions=conventions,
        bonuses=_bonuses(organisation, year),
    )
