"""Arrears at 31/12 (issue 10): impayes.* — the households housed at D and in arrears, by age of the arrears
and by management mode (`rental.queries.arrears_at`, the rent accounts' one definition)."""

from __future__ import annotations

from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter, year_bounds
from clef.rental.enums import AgeingBucket, LedgerMode
from clef.rental.queries import arrears_at


def add_arrears(figures: Figures, perimeter: Perimeter, year: int) -> None:
    _, end = year_bounds(year)
    table = arrears_at(perimeter.organisations().values_list("pk", flat=True), end)
    n = table.total.households
    figures.count("impayes.menages", n)
    figures.counted("impayes.montant_euros", float(table.total.amount), n)
    for bucket in AgeingBucket.values:
        figures.share(f"impayes.anciennete.{bucket}_pct", table.by_bucket[bucket].households, n)
    for mode in LedgerMode.values:
        cell = table.by_mode[mode]
        figures.count(f"impayes.par_mode.{mode}.menages", cell.households)
        figures.counted(f"impayes.par_mode.{mode}.montant_euros", float(cell.amount), cell.households)
