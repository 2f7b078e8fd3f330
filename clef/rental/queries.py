"""Reads of the ledger: aggregate SQL, a constant number of queries whatever the number of leases.

Per lease (`lease_figures`): the household's balance (Σ of its account), the benefit pending (Σ benefit
expected on the calls − Σ housing benefit received, never below zero: the part the CAF/MSA still owes),
the household's own debt (balance − benefit pending, never below zero), what it owes each month (net of
the benefit paid to the manager) and the arrears' age (clef.rental.rules.ageing_bucket)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, TruncMonth
from django.utils import timezone

from clef.rental import debt, rules
from clef.rental.accounts import dwelling_account, statement, vacancy_cost
from clef.rental.enums import Account, AgeingBucket, BenefitStatus, LedgerMode
from clef.rental.models import CafReport, Lease, LedgerEntry
from clef.utils.bounds import MAX_DATE

MONEY, ZERO, HALF_CENT = debt.MONEY, debt.ZERO, debt.HALF_CENT
CENT = Decimal("0.01")
_money, _cents, _sum = debt.money, debt.cents_sql, debt.entries_sum


def _net_due() -> ExpressionWrapper:
    tiers_payant = (
        Q(benefit_tiers_payant=True, benefit_amount__gt=0)
        & ~Q(benefit_kind="")
        & ~Q(benefit_status=BenefitStatus.SUSPENDUE)
    )
    due = F("rent") + F("charges") - Case(When(tiers_payant, then=F("benefit_amount")), default=_money(ZERO))
    return Greatest(ExpressionWrapper(due, output_field=MONEY), _money(ZERO), output_field=MONEY)


def bucket_expression() -> Case:
    """clef.rental.rules.ageing_bucket in SQL (same limits from the settings), on the row's `household_debt`
    and `net_due` (lease_figures, and the declared arrears of clef.rental.declared_queries)."""
    low, middle, high = (Decimal(limit) for limit in settings.CLEF_RENTAL["ageing_limits_months"])

    def under(limit: Decimal) -> Q:
        return Q(household_debt__lt=ExpressionWrapper(F("net_due") * limit - HALF_CENT, output_field=MONEY))

    return Case(
        When(household_debt__lte=HALF_CENT, then=Value(AgeingBucket.MOINS_1_MOIS)),
        When(net_due__lte=HALF_CENT, then=Value(AgeingBucket.TROIS_MOIS_ET_PLUS)),
        When(under(low), then=Value(AgeingBucket.MOINS_1_MOIS)),
        When(under(middle), then=Value(AgeingBucket.UN_DEUX_MOIS)),
        When(under(high), then=Value(AgeingBucket.DEUX_TROIS_MOIS)),
        default=Value(AgeingBucket.TROIS_MOIS_ET_PLUS),
    )


def lease_figures(leases: QuerySet, on: date | None = None) -> QuerySet:
    """`leases` annotated with balance, benefit_expected, benefit_received, benefit_pending,
    household_debt, net_due and bucket, as of `on` (entries booked that day included; None: all)."""
    on = on or MAX_DATE
    figures, pending, owed = debt.debt_annotations(on)
    return (
        leases.annotate(**figures)
        .annotate(**pending, net_due=_net_due())
        .annotate(**owed)
        .annotate(bucket=bucket_expression())
    )


def balance(lease: Lease, on: date | None = None) -> Decimal:
    """The household's balance (positive: it owes), entries booked until `on` included."""
    return rules.cents(
        lease_figures(Lease.objects.filter(pk=lease.pk), on).values_list("balance", flat=True).get()
    )


def benefit_pending(lease: Lease, on: date | None = None) -> Decimal:
    """The housing benefit expected on the calls and not yet received (≥ 0)."""
    return rules.cents(
        lease_figures(Lease.objects.filter(pk=lease.pk), on).values_list("benefit_pending", flat=True).get()
    )


@dataclass(frozen=True)
class LeaseBalance:
    lease: Lease
    balance: Decimal
    benefit_pending: Decimal
    household_debt: Decimal
    monthly_due: Decimal
    net_monthly_due: Decimal
    bucket: str

    @property
    def months(self) -> Decimal | None:
        """The household's debt in months of what it owes each month (one decimal)."""
        if self.net_monthly_due <= 0:
            return None
        return (self.household_debt / self.net_monthly_due).quantize(Decimal("0.1"))

    @property
    def bucket_label(self) -> str:
        return AgeingBucket(self.bucket).label


