"""The household's own debt, written once in SQL, and THE rule « the day it crossed a threshold ».

On a day d, from the household account's entries booked until d:
    balance   B = Σ amounts
    expected  E = Σ benefit_expected of the entries not reversed by d (the part of the calls the CAF/MSA pays
                  to the manager, tiers payant)
    received  R = Σ housing benefit received (negative: credits), entries not reversed by d
    pending   P = max(0, E + R)          the benefit still expected: a late CAF/MSA is not the household's debt
    debt      D = max(0, B − P)          the household's own debt
Every amount is rounded to the cent in SQL (SQLite sums decimals in floating point).

A suspended benefit: the monthly calls carry no benefit expected while the benefit is suspended
(`rules.benefit_paid_to_manager`), so the months called during a suspension are the household's own debt; the
benefit called before the suspension stays expected (the CAF/MSA pays it back when the suspension is lifted) until
it is received or its call is counter-passed.

`lease_figures` (clef.rental.queries) annotates leases on one day; `debt_annotations` gives the same figures for
any outer row and day (the instalments of a repayment plan on their check day: clef.recovery); `crossed_on` dates
the last crossing of a threshold by the debt (CAF/MSA reports, Visale claims)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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
from django.db.models.functions import Coalesce, Greatest, Round

from clef.rental.enums import Account, EntryKind
from clef.rental.models import LedgerEntry
from clef.rental.rules import cents

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


def debt_annotations(on, lease_ref: str = "pk") -> list[dict]:
    """The annotations, in order (each may use the previous ones), giving `balance`, `benefit_expected`,
    `benefit_received`, `benefit_pending` and `household_debt` of the outer row's lease on `on` (a date or an
    OuterRef to one, entries booked that day included)."""
    household = Q(account=Account.MENAGE, booked_on__lte=on)
    return [
        {
            "balance": entries_sum(household, lease_ref=lease_ref),
            "benefit_expected": entries_sum(household & not_reversed(on), "benefit_expected", lease_ref),
            "benefit_received": entries_sum(  # negative: credits
                household & Q(kind=EntryKind.AIDE_LOGEMENT) & not_reversed(on), lease_ref=lease_ref
            ),
        },
        {"benefit_pending": pending_expression(F("benefit_expected"), F("benefit_received"))},
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
