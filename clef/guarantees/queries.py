"""Reads of the security fund: aggregate SQL, a constant number of queries whatever the number of rows.

The balance at a day is Σ contributions received until that day − Σ payouts made until that day. The fund's
year is, everywhere (balance, years table, projection, bilan), the calendar year of the money's movement: a
contribution counts in the year it was received (`received_on`), whatever the « exercice » (`year`) it is
for; a payout in the year it was paid. The
observed figures that feed the projection (clef.guarantees.rules.project) come from the last complete years
before the day: the operators paying dues, their mean dues, the payouts per operator-year, the State's and
the local authorities' contributions."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from clef.guarantees import rules
from clef.guarantees.enums import ContributorKind, FundClaimStatus
from clef.guarantees.models import FundClaim, FundContribution, SecurityFund
from clef.rental.rules import cents

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")
# The projection's loss rate is observed over this many complete years before the day.
OBSERVED_YEARS = 3
# A claim's stay is chosen among the stays ended in this many years (a screen's window, not a domain rule),
# and those whose household owes rent or has a damage claim, whenever they ended.
CLAIM_STAYS_YEARS = 3


def _total(queryset, column: str, fund_ref: str = "fund"):
    rows = queryset.filter(**{fund_ref: OuterRef("pk")}).order_by().values(fund_ref).annotate(t=Sum(column))
    return Coalesce(Subquery(rows.values("t"), output_field=MONEY), Value(ZERO, output_field=MONEY))


def with_balance(funds, on: date):
    """`funds` annotated with received (Σ contributions), paid (Σ payouts) and balance, as of `on`."""
    received = _total(FundContribution.objects.filter(received_on__lte=on), "amount")
    paid = _total(FundClaim.objects.filter(paid_on__lte=on), "paid_amount")
    return funds.annotate(received=received, paid=paid).annotate(balance=received - paid)


def fund_balance(fund: SecurityFund, on: date) -> Decimal:
    return cents(
        with_balance(SecurityFund.objects.filter(pk=fund.pk), on).values_list("balance", flat=True).get()
    )


@dataclass
class FundYear:
    year: int
    contributions: dict[str, Decimal] = field(default_factory=dict)  # per contributor kind
    payouts: Decimal = ZERO
    claims: int = 0
    claimed: Decimal = ZERO
    closing: Decimal = ZERO

    @property
    def contributions_total(self) -> Decimal:
        return sum(self.contributions.values(), ZERO)


def fund_years(fund: SecurityFund) -> list[FundYear]:
    """Per calendar year (of receipt, payout, declaration): contributions per contributor kind, payouts,
    claims declared and the closing balance at 31/12. Three aggregate queries."""
    years: dict[int, FundYear] = {}

    def row(year: int) -> FundYear:
        return years.setdefault(year, FundYear(year, dict.fromkeys(ContributorKind.values, ZERO)))

    contributions = (
        FundContribution.objects.filter(fund=fund)
        .annotate(y=ExtractYear("received_on"))
        .values("y", "contributor__kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for item in contributions:
        row(item["y"]).contributions[item["contributor__kind"]] = cents(item["total"])
    payouts = (
        FundClaim.objects.filter(fund=fund, paid_on__isnull=False)
        .annotate(y=ExtractYear("paid_on"))
        .values("y")
        .annotate(total=Sum("paid_amount"))
        .order_by()
    )
    for item in payouts:
        row(item["y"]).payouts = cents(item["total"])
    declared = (
        FundClaim.objects.filter(fund=fund)
        .annotate(y=ExtractYear("declared_on"))
        .values("y")
        .annotate(n=Count("pk"), total=Sum("amount_claimed"))
        .order_by()
    )
    for item in declared:
        row(item["y"]).claims, row(item["y"]).claimed = item["n"], cents(item["total"])
    balance = ZERO
    result = [years[year] for year in sorted(years)]
    for item in result:
        balance = balance + item.contributions_total - item.payouts
        item.closing = balance
    return result


# --- Projection ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """The scenario form's inputs; None: the observed figure."""

    operators_growth: int = 0
    dues_per_operator: Decimal | None = None
    loss_rate_change_percent: Decimal = ZERO
    loss_per_operator_year: Decimal | None = None
    state_per_year: Decimal | None = None
    local_per_year: Decimal | None = None


