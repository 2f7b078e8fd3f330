"""The demo's rent ledgers: the monthly calls through `rental.services.generate_calls` (month by month,
the benefit statuses set as they were that month), then the household's payments and the CAF/MSA's,
shaped by each lease's profile (`profiles.py`), and the operator's payovers to the owners.

Payments of a sublet are bulk inserted with the values `record_payment` would write (source « demo »,
one idempotency key each); a mandate's go through `record_payment`, which posts the owner's side (rent
collected, management fees) by the rental rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum

from clef.demo.rental import yearly
from clef.demo.rental.context import RentalContext
from clef.demo.rental.profiles import ARREARS, Profile
from clef.recovery import rules as recovery_rules
from clef.rental import calls, queries, rules, services
from clef.rental.enums import KIND_ACCOUNT, Account, BenefitStatus, EntryKind, EntrySource, LedgerMode
from clef.rental.models import Lease, LedgerEntry
from clef.utils.dates import add_months

BENEFIT_PAID_DAY = 5  # the CAF/MSA pays a month's benefit on the 5th of the next month
SUSPENDED_MONTHS = 3
LATE_BENEFIT_MONTHS = 2
PLAN_KEPT = {"debt_months": (-9, -8, -7), "first": -4, "count": 9}
PLAN_BROKEN = {"debt_months": (-8, -7), "first": -5, "count": 6, "paid": 2}
PLAN_PART = Decimal("300")


@dataclass(eq=False)
class PlanTerms:
    """What the recovery seeding needs to open the repayment plan the ledger was shaped for."""

    lease: Lease
    debt: Decimal
    count: int
    first_due_on: date
    agreed_on: date
    broken: bool


@dataclass(eq=False)
class LedgerResult:
    rows: list[LedgerEntry] = field(default_factory=list)
    plans: list[PlanTerms] = field(default_factory=list)


def run_calls(ctx: RentalContext, leases: dict[int, Lease], profiles: list[Profile]) -> tuple[int, int]:
    """Every month's calls of both operators, the benefit statuses set as they were that month and the rent
    revisions decided before each month's calls (`yearly.decide_revisions`). Past months: the calls
    `rental.calls.planned_calls` plans, bulk inserted; the current month: the service itself (idempotent by
    its keys), as the rental manager's button does. Returns the calls written and the revisions decided."""
    this_month = ctx.today.replace(day=1)
    suspend_from = add_months(this_month, -SUSPENDED_MONTHS)
    suspended = [leases[p.stay.pk].pk for p in profiles if p.kind == "caf_suspendue"]
    for lease in (leases[p.stay.pk] for p in profiles if p.kind == "caf_attendue"):
        Lease.objects.filter(pk=lease.pk).update(
            benefit_status=BenefitStatus.ATTENDUE, benefit_status_since=lease.starts_on
        )
    created = decided = 0
    for month in ctx.months():
        if month == suspend_from:
            Lease.objects.filter(pk__in=suspended).update(
                benefit_status=BenefitStatus.SUSPENDUE, benefit_status_since=month + timedelta(days=9)
            )
        for org in ctx.operators.values():
            decided += yearly.decide_revisions(ctx, org, month)
            manager = ctx.teams[org.pk].manager
            if month == this_month:
                created += services.generate_calls(org, month, manager).created
                continue
            rows = [_call_row(org.pk, call, manager) for call in calls.planned_calls(org, month).calls]
            LedgerEntry.objects.bulk_create(rows, batch_size=2000)
            created += len(rows)
    for org in ctx.operators.values():
        decided += yearly.decide_revisions(ctx, org, yearly.left_to_propose_from(ctx))
    _refresh_rents(leases)
    return created, decided


def _refresh_rents(leases: dict[int, Lease]) -> None:
    """The revised rents and versions back on the leases the later parts read (one query)."""
    pks = [lease.pk for lease in leases.values()]
    stored = {
        pk: (rent, version)
        for pk, rent, version in Lease.objects.filter(pk__in=pks).values_list("pk", "rent", "version")
    }
    for lease in leases.values():
        lease.rent, lease.version = stored[lease.pk]


def _call_row(organisation_id: int, call: dict, manager) -> LedgerEntry:
    """The entry `posting.post_entry` writes for a planned call."""
    return LedgerEntry(
        organisation_id=organisation_id,
        lease=call.get("lease"),
        contract=call.get("contract"),
        account=KIND_ACCOUNT[call["kind"]][0],
        kind=call["kind"],
        period=call["period"],
        booked_on=call["on"],
        amount=call["amount"],
        benefit_expected=call.get("benefit_expected", Decimal(0)),
        label=call["label"],
        source=EntrySource.APPEL_MENSUEL,
        source_key=call["source_key"],
        created_by=manager,
    )


