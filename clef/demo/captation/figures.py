"""The reference figures of captation in the demo: the sample Loc'Avantages rent ceilings (the shipped
file, through the Loc'Avantages loader, flagged « valeurs d'exemple »), the Grand Chambéry's local bonus
with the bonuses granted and paid, the captation targets of every operator for the demo year and the
previous one, and the needs the SIAO of the Isère and of the Savoie declare by typology and EPCI."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum

from clef.demo.captation.context import CaptationContext
from clef.demo.captation.organisations import GRAND_CHAMBERY_EPCI
from clef.dwellings.enums import Typology
from clef.locavantages.ceilings import load_sample_ceilings
from clef.locavantages.models import BonusGrant, LocalBonusScheme
from clef.needs.models import CaptationTarget, NeedDeclaration
from clef.organisations.models import Organisation
from clef.territories.models import Commune

BONUS = Decimal("1500")
EPCIS_PER_DEPARTMENT = 5
# Households waiting per 100 000 inhabitants of the EPCI, by typology (single people first).
WAITING_PER_100K = {Typology.T1: 60, Typology.T2: 38, Typology.T3: 22, Typology.T4: 10, Typology.T5_PLUS: 4}


def load_ceilings() -> int:
    return load_sample_ceilings().rows


def bonus_scheme(ctx: CaptationContext) -> LocalBonusScheme:
    return LocalBonusScheme(
        authority=ctx.authority,
        name="Prime « Louer solidaire » du Grand Chambéry",
        epci_id=GRAND_CHAMBERY_EPCI,
        amount=BONUS,
        for_loc1=False,
        for_loc2=True,
        for_loc3=True,
        for_sans_convention=False,
        valid_from=date(ctx.today.year - 5, 1, 1),
        comments="Versée au propriétaire la première année, pour une convention Loc2 ou Loc3 avec "
        "intermédiation locative (mandat de gestion ou location / sous-location).",
    )


def bonus_grants(ctx: CaptationContext, scheme: LocalBonusScheme, park) -> list[BonusGrant]:
    """A bonus for each conventionné dwelling of the park in the EPCI whose convention took effect while
    the scheme was in force and meets its conditions (the scheme's own rules); paid a month or two later."""
    grants = []
    for owned in park.owned:
        row = owned.row
        signed = [c for c in owned.conventions if c.signed_on]
        if row["commune__epci_id"] != GRAND_CHAMBERY_EPCI or not signed or not ctx.in_park(row):
            continue
        first = signed[-1]
        granted_on = max(first.signed_on, first.starts_on)
        if not (
            scheme.in_force_on(granted_on)
            and granted_on <= ctx.today
            and scheme.applies_to_mode(row["management_mode"])
            and scheme.applies_to_level(first.level)
        ):
            continue
        paid_on = granted_on + timedelta(days=ctx.rng("bonus", row["external_id"]).randint(30, 75))
        grants.append(
            BonusGrant(
                scheme=scheme,
                dwelling_id=row["pk"],
                organisation_id=row["organisation_id"],
                amount=scheme.amount,
                granted_on=granted_on,
                paid_on=paid_on if paid_on <= ctx.today else None,
            )
        )
    return grants


def targets(ctx: CaptationContext) -> list[CaptationTarget]:
    """Each operator's target: a little more than the dwellings it brought into the park the year
    before (one aggregate query per year)."""
    result = []
    for year in (ctx.today.year - 1, ctx.today.year):
        entered = (
            Organisation.objects.operators()
            .annotate(n=Count("dwellings", filter=Q(dwellings__entry_date__year=year - 1)))
            .values_list("pk", "external_id", "n")
        )
        for pk, external_id, n in sorted(entered, key=lambda row: row[1] or ""):
            rng = ctx.rng("target", external_id, year)
            result.append(
                CaptationTarget(
                    organisation_id=pk,
                    year=year,
                    new_dwellings=max(2, round(n * 1.1) + rng.randint(0, 3)),
                    set_by=ctx.coordinator,
                )
            )
    return result


def need_declarations(ctx: CaptationContext) -> list[NeedDeclaration]:
    """Two grids per SIAO (three months ago and this month), by typology in its five largest EPCIs."""
    result = []
    grids = [date(ctx.today.year, ctx.today.month, 1)]
    grids.insert(0, (grids[0] - timedelta(days=80)).replace(day=1))
    for siao, agent in ctx.siao.values():
        department = siao.head_office_department_id
        epcis = (
            Commune.objects.filter(department_id=department, epci__isnull=False, kind=Commune.Kind.COMMUNE)
            .values("epci_id")
            .annotate(population=Sum("population"))
            .order_by("-population", "epci_id")[:EPCIS_PER_DEPARTMENT]
        )
        for grid, as_of in enumerate(grids):
            for epci in epcis:
                for typology, rate in WAITING_PER_100K.items():
                    rng = ctx.rng("need", siao.external_id, as_of, epci["epci_id"], typology)
                    waiting = round((epci["population"] or 0) * rate / 100_000 * rng.uniform(0.7, 1.3))
                    declaration = NeedDeclaration(
                        siao=siao,
                        as_of=as_of,
                        department_id=department,
                        epci_id=epci["epci_id"],
                        typology=typology,
                        households_waiting=waiting + grid,
                        declared_by=agent,
                    )
                    result.append(declaration)
    return result
