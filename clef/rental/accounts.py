"""Statements of an account over a period: the household's (« relevé de compte ») and the owner's side of a
dwelling (sous-location: the rent owed to the owner, even when vacant, and what was paid over; mandate:
the rent collected, the fees and what was paid over), and the vacancy cost of sublet dwellings. Two or
three queries each, whatever the number of entries."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import (
    BooleanField,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least

from clef.contracts.enums import ContractKind
from clef.contracts.models import Contract
from clef.rental import rules
from clef.rental.enums import Account, EntryKind
from clef.rental.models import LedgerEntry
from clef.stays.models import Stay
from clef.utils.sql import DayNumber

MONEY = DecimalField(max_digits=12, decimal_places=2)
ZERO = Decimal("0.00")


@dataclass
class StatementLine:
    entry: LedgerEntry
    running: Decimal

    @property
    def debit(self) -> Decimal | None:
        return self.entry.amount if self.entry.amount > 0 else None

    @property
    def credit(self) -> Decimal | None:
        return -self.entry.amount if self.entry.amount < 0 else None


@dataclass
class Statement:
    start: date
    end: date
    opening: Decimal
    lines: list[StatementLine] = field(default_factory=list)
    debits: Decimal = ZERO
    credits: Decimal = ZERO

    @property
    def closing(self) -> Decimal:
        return self.opening + self.debits + self.credits


def _statement(entries, start: date, end: date) -> Statement:
    opening = entries.filter(booked_on__lt=start).aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO), output_field=MONEY)
    )
    statement = Statement(start=start, end=end, opening=rules.cents(opening["total"]))
    running = statement.opening
    for entry in (
        entries.filter(booked_on__gte=start, booked_on__lte=end)
        .select_related("reverses")
        .order_by("booked_on", "pk")
    ):
        running += entry.amount
        statement.lines.append(StatementLine(entry, running))
        if entry.amount > 0:
            statement.debits += entry.amount
        else:
            statement.credits += entry.amount
    return statement


def statement(lease, start: date, end: date) -> Statement:
    """The household's account from `start` to `end` (included): opening balance, entries with the running
    balance, closing balance."""
    return _statement(LedgerEntry.objects.filter(lease=lease, account=Account.MENAGE), start, end)


@dataclass
class DwellingAccount:
    dwelling: object
    year: int
    statement: Statement
    totals: dict[str, Decimal]  # per entry kind, the year's sum


def dwelling_account(dwelling, year: int) -> DwellingAccount:
    """The owner's side of a dwelling's contracts over a year (both modes): what the operator owes the owner
    (positive) and what it paid over."""
    entries = LedgerEntry.objects.filter(contract__dwelling=dwelling, account=Account.PROPRIETAIRE)
    start, end = date(year, 1, 1), date(year, 12, 31)
    totals = dict(
        entries.filter(booked_on__gte=start, booked_on__lte=end)
        .order_by()
        .values("kind")
        .annotate(total=Sum("amount"))
        .values_list("kind", "total")
    )
    return DwellingAccount(
        dwelling=dwelling,
        year=year,
        statement=_statement(entries, start, end),
        totals={kind: rules.cents(total) for kind, total in totals.items()},
    )


@dataclass(frozen=True)
class VacancyRow:
    contract: Contract
    days_in_force: int
    occupied_days: int
    owner_rent: Decimal  # per month, rent and charges
    cost: Decimal

    @property
    def vacant_days(self) -> int:
        return max(self.days_in_force - self.occupied_days, 0)


def vacancy_cost(organisation_id: int, year: int) -> list[VacancyRow]:
    """Sous-location: for each main lease in force during the year, the days no household held the dwelling
    and their cost (the owner's monthly rent and charges × 12 / days of the year × vacant days). One query."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    days_in_year = 366 if calendar.isleap(year) else 365
    contract_end = Least(Coalesce("ended_on", Value(end)), Value(end))
    contract_start = Greatest("starts_on", Value(start))
    stays = (
        Stay.objects.filter(dwelling_id=OuterRef("dwelling_id"), entry_date__lte=OuterRef("clipped_end"))
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gt=OuterRef("clipped_start")))
        .annotate(
            days=DayNumber(Least(Coalesce("exit_date", Value(end)), OuterRef("clipped_end")))
            - DayNumber(Greatest("entry_date", OuterRef("clipped_start")))
            + Value(1.0)
        )
        .order_by()
        .values("dwelling_id")
        .annotate(total=Sum("days"))
        .values("total")
    )
    contracts = (
        Contract.objects.filter(
            organisation_id=organisation_id, kind=ContractKind.BAIL_PRINCIPAL, starts_on__lte=end
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .annotate(clipped_start=contract_start, clipped_end=contract_end)
        .annotate(
            in_force=DayNumber(F("clipped_end")) - DayNumber(F("clipped_start")) + Value(1.0),
            occupied=Coalesce(Subquery(stays), Value(0.0)),
        )
        .select_related("dwelling")
        .order_by("dwelling__pk", "pk")
    )
    rows = []
    for contract in contracts:
        monthly = rules.cents(contract.rent + contract.charges)
        in_force, occupied = round(contract.in_force), min(round(contract.occupied), round(contract.in_force))
        vacant = max(in_force - occupied, 0)
        cost = rules.cents(monthly * 12 * vacant / days_in_year)
        rows.append(VacancyRow(contract, in_force, occupied, monthly, cost))
    return rows


OWNER_KINDS = (
    EntryKind.LOYER_PROPRIETAIRE,
    EntryKind.ENCAISSEMENT,
    EntryKind.HONORAIRES,
    EntryKind.REVERSEMENT,
)


def ledger_lines(lease, *, owner_side: bool) -> dict[str, list[StatementLine]]:
    """Every entry of a lease per account with each account's running balance (one query). The owner's
    account only when `owner_side` (never shown to social workers)."""
    entries = LedgerEntry.objects.filter(lease=lease).select_related("reverses")
    if not owner_side:
        entries = entries.exclude(account=Account.PROPRIETAIRE)
    lines: dict[str, list[StatementLine]] = {account: [] for account in Account.values}
    running: dict[str, Decimal] = dict.fromkeys(Account.values, ZERO)
    rows = entries.annotate(
        is_reversed=ExpressionWrapper(Q(reversed_by__isnull=False), output_field=BooleanField())
    ).order_by("booked_on", "pk")
    for entry in rows:
        running[entry.account] += entry.amount
        lines[entry.account].append(StatementLine(entry, running[entry.account]))
    return lines