@dataclass(frozen=True)
class Projection:
    observed: rules.ProjectionInputs
    inputs: rules.ProjectionInputs
    rows: list[rules.ProjectedYear]

    @property
    def exhausted_in(self) -> int | None:
        return rules.exhausted_in(self.rows)


def observed_inputs(fund: SecurityFund, on: date) -> rules.ProjectionInputs:
    """The projection's inputs as observed: the balance at `on`; the operators paying dues and their mean
    dues in the last complete year; the payouts per operator-year over the last OBSERVED_YEARS complete
    years; the State's and the other contributors' contributions of the last complete year."""
    last = on.year - 1
    first = last - OBSERVED_YEARS + 1
    operator = Q(contributor__kind=ContributorKind.OPERATEUR)
    in_last = Q(received_on__year=last)  # the fund's year is the year of receipt (see the module)
    figures = FundContribution.objects.filter(
        fund=fund, received_on__year__gte=first, received_on__year__lte=last
    ).aggregate(
        dues=Coalesce(Sum("amount", filter=operator & in_last), Value(ZERO), output_field=MONEY),
        state=Coalesce(
            Sum("amount", filter=Q(contributor__kind=ContributorKind.ETAT) & in_last),
            Value(ZERO),
            output_field=MONEY,
        ),
        local=Coalesce(
            Sum("amount", filter=~operator & ~Q(contributor__kind=ContributorKind.ETAT) & in_last),
            Value(ZERO),
            output_field=MONEY,
        ),
        operators=Count("contributor", filter=operator & in_last, distinct=True),
    )
    operator_years = (
        FundContribution.objects.filter(
            operator, fund=fund, received_on__year__gte=first, received_on__year__lte=last
        )
        .annotate(received_year=ExtractYear("received_on"))
        .values("contributor", "received_year")
        .distinct()
        .count()
    )
    payouts = FundClaim.objects.filter(
        fund=fund, paid_on__year__gte=first, paid_on__year__lte=last
    ).aggregate(total=Coalesce(Sum("paid_amount"), Value(ZERO), output_field=MONEY))["total"]
    operators = figures["operators"]
    return rules.ProjectionInputs(
        opening_balance=fund_balance(fund, on),
        first_year=on.year + 1,
        operators=operators,
        dues_per_operator=cents(figures["dues"] / operators) if operators else ZERO,
        loss_per_operator_year=cents(payouts / operator_years) if operator_years else ZERO,
        state_per_year=cents(figures["state"]),
        local_per_year=cents(figures["local"]),
    )


def projection(fund: SecurityFund, on: date, scenario: Scenario | None = None) -> Projection:
    """The fund's balance over the next `fund_projection_years` years, from the observed figures changed by
    the scenario's inputs."""
    observed = observed_inputs(fund, on)
    scenario = scenario or Scenario()

    def chosen(value, default):
        return default if value is None else value

    inputs = replace(
        observed,
        operators_growth=scenario.operators_growth,
        loss_rate_change_percent=scenario.loss_rate_change_percent,
        dues_per_operator=chosen(scenario.dues_per_operator, observed.dues_per_operator),
        loss_per_operator_year=chosen(scenario.loss_per_operator_year, observed.loss_per_operator_year),
        state_per_year=chosen(scenario.state_per_year, observed.state_per_year),
        local_per_year=chosen(scenario.local_per_year, observed.local_per_year),
        years=settings.CLEF_RENTAL["fund_projection_years"],
    )
    return Projection(observed=observed, inputs=inputs, rows=rules.project(inputs))


# --- Bilan ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundBilan:
    """The funds of a region in a year (the bilan's « fonds de sécurisation » section)."""

    funds: int
    contributions: Decimal
    contributions_by_kind: dict[str, Decimal]
    claims_declared: int
    amount_claimed: Decimal
    claims_accepted: int
    amount_granted: Decimal
    claims_refused: int
    payouts: int
    amount_paid: Decimal
    balance: Decimal  # at 31/12


