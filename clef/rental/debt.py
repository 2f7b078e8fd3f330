"""The household's own debt, written once in SQL, and THE rule « the day it crossed a threshold ».

On a day d, from the household account's entries booked until d:
    balance   B = Σ amounts
    expected  E = Σ benefit_expected of the entries not reversed by d (the part of the calls the CAF/MSA pays
                  to the manager, tiers payant)
    received  R = Σ housing benefit received (negative: credits), entries not reversed by d
    pending   P = max(0, E + R)          the benefit still expected: a late CAF/MSA is not the household's debt
    debt      D = max(0, B − P)          the household's own debt
Every amount is rounded to the cent in SQL (SQLite sums decimals in floating point).

A suspended benefit: from the day of its suspension nothing is pending (P = 0: the household's share becomes the
whole rent, domain_rules § 4), the benefit called before included, until the suspension is lifted. On a given
day, P is at most the benefit expected on the calls of the last `benefit_pending_max_months` months (⚠ a
setting): a benefit still unpaid beyond that counts as the household's debt (`pending_after_limits`).

`lease_figures` (clef.rental.queries) annotates leases on one day; `debt_annotations` gives the same figures for
any outer row and day (the instalments of a repayment plan on their check day: clef.recovery); `crossed_on` dates
the last crossing of a threshold by the debt (CAF/MSA reports, Visale claims)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Greatest, Least, Round

from clef.rental.enums import Account, BenefitStatus, EntryKind
from clef.rental.models import LedgerEntry
from clef.rental.rules import cents
from clef.utils.bounds import MAX_DATE
from clef.utils.dates import add_months

MONEY = DecimalField(max_digits=12, decimal_places=2)
ZERO = Decimal("0.00")
# Amounts are in cents: a comparison made in SQL (floating point on SQLite) keeps half a cent of tolerance.
HALF_CENT = Decimal("0.005")


def money(value) -> Value:
    return Value(value, output_field=MONEY)


def cents_sql(expression) -> Round:
    """An amount rounded to the cent in SQL: SQLite sums decimals in floating point (0,10 + 0,20 − 0,30 is
    not zero there), so every sum and every difference of sums is rounded before it is compared or shown."""
    return Round(expression, 2, output_field=MONEY)


def entries_sum(condition: Q, column: str = "amount", lease_ref: str = "pk") -> Round:
    """Σ `column` of the ledger entries of the outer row's lease (`lease_ref`) matching `condition`."""
    entries = (
        LedgerEntry.objects.filter(condition, lease=OuterRef(lease_ref))
        .order_by()
        .values("lease")
        .annotate(total=Sum(column))
        .values("total")
    )
    return cents_sql(Coalesce(Subquery(entries, output_field=MONEY), money(ZERO), output_field=MONEY))


def not_reversed(on) -> Q:
    """Entries not counter-passed by `on` (a date or an OuterRef to one)."""
    return Q(reversed_by__isnull=True) | Q(reversed_by__booked_on__gt=on)


def pending_expression(expected, received) -> Greatest:
    """P = max(0, E + R)."""
    return Greatest(
        cents_sql(ExpressionWrapper(expected + received, output_field=MONEY)), money(ZERO), output_field=MONEY
    )


def debt_expression(balance, pending) -> Greatest:
    """D = max(0, B − P)."""
    return Greatest(
        cents_sql(ExpressionWrapper(balance - pending, output_field=MONEY)), money(ZERO), output_field=MONEY
    )


def _lease_field(lease_ref: str, name: str) -> str:
    """The outer row's lease field `name` (`lease_ref` "pk": the row is the lease; "plan__lease_id": a path)."""
    return name if lease_ref == "pk" else f"{lease_ref.removesuffix('_id')}__{name}"


def suspended(on, lease_ref: str = "pk") -> Q:
    """The lease's benefit suspended on `on` (« suspendue » since that day or before, or with no date): from the
    suspension the benefit still expected is no longer pending — the household's share becomes the whole rent
    (domain_rules § 4), so what the CAF/MSA did not pay is the household's debt (H2)."""
    status, since = _lease_field(lease_ref, "benefit_status"), _lease_field(lease_ref, "benefit_status_since")
    return Q(**{status: BenefitStatus.SUSPENDUE}) & (
        Q(**{f"{since}__isnull": True}) | Q(**{f"{since}__lte": on})
    )


