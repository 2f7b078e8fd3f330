"""The regional security fund of the demo: « Fonds régional de sécurisation IML Auvergne-Rhône-Alpes »,
managed by the network « Fapil Auvergne-Rhône-Alpes » since 2021. Contributors: the DREETS (an opening
endowment, then a yearly one), the operators' dues (the demo operators and the region's oldest ones), the
Grand Chambéry (from 2023). Claims of the operators for large losses at exit, from the register's exits
with a loss (the kind from the stay's flags, the amount from its debt at exit when known), in every status:
paid over the years, and this year's accepted, refused and waiting ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from django.db.models import Q

from clef.demo.rental.context import RentalContext
from clef.guarantees.enums import ContributionKind, ContributorKind, FundClaimKind, FundClaimStatus
from clef.guarantees.models import FundClaim, FundContribution, FundContributor, SecurityFund
from clef.organisations.models import Organisation
from clef.stays.models import Stay
from clef.territories.models import Region

FUND_NAME = "Fonds régional de sécurisation IML Auvergne-Rhône-Alpes"
CREATED_ON = date(2021, 1, 15)
STATE_OPENING = Decimal("40000")
STATE_YEARLY = Decimal("25000")
DUES = Decimal("800")
DUES_MEMBERS = 20  # the region's oldest operators pay the dues (the demo operators among them)
AUTHORITY_FROM, AUTHORITY_YEARLY = 2023, Decimal("10000")
PAID_PER_YEAR = 6
CLAIMED_SHARE = Decimal("0.8")  # the operator claims 80 % of the loss (the deposit and its own part aside)
GRANTED_SHARE = Decimal("0.75")


@dataclass(eq=False)
class Fund:
    fund: SecurityFund
    contributors: list[FundContributor] = field(default_factory=list)
    contributions: list[FundContribution] = field(default_factory=list)
    claims: list[FundClaim] = field(default_factory=list)


def euros(value: Decimal) -> Decimal:
    """Demo amounts in whole euros (the rounding rule of money stays in the apps)."""
    return value.quantize(Decimal("1"), rounding=ROUND_DOWN)


def fund_loaded() -> bool:
    return SecurityFund.objects.filter(name=FUND_NAME).exists()


def build_fund(ctx: RentalContext) -> Fund:
    fund = SecurityFund(
        name=FUND_NAME,
        region=Region.objects.get(code="84"),
        manager=ctx.network,
        created_on=CREATED_ON,
        comments="Règlement intérieur adopté par le conseil d'administration de la Fapil AURA le 15/01/2021.",
    )
    return Fund(fund)


def contributors(ctx: RentalContext, result: Fund) -> None:
    orgs = {
        o.external_id: o
        for o in Organisation.objects.filter(external_id__in=["demo-dreets", "demo-grand-chambery"])
    }
    members = list(Organisation.objects.operators().order_by("external_id")[:DUES_MEMBERS])
    fund = result.fund
    result.contributors = [
        FundContributor(
            fund=fund,
            kind=ContributorKind.ETAT,
            organisation=orgs["demo-dreets"],
            name="DREETS Auvergne-Rhône-Alpes",
        ),
        FundContributor(
            fund=fund,
            kind=ContributorKind.COLLECTIVITE,
            organisation=orgs.get("demo-grand-chambery"),
            name="Grand Chambéry",
        ),
        *[
            FundContributor(fund=fund, kind=ContributorKind.OPERATEUR, organisation=org, name=org.name)
            for org in members
        ],
    ]


def contributions(ctx: RentalContext, result: Fund) -> None:
    state, authority, *operators = result.contributors
    rows = []
    for year in range(CREATED_ON.year, ctx.today.year + 1):
        rng = ctx.rng("fund", year)
        items = [
            (
                state,
                STATE_OPENING if year == CREATED_ON.year else STATE_YEARLY,
                ContributionKind.DOTATION,
                date(year, 3, 10),
            )
        ]
        if year >= AUTHORITY_FROM:
            items.append((authority, AUTHORITY_YEARLY, ContributionKind.ABONDEMENT, date(year, 6, 20)))
        items += [
            (op, DUES, ContributionKind.COTISATION, date(year, 2, rng.randint(1, 28))) for op in operators
        ]
        for contributor, amount, kind, received in items:
            if received <= ctx.today:
                rows.append(
                    FundContribution(
                        fund=result.fund,
                        contributor=contributor,
                        year=year,
                        amount=amount,
                        received_on=received,
                        kind=kind,
                        created_by=ctx.fund_manager,
                    )
                )
    result.contributions = rows


def _kind(stay: Stay) -> str:
    if stay.loss_unpaid_rent and stay.loss_damage:
        return FundClaimKind.MULTIPLE
    return FundClaimKind.IMPAYES if stay.loss_unpaid_rent else FundClaimKind.DEGRADATIONS


def claims(ctx: RentalContext, result: Fund) -> None:
    """Paid claims each past year; this year: paid, accepted (to pay), refused and waiting ones."""
    stays = list(
        Stay.objects.filter(
            organisation__kind="operator", exit_date__gte=CREATED_ON, exit_date__lte=ctx.today
        )
        .filter(Q(loss_unpaid_rent=True) | Q(loss_damage=True))
        .order_by("exit_date", "pk")
        .only("pk", "organisation_id", "exit_date", "exit_debt", "loss_unpaid_rent", "loss_damage")
    )
    by_year: dict[int, list[Stay]] = {}
    for stay in stays:
        by_year.setdefault(stay.exit_date.year, []).append(stay)
    for year in range(CREATED_ON.year, ctx.today.year + 1):
        rng = ctx.rng("claims", year)
        pool = by_year.get(year, [])
        rng.shuffle(pool)
        current = year == ctx.today.year
        statuses = [FundClaimStatus.VERSEE] * (PAID_PER_YEAR if not current else 2) + [
            FundClaimStatus.REFUSEE
        ]
        if current:
            statuses += [FundClaimStatus.ACCEPTEE] * 2 + [FundClaimStatus.DEPOSEE] * 2
        for stay, status in zip(pool, statuses, strict=False):
            result.claims.append(_claim(ctx, result.fund, stay, status, rng))


def _claim(ctx, fund, stay: Stay, status: str, rng) -> FundClaim:
    loss = stay.exit_debt if stay.exit_debt and stay.exit_debt > 0 else Decimal(rng.randrange(1200, 6000))
    declared = min(stay.exit_date + timedelta(days=rng.randint(20, 60)), ctx.today)
    claim = FundClaim(
        fund=fund,
        operator_id=stay.organisation_id,
        stay=stay,
        kind=_kind(stay),
        loss_amount=loss,
        amount_claimed=euros(loss * CLAIMED_SHARE),
        declared_on=declared,
        description="Sinistre constaté à la sortie, après mobilisation du dépôt de garantie.",
        status=status,
    )
    if status == FundClaimStatus.DEPOSEE:
        return claim
    claim.decided_on = min(declared + timedelta(days=rng.randint(15, 45)), ctx.today)
    claim.decided_by = ctx.fund_manager
    if status == FundClaimStatus.REFUSEE:
        claim.decision_note = "Sinistre antérieur à l'adhésion de la structure au fonds : hors règlement."
        return claim
    claim.amount_granted = euros(claim.amount_claimed * GRANTED_SHARE)
    claim.decision_note = "Accordée selon le barème du règlement intérieur (75 % du montant demandé)."
    if status == FundClaimStatus.VERSEE:
        claim.paid_on = min(claim.decided_on + timedelta(days=rng.randint(10, 30)), ctx.today)
        claim.paid_amount = claim.amount_granted
    return claim


def write_fund(ctx: RentalContext) -> dict[str, int]:
    result = build_fund(ctx)
    result.fund.save()
    contributors(ctx, result)
    FundContributor.objects.bulk_create(result.contributors)
    contributions(ctx, result)
    FundContribution.objects.bulk_create(result.contributions)
    claims(ctx, result)
    FundClaim.objects.bulk_create(result.claims)
    return {
        "contributions au fonds régional": len(result.contributions),
        "demandes d'intervention du fonds": len(result.claims),
    }
