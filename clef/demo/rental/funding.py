"""The IML subsidies of every operator of the demo region, 2024 to the current year, entered by the DREETS:
sized on the operator's places in the park (about the reference cost per person-day of the settings, with a
spread), in its three parts; the current year's not granted yet for one operator in five."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum

from clef.demo.rental.context import RentalContext
from clef.funding.models import Subsidy
from clef.organisations.models import Organisation

FIRST_YEAR = 2024
OCCUPANCY = Decimal("0.85")  # share of the places' days actually supported
PARTS = {"captation_amount": Decimal("0.2"), "gla_amount": Decimal("0.35"), "support_amount": Decimal("0.45")}


def subsidies(ctx: RentalContext) -> list[Subsidy]:
    reference = Decimal(str(settings.CLEF_RENTAL["reference_cost_per_person_day"]))
    rows = []
    for year in range(FIRST_YEAR, ctx.today.year + 1):
        day = date(year, 1, 1)
        in_park = Q(dwellings__entry_date__lte=day) & (
            Q(dwellings__exit_date__isnull=True) | Q(dwellings__exit_date__gt=day)
        )
        operators = (
            Organisation.objects.operators()
            .annotate(
                places=Sum("dwellings__places", filter=in_park), count=Count("dwellings", filter=in_park)
            )
            .filter(count__gt=0)
            .order_by("external_id")
        )
        for org in operators:
            rng = ctx.rng("subsidy", org.pk, year)
            total = Decimal(org.places) * 365 * OCCUPANCY * reference * Decimal(rng.uniform(0.8, 1.2))
            granted = date(year, rng.randint(3, 6), rng.randint(1, 28))
            if year == ctx.today.year and (rng.random() < 0.2 or granted > ctx.today):
                granted = None
            rows.append(
                Subsidy(
                    organisation=org,
                    year=year,
                    granted_on=granted,
                    entered_by=ctx.coordinator,
                    comments="" if granted else "Notification attendue.",
                    **{name: Decimal(int(total * share) // 100 * 100) for name, share in PARTS.items()},
                )
            )
    return rows


def subsidies_loaded() -> bool:
    return Subsidy.objects.filter(organisation__external_id__startswith="demo-op-").exists()