def fund_bilan(region_code: str, year: int) -> FundBilan:
    """Contributions received, claims declared, decided (accepted, refused) and paid in `year`, and the
    balance at 31/12, over the funds of the region. Three aggregate queries."""
    funds = SecurityFund.objects.filter(region_id=region_code)
    by_kind = dict.fromkeys(ContributorKind.values, ZERO)
    for item in (
        FundContribution.objects.filter(fund__region_id=region_code, received_on__year=year)
        .values("contributor__kind")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        by_kind[item["contributor__kind"]] = cents(item["total"])
    decided = Q(decided_on__year=year)
    accepted = decided & Q(status__in=[FundClaimStatus.ACCEPTEE, FundClaimStatus.VERSEE])
    paid = Q(paid_on__year=year)
    claims = FundClaim.objects.filter(fund__region_id=region_code).aggregate(
        declared=Count("pk", filter=Q(declared_on__year=year)),
        claimed=Sum("amount_claimed", filter=Q(declared_on__year=year)),
        accepted=Count("pk", filter=accepted),
        granted=Sum("amount_granted", filter=accepted),
        refused=Count("pk", filter=decided & Q(status=FundClaimStatus.REFUSEE)),
        payouts=Count("pk", filter=paid),
        paid=Sum("paid_amount", filter=paid),
    )
    balances = with_balance(funds, date(year, 12, 31)).aggregate(n=Count("pk"), total=Sum("balance"))
    return FundBilan(
        funds=balances["n"],
        contributions=sum(by_kind.values(), ZERO),
        contributions_by_kind=by_kind,
        claims_declared=claims["declared"],
        amount_claimed=cents(claims["claimed"] or ZERO),
        claims_accepted=claims["accepted"],
        amount_granted=cents(claims["granted"] or ZERO),
        claims_refused=claims["refused"],
        payouts=claims["payouts"],
        amount_paid=cents(claims["paid"] or ZERO),
        balance=cents(balances["total"] or ZERO),
    )


# --- A claim's stay and its household's ledger -------------------------------------------------------------------


def claim_ledger_figures(stay, on: date) -> tuple[Decimal | None, Decimal]:
    """(the rent the household itself owes on `on`, None without a lease; Σ damage charged to its account by
    `on`), for `fund_rules.check_claim_against_ledger`. Two or three queries."""
    from clef.damages.models import DamageClaim
    from clef.rental.queries import debt_at_exit

    rent_debt = debt_at_exit(stay, on)
    charged = (
        DamageClaim.objects.counted()
        .filter(stay=stay, charged_on__lte=on)
        .aggregate(total=Coalesce(Sum("charged_amount"), Value(ZERO), output_field=MONEY))["total"]
    )
    return rent_debt, cents(charged)


def claim_candidate_stays(operator_id: int, on: date):
    """The operator's stays a claim may concern, most recent exit first (then still housed): those ended in the
    last CLAIM_STAYS_YEARS years, those whose household owes rent on `on` (its own debt, the ledger's
    definition) and those with a damage claim not abandoned. Two queries, whatever the number of stays."""
    from clef.damages.models import DamageClaim
    from clef.rental.debt import HALF_CENT
    from clef.rental.models import Lease
    from clef.rental.queries import lease_figures
    from clef.stays.models import Stay

    since = date(on.year - CLAIM_STAYS_YEARS, 1, 1)
    in_debt = list(  # evaluated apart: SQLite refuses the debt's expression inside an IN subquery
        lease_figures(Lease.objects.filter(organisation_id=operator_id), on)
        .filter(household_debt__gt=HALF_CENT)
        .values_list("stay_id", flat=True)
    )
    damaged = DamageClaim.objects.counted().filter(organisation_id=operator_id).values("stay_id")
    return (
        Stay.objects.filter(organisation_id=operator_id)
        .filter(Q(exit_date__gte=since) | Q(pk__in=in_debt) | Q(pk__in=damaged))
        .order_by(F("exit_date").desc(nulls_last=True), "-entry_date", "-pk")
    )