def _dues(leases: list[Lease]) -> dict[int, dict[date, tuple[Decimal, Decimal]]]:
    """Per lease and month: what the calls ask (rent, charges, minus a differential) and the part the
    CAF/MSA is expected to pay."""
    rows = (
        LedgerEntry.objects.filter(lease__in=leases, account=Account.MENAGE, source=EntrySource.APPEL_MENSUEL)
        .values("lease_id", "period")
        .annotate(due=Sum("amount"), expected=Sum("benefit_expected"))
        .order_by("lease_id", "period")
    )
    result: dict[int, dict[date, tuple[Decimal, Decimal]]] = {}
    for row in rows:
        # SQLite sums in floating point: back to the cent.
        result.setdefault(row["lease_id"], {})[row["period"]] = (
            rules.cents(row["due"]),
            rules.cents(row["expected"]),
        )
    return result


def _shortfall(months: list[date], net: dict[date, Decimal], debt: Decimal) -> dict[date, Decimal]:
    """Leave `debt` unpaid, the latest months first (the household stopped paying)."""
    adjust, remaining = {}, debt
    for month in reversed(months):
        if remaining <= 0:
            break
        take = min(net[month], remaining)
        if take > 0:
            adjust[month] = -take
            remaining -= take
    return adjust


def _plan_adjust(ctx, profile, lease, months, net) -> tuple[dict[date, Decimal], PlanTerms | None]:
    terms = PLAN_BROKEN if profile.kind == "plan_rompu" else PLAN_KEPT
    this_month = ctx.today.replace(day=1)
    adjust: dict[date, Decimal] = {}
    debt = Decimal(0)
    for offset in terms["debt_months"]:
        month = add_months(this_month, offset)
        take = min(net.get(month, Decimal(0)), PLAN_PART)
        if take > 0:
            adjust[month] = -take
            debt += take
    if not debt:
        return adjust, None
    amounts = recovery_rules.instalment_amounts(debt, terms["count"])
    first = add_months(this_month, terms["first"])
    paid = terms.get("paid", terms["count"])
    for k, amount in enumerate(amounts[:paid]):
        month = add_months(first, k)
        if month in net:
            adjust[month] = adjust.get(month, Decimal(0)) + amount
    plan = PlanTerms(
        lease=lease,
        debt=debt,
        count=terms["count"],
        first_due_on=first.replace(day=lease.due_day),
        agreed_on=add_months(first, -1).replace(day=20),
        broken=profile.kind == "plan_rompu",
    )
    return adjust, plan


def _adjustments(
    ctx, profile: Profile, lease: Lease, months, net
) -> tuple[dict[date, Decimal], PlanTerms | None]:
    monthly = lease.rent + lease.charges
    if profile.kind in ARREARS:
        return _shortfall(months, net, (ARREARS[profile.kind] * monthly).quantize(Decimal("0.01"))), None
    if profile.kind == "sorti" and profile.stay.loss_unpaid_rent and profile.stay.exit_debt:
        return _shortfall(months, net, profile.stay.exit_debt), None
    if profile.kind in ("plan_respecte", "plan_rompu"):
        return _plan_adjust(ctx, profile, lease, months, net)
    if profile.kind == "caf_suspendue":  # the household keeps paying its share only: the benefit is unpaid
        since = add_months(ctx.today.replace(day=1), -SUSPENDED_MONTHS)
        return {m: -min(lease.benefit_amount, net[m]) for m in months if m >= since}, None
    return {}, None


def _pay_day(month: date, lease: Lease, profile: Profile) -> date:
    """The household pays around the due day; a leaving household settles its last month by its exit."""
    day = month.replace(day=lease.due_day) + timedelta(days=profile.late_days)
    return min(day, lease.ends_on) if lease.ends_on else day


def _benefit_received(ctx: RentalContext, profile: Profile, month: date) -> date | None:
    """The day the CAF/MSA paid the month's benefit, None when it has not (yet)."""
    day = add_months(month, 1).replace(day=BENEFIT_PAID_DAY)
    late_since = add_months(ctx.today.replace(day=1), -LATE_BENEFIT_MONTHS)
    if (
        profile.stay.exit_date is not None
    ):  # the last benefits settled by the exit (its debt is the household's)
        day = min(day, profile.stay.exit_date)
    if day > ctx.today or profile.kind == "caf_attendue":
        return None
    if profile.kind == "caf_en_retard" and month >= late_since:
        return None
    return day


