"""Reads of the arrears declared at 31/12 (`rental.declared.DeclaredArrears`): aggregate SQL, the same table
as the ledger's (`rental.queries.ArrearsTable`, per management mode × arrears' age) so that the bilan adds
both."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When

from clef.dwellings.enums import ManagementMode
from clef.rental import rules
from clef.rental.declared import DeclaredArrears
from clef.rental.enums import LedgerMode
from clef.rental.queries import ArrearsTable, bucket_expression


def ledger_mode_of_dwelling() -> Case:
    """The ledger's mode of a declared row, from its dwelling's management mode: the mapping of
    `rental.rules.ledger_mode` (a mandate is managed as a mandate; a main lease, with or without
    glissement, is sublet)."""
    return Case(
        When(
            stay__dwelling__management_mode=ManagementMode.MANDAT_GESTION,
            then=Value(LedgerMode.MANDAT_GESTION),
        ),
        default=Value(LedgerMode.SOUS_LOCATION),
    )


def declared_rows(operator_ids, day: date) -> QuerySet[DeclaredArrears]:
    """The rows declared at `day` for the operators' stays housed that day (a household is present on its exit
    day, as for the ledger's `arrears_at`) that have no rent account in Clef: a stay with a lease counts by its
    ledger only."""
    return DeclaredArrears.objects.filter(
        organisation_id__in=operator_ids,
        day=day,
        stay__organisation_id=F("organisation_id"),
        stay__entry_date__lte=day,
        stay__lease__isnull=True,
    ).filter(Q(stay__exit_date__isnull=True) | Q(stay__exit_date__gte=day))


def declared_arrears_at(operator_ids, day: date) -> ArrearsTable:
    """The declared arrears at `day`, per ledger mode × age (one query); the age by the ledger's one rule
    (`rental.rules.ageing_bucket`, in SQL: `rental.queries.bucket_expression`) on the declared debt and net monthly due."""
    rows = (
        declared_rows(operator_ids, day)
        .annotate(household_debt=F("amount"), net_due=F("net_monthly_due"))
        .annotate(mode=ledger_mode_of_dwelling(), bucket=bucket_expression())
        .order_by()
        .values("mode", "bucket")
        .annotate(households=Count("pk"), amount=Sum("amount"))
    )
    table = ArrearsTable.empty(day)
    for row in rows:
        amount = rules.cents(row["amount"])
        table.cells[row["mode"]][row["bucket"]].add(row["households"], amount)
        table.by_bucket[row["bucket"]].add(row["households"], amount)
        table.by_mode[row["mode"]].add(row["households"], amount)
        table.total.add(row["households"], amount)
    return table