def pending_after_limits(on, lease_ref: str = "pk") -> Case:
    """P, limited: 0 once the benefit is suspended; on a given day, never more than the benefit expected on the
    calls of the last `benefit_pending_max_months` months (⚠ a setting: an older benefit still unpaid counts
    as the household's debt; received benefit pays the oldest calls first)."""
    pending = pending_expression(F("benefit_expected"), F("benefit_received"))
    if isinstance(on, date) and on < MAX_DATE:
        pending = Least(pending, F("benefit_expected_recent"), output_field=MONEY)
    outer_on = F(on.name) if isinstance(on, OuterRef) else on  # read on the outer row itself, not a subquery
    return Case(When(suspended(outer_on, lease_ref), then=money(ZERO)), default=pending, output_field=MONEY)


def debt_annotations(on, lease_ref: str = "pk", calls_on=None) -> list[dict]:
    """The annotations, in order (each may use the previous ones), giving `balance`, `benefit_expected`,
    `benefit_received`, `benefit_pending` and `household_debt` of the outer row's lease on `on` (a date or an
    OuterRef to one, entries booked that day included). `calls_on` (a date or an OuterRef): the rent calls
    booked after it are left out (not yet due on `on`: a repayment plan's check day, clef.recovery)."""
    household = Q(account=Account.MENAGE, booked_on__lte=on)
    if calls_on is not None:
        household &= ~Q(kind__in=[EntryKind.APPEL_LOYER, EntryKind.APPEL_CHARGES], booked_on__gt=calls_on)
    figures = {
        "balance": entries_sum(household, lease_ref=lease_ref),
        "benefit_expected": entries_sum(household & not_reversed(on), "benefit_expected", lease_ref),
        "benefit_received": entries_sum(  # negative: credits
            household & Q(kind=EntryKind.AIDE_LOGEMENT) & not_reversed(on), lease_ref=lease_ref
        ),
    }
    if isinstance(on, date) and on < MAX_DATE:  # a day (not « every entry »): the age cap applies
        recent_from = add_months(on, -settings.CLEF_RENTAL["benefit_pending_max_months"])
        figures["benefit_expected_recent"] = entries_sum(
            household & not_reversed(on) & Q(booked_on__gt=recent_from), "benefit_expected", lease_ref
        )
    return [
        figures,
        {"benefit_pending": pending_after_limits(on, lease_ref)},
        {"household_debt": debt_expression(F("balance"), F("benefit_pending"))},
    ]


def _running(expression) -> Window:
    """Σ over the lease's entries booked until the row's day, that day's other entries included."""
    return Window(Sum(expression), partition_by=[F("lease_id")], order_by=[F("booked_on")])


def _running_debt():
    """The household's debt at the end of each entry's day (the formula of the module's docstring): an entry
    counts from its day, and its counter-entry takes it back from the counter-entry's day."""
    counter = Q(kind=EntryKind.CONTRE_PASSATION)
    expected = Case(
        When(counter, then=-F("reverses__benefit_expected")),
        default=F("benefit_expected"),
        output_field=MONEY,
    )
    received = Case(
        When(
            Q(kind=EntryKind.AIDE_LOGEMENT) | (counter & Q(reverses__kind=EntryKind.AIDE_LOGEMENT)),
            then="amount",
        ),
        default=money(ZERO),
        output_field=MONEY,
    )
    balance = cents_sql(_running(F("amount")))
    return debt_expression(
        balance, pending_expression(cents_sql(_running(expected)), cents_sql(_running(received)))
    )


def crossed_on(thresholds: dict[int, Decimal], on: date, *, strict: bool) -> dict[int, date]:
    """THE rule: per lease (pk → threshold), the last day on or before `on` the household's own debt went
    from under the threshold to at least it (`strict`: from at most it to above it). A lease whose debt never
    crossed it is absent. One query: the running debt of every lease, read in order."""
    if not thresholds:
        return {}
    rows = (
        LedgerEntry.objects.filter(lease_id__in=list(thresholds), account=Account.MENAGE, booked_on__lte=on)
        .annotate(debt=_running_debt())
        .order_by("lease_id", "booked_on", "pk")
        .values_list("lease_id", "booked_on", "debt")
    )
    crossed: dict[int, date] = {}
    before: dict[int, Decimal] = {}
    for lease_id, day, debt in rows:
        threshold, previous = thresholds[lease_id], before.get(lease_id, ZERO)
        debt = cents(debt)
        over = debt > threshold if strict else debt >= threshold
        was_over = previous > threshold if strict else previous >= threshold
        if over and not was_over:
            crossed[lease_id] = day
        before[lease_id] = debt
    return crossed
