"""Reads of conventions and contracts: what ends soon, what is missing. Each function runs a fixed number
of queries whatever the number of rows (the pages and the agenda assert it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, Least

from clef.contracts.enums import ConventionStatus
from clef.contracts.models import AnahConvention, Contract
from clef.dwellings.models import Dwelling
from clef.organisations.practice import practice_for


@dataclass(frozen=True)
class Ending:
    """Conventions and contracts ending (or to renew) on or before `until` — the alert window of the
    operator's practice settings — including those already past."""

    until: date
    contracts: QuerySet[Contract]
    conventions: QuerySet[AnahConvention]

    def by_date(self) -> list[Contract | AnahConvention]:
        """Contracts and conventions in ONE list by due date (two queries, merged in order)."""
        rows = [*self.contracts, *self.conventions]
        return sorted(rows, key=lambda row: (row.due_on, isinstance(row, AnahConvention), row.pk))


def alert_until(organisation_id: int, on: date) -> date:
    return on + timedelta(days=practice_for(organisation_id).contract_alert_days)


def contracts_ending(organisation_id: int, until: date) -> QuerySet[Contract]:
    """Contracts in force whose planned end or next renewal falls on or before `until` (`due_on`: the
    sooner of the two; LEAST of a NULL is NULL on SQLite, hence the COALESCEs)."""
    return (
        Contract.objects.for_organisation(organisation_id)
        .in_force()
        .filter(Q(ends_on__lte=until) | Q(renewal_on__lte=until))
        .annotate(due_on=Least(Coalesce("ends_on", "renewal_on"), Coalesce("renewal_on", "ends_on")))
        .select_related("dwelling__commune")
        .order_by("due_on", "pk")
    )


def conventions_ending(organisation_id: int, until: date) -> QuerySet[AnahConvention]:
    """Signed conventions whose end falls on or before `until`."""
    return (
        AnahConvention.objects.for_organisation(organisation_id)
        .filter(status=ConventionStatus.SIGNEE, ends_on__lte=until)
        .annotate(due_on=F("ends_on"))
        .select_related("dwelling__commune")
        .order_by("ends_on", "pk")
    )


def ending(organisation_id: int, on: date) -> Ending:
    until = alert_until(organisation_id, on)
    return Ending(
        until=until,
        contracts=contracts_ending(organisation_id, until),
        conventions=conventions_ending(organisation_id, until),
    )


def dwellings_without_contract(organisation_id: int, on: date) -> QuerySet[Dwelling]:
    """Dwellings of the operator's park on `on` with no contract in force."""
    in_force = Contract.objects.filter(dwelling=OuterRef("pk"), ended_on__isnull=True)
    return (
        Dwelling.objects.filter(organisation_id=organisation_id)
        .in_park_on(on)
        .exclude(Exists(in_force))
        .select_related("commune")
        .order_by("commune__name", "address", "pk")
    )


def contracts_in_force(organisation_id: int) -> QuerySet[Contract]:
    return (
        Contract.objects.for_organisation(organisation_id)
        .in_force()
        .select_related("dwelling__commune")
        .order_by("dwelling__commune__name", "dwelling__address", "pk")
    )