def household_balances(organisation_id: int, on: date, leases: QuerySet | None = None) -> list[LeaseBalance]:
    """One query: every lease of the operator started by `on` that is running or still has a balance,
    with its figures (household name and dwelling loaded)."""
    base = leases if leases is not None else Lease.objects.all()
    rows = (
        lease_figures(base.filter(organisation_id=organisation_id, starts_on__lte=on), on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on) | ~Q(balance=0))
        .select_related("stay__household", "stay__dwelling", "contract")
        .order_by("-household_debt", "pk")
    )
    return [
        LeaseBalance(
            lease=lease,
            balance=rules.cents(lease.balance),
            benefit_pending=rules.cents(lease.benefit_pending),
            household_debt=rules.cents(lease.household_debt),
            monthly_due=rules.monthly_due(lease),
            net_monthly_due=rules.net_monthly_due(lease),
            bucket=rules.ageing_bucket(rules.cents(lease.household_debt), rules.net_monthly_due(lease)),
        )
        for lease in rows
    ]


@dataclass
class Cell:
    households: int = 0
    amount: Decimal = ZERO

    def add(self, households: int, amount: Decimal) -> None:
        self.households += households
        self.amount += amount


@dataclass
class ArrearsTable:
    """Households in arrears and their debt, per management mode × arrears' age."""

    on: date
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)
    by_bucket: dict[str, Cell] = field(default_factory=dict)
    by_mode: dict[str, Cell] = field(default_factory=dict)
    total: Cell = field(default_factory=Cell)

    @classmethod
    def empty(cls, on: date) -> ArrearsTable:
        return cls(
            on=on,
            cells={mode: {bucket: Cell() for bucket in AgeingBucket.values} for mode in LedgerMode.values},
            by_bucket={bucket: Cell() for bucket in AgeingBucket.values},
            by_mode={mode: Cell() for mode in LedgerMode.values},
        )


def _arrears(leases: QuerySet, on: date) -> ArrearsTable:
    rows = (
        lease_figures(leases.filter(starts_on__lte=on), on)
        .filter(household_debt__gt=HALF_CENT)
        .order_by()
        .values("mode", "bucket")
        .annotate(households=Count("pk"), amount=Sum("household_debt"))
    )
    table = ArrearsTable.empty(on)
    for row in rows:
        amount = rules.cents(row["amount"])
        table.cells[row["mode"]][row["bucket"]].add(row["households"], amount)
        table.by_bucket[row["bucket"]].add(row["households"], amount)
        table.by_mode[row["mode"]].add(row["households"], amount)
        table.total.add(row["households"], amount)
    return table


def ageing(operator_ids, on: date) -> ArrearsTable:
    """Every household of the operators owing on `on` (still housed or gone), per mode × age: the
    operator's arrears page, the DREETS' view."""
    return _arrears(Lease.objects.filter(organisation_id__in=list(operator_ids)), on)


def arrears_at(operator_ids, day: date) -> ArrearsTable:
    """The households housed on `day` (31/12 for the bilan) and in arrears, per mode × age."""
    housed = Lease.objects.filter(organisation_id__in=list(operator_ids)).filter(
        Q(ends_on__isnull=True, stay__exit_date__isnull=True)
        | Q(ends_on__gte=day)
        | Q(ends_on__isnull=True, stay__exit_date__gte=day)
    )
    return _arrears(housed, day)


def debt_at_exit(stay, on: date | None = None) -> Decimal | None:
    """None when the stay has no lease; else the rent the household still owes at its exit day `on`
    (default: the lease's end or the stay's exit, else today), ≥ 0: its balance from the entries booked
    until that day, less the damage charged to the account (a loss of its own, `loss_damage`) and the
    housing benefit still expected from the CAF/MSA (not the household's debt). While the account is not
    closed, the exit month's calls count as the exit will leave them (clef.rental.closing: prorated)."""
    from django.db.models.functions import Round
    from django.utils import timezone

    from clef.rental.closing import exit_settlement
    from clef.rental.enums import EntryKind

    lease = Lease.objects.filter(stay_id=stay.pk).select_related("stay").first()
    if lease is None:
        return None
    on = on or rules.lease_end(lease) or timezone.localdate()
    figures = lease_figures(Lease.objects.filter(pk=lease.pk), on).values("balance", "benefit_pending").get()
    damage = LedgerEntry.objects.filter(
        Q(kind=EntryKind.DEGRADATIONS) | Q(reverses__kind=EntryKind.DEGRADATIONS),
        lease=lease,
        account=Account.MENAGE,
        booked_on__lte=on,
    ).aggregate(total=Round(Sum("amount"), 2))["total"]
    owed, pending = figures["balance"] - (damage or ZERO), figures["benefit_pending"]
    if lease.ends_on is None or lease.ends_on > on:
        settlement = exit_settlement(lease, on)
        owed += settlement.amount(booked_until=on)
        pending = max(pending + settlement.expected(booked_until=on), ZERO)
    return max(rules.cents(owed - pending), ZERO)