def payments(ctx: RentalContext, leases: dict[int, Lease], profiles: list[Profile]) -> LedgerResult:
    result = LedgerResult()
    dues = _dues(list(leases.values()))
    rows: list[LedgerEntry] = []
    for profile in profiles:
        lease = leases[profile.stay.pk]
        lease_dues = dues.get(lease.pk, {})
        months = sorted(lease_dues)
        net = {m: due - expected for m, (due, expected) in lease_dues.items()}
        adjust, plan = _adjustments(ctx, profile, lease, months, net)
        if plan is not None:
            result.plans.append(plan)
        for month in months:
            amount = net[month] + adjust.get(month, Decimal(0))
            day = _pay_day(month, lease, profile)
            if amount > 0 and day <= ctx.today:
                rows.append(_payment(lease, EntryKind.PAIEMENT, amount, day, month, "Virement du ménage"))
            expected = lease_dues[month][1]
            received = _benefit_received(ctx, profile, month) if expected > 0 else None
            if received is not None:
                label = f"{lease.get_benefit_payer_display()} — {lease.get_benefit_kind_display()}"
                rows.append(_payment(lease, EntryKind.AIDE_LOGEMENT, expected, received, month, label))
    result.rows = rows
    return result


def _payment(lease: Lease, kind: str, amount: Decimal, day: date, month: date, label: str) -> LedgerEntry:
    return LedgerEntry(
        organisation_id=lease.organisation_id,
        lease=lease,
        account=Account.MENAGE,
        kind=kind,
        period=month,
        booked_on=day,
        amount=-amount,
        label=label,
        source=EntrySource.DEMO,
        source_key=f"demo:{kind}:{lease.pk}:{month:%Y-%m}",
        created_by=lease.created_by,
    )


def write_payments(rows: list[LedgerEntry]) -> int:
    """Sublets: one bulk insert. Mandates: `record_payment` (it posts the owner's side)."""
    sublet = [row for row in rows if row.lease.mode != LedgerMode.MANDAT_GESTION]
    LedgerEntry.objects.bulk_create(sublet, batch_size=2000)
    mandate = [row for row in rows if row.lease.mode == LedgerMode.MANDAT_GESTION]
    for row in mandate:
        services.record_payment(
            row.lease,
            -row.amount,
            row.booked_on,
            kind=row.kind,
            label=row.label,
            source=EntrySource.DEMO,
            source_key=row.source_key,
            acting_user=row.created_by,
        )
    return len(rows)


def finish(ctx: RentalContext, leases: dict[int, Lease], profiles: list[Profile]) -> int:
    """After the payments: the late benefits' status, the CAF/MSA reports (all but the latest debt over the
    threshold: one report to make), and a payment entered twice then cancelled by a counter-entry."""
    this_month = ctx.today.replace(day=1)
    for profile in profiles:
        lease = leases[profile.stay.pk]
        if profile.kind == "caf_en_retard":
            since = add_months(this_month, -LATE_BENEFIT_MONTHS + 1).replace(day=BENEFIT_PAID_DAY + 1)
            services.set_benefit_status(
                lease, BenefitStatus.EN_RETARD, min(since, ctx.today), lease.created_by
            )
    over = [leases[p.stay.pk] for p in profiles if p.kind in ("3_mois_et_plus", "2_3_mois")]
    reported = 0
    for lease in over[:-1] if over else []:
        on = min(this_month.replace(day=3), ctx.today)
        services.record_caf_report(
            lease=lease,
            reported_on=on,
            debt=household_debt(lease, on),
            payer=lease.benefit_payer or "caf",
            reference=f"SIG-{on:%Y%m}-{lease.pk}",
            acting_user=lease.created_by,
        )
        reported += 1
    _twice_then_cancelled(ctx, [leases[p.stay.pk] for p in profiles if p.kind == "a_jour"])
    return reported


def household_debt(lease: Lease, on: date) -> Decimal:
    """The household's own debt on `on` (the ledger's figures: balance less the benefit still expected)."""
    figures = queries.lease_figures(Lease.objects.filter(pk=lease.pk), on)
    return rules.cents(figures.values_list("household_debt", flat=True).get())  # SQLite: to the cent


def _twice_then_cancelled(ctx: RentalContext, on_time: list[Lease]) -> None:
    lease = next((lease for lease in on_time if lease.mode == LedgerMode.SOUS_LOCATION), None)
    if lease is None:
        return
    day = min(ctx.today.replace(day=lease.due_day), ctx.today)
    entry = services.record_payment(
        lease, lease.rent, day, label="Virement du ménage", acting_user=lease.created_by
    )
    services.reverse_entry(entry, "Virement saisi deux fois (doublon du relevé).", lease.created_by, on=day)
