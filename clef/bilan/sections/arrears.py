"""Arrears at 31/12 (issue 10): impayes.* — the households housed at D (today while the year runs:
`perimeter.arrears_day`, so that a call booked for a month to come never counts) and in arrears, by age of
the arrears and by management mode: from the rent accounts kept in Clef (`rental.queries.arrears_at`, the ledger's one
definition), plus the arrears declared at D in the exchange format for the stays without a rent account
(`rental.declared_queries.declared_arrears_at`; a stay with a lease counts by its ledger only)."""

from __future__ import annotations

from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter, arrears_day
from clef.rental.declared_queries import declared_arrears_at
from clef.rental.enums import AgeingBucket, LedgerMode
from clef.rental.queries import ArrearsTable, arrears_at


def _add(table: ArrearsTable, other: ArrearsTable) -> ArrearsTable:
    """`table` with the cells of `other` added (both per mode × age)."""
    for mode, buckets in other.cells.items():
        for bucket, cell in buckets.items():
            table.cells[mode][bucket].add(cell.households, cell.amount)
    for bucket, cell in other.by_bucket.items():
        table.by_bucket[bucket].add(cell.households, cell.amount)
    for mode, cell in other.by_mode.items():
        table.by_mode[mode].add(cell.households, cell.amount)
    table.total.add(other.total.households, other.total.amount)
    return table


def add_arrears(figures: Figures, perimeter: Perimeter, year: int) -> None:
    end = arrears_day(year)
    operator_ids = perimeter.organisations().values_list("pk", flat=True)
    table = _add(arrears_at(operator_ids, end), declared_arrears_at(operator_ids, end))
    n = table.total.households
    figures.count("impayes.menages", n)
    figures.counted("impayes.montant_euros", float(table.total.amount), n)
    for bucket in AgeingBucket.values:
        figures.share(f"impayes.anciennete.{bucket}_pct", table.by_bucket[bucket].households, n)
    for mode in LedgerMode.values:
        cell = table.by_mode[mode]
        figures.count(f"impayes.par_mode.{mode}.menages", cell.households)
        figures.counted(f"impayes.par_mode.{mode}.montant_euros", float(cell.amount), cell.households)