def paid_months(lease: Lease) -> list[date]:
    """The months fully paid, first in first out: month m is paid when every credit of the account
    (payments, benefit, differentials, remissions, whatever their date) covers every debit of the months
    up to m. A counter-entry counts with the entry it cancels (its month, its side)."""
    original = Coalesce("reverses__amount", "amount")
    rows = (
        LedgerEntry.objects.filter(lease=lease, account=Account.MENAGE)
        .annotate(
            month=Coalesce(
                "reverses__period",
                "period",
                Cast(TruncMonth("booked_on"), DateField()),
                output_field=DateField(),
            ),
            original=original,
        )
        .order_by()
        .values("month")
        .annotate(
            debits=_cents(
                Coalesce(Sum("amount", filter=Q(original__gt=0)), _money(ZERO), output_field=MONEY)
            ),
            credits=_cents(
                Coalesce(Sum("amount", filter=Q(original__lt=0)), _money(ZERO), output_field=MONEY)
            ),
        )
        .order_by("month")
    )
    rows = list(rows)
    available = -sum((row["credits"] for row in rows), ZERO)
    owed, paid = ZERO, []
    for row in rows:
        owed += row["debits"]
        if row["debits"] > 0 and available >= owed - HALF_CENT:
            paid.append(row["month"])
    return paid


@dataclass(frozen=True)
class CafReportDue:
    lease: Lease
    household_debt: Decimal
    threshold: Decimal
    crossed_on: date
    deadline: date

    @property
    def overdue(self) -> bool:
        return self.deadline < timezone.localdate()


def caf_reports_due(organisation_id: int, on: date) -> list[CafReportDue]:
    """Households whose own debt (clef.rental.debt: the benefit still expected from the CAF/MSA is not theirs)
    reached the CAF/MSA threshold (clef.rental.rules.caf_threshold), with no report since that debt crossed it
    (clef.rental.debt.crossed_on); the deadline is the crossing + caf_report_deadline_months. Only leases with
    a housing benefit (the report goes to its payer). Two queries."""
    last_report = (
        CafReport.objects.filter(lease=OuterRef("pk")).order_by("-reported_on").values("reported_on")[:1]
    )
    candidates = [
        lease
        for lease in lease_figures(
            Lease.objects.filter(organisation_id=organisation_id, starts_on__lte=on).exclude(benefit_kind=""),
            on,
        )
        .filter(household_debt__gt=HALF_CENT)
        .annotate(last_report=Subquery(last_report))
        .select_related("stay__household")
        if lease.household_debt >= rules.caf_threshold(lease)
    ]
    # A debt of 0 never « reaches » a threshold of 0 (the benefit covering the whole net due): the crossing is
    # then the first day the household owed something. Never the lease's start when no crossing is read (a 2021
    # lease would show a report overdue since 2021): the computation day.
    crossings = debt.crossed_on(
        {lease.pk: max(rules.caf_threshold(lease), CENT) for lease in candidates}, on, strict=False
    )
    due = []
    for lease in candidates:
        crossed_on = crossings.get(lease.pk, on)
        if lease.last_report is not None and lease.last_report >= crossed_on:
            continue
        due.append(
            CafReportDue(
                lease=lease,
                household_debt=lease.household_debt,
                threshold=rules.caf_threshold(lease),
                crossed_on=crossed_on,
                deadline=rules.caf_report_deadline(crossed_on),
            )
        )
    return sorted(due, key=lambda row: (row.deadline, row.lease.pk))


__all__ = [
    "ageing",
    "arrears_at",
    "balance",
    "benefit_pending",
    "bucket_expression",
    "caf_reports_due",
    "debt_at_exit",
    "dwelling_account",
    "household_balances",
    "lease_figures",
    "paid_months",
    "statement",
    "vacancy_cost",
]
