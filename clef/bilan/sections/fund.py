"""The regional security fund (issue 10): fonds.* — contributions, claims and balance of the fund(s) of the
perimeter's region (`guarantees.queries.fund_bilan`)."""

from __future__ import annotations

from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter
from clef.guarantees.enums import ContributorKind
from clef.guarantees.queries import fund_bilan
from clef.territories.models import Department

FUND_KEYS = (
    "fonds.fonds",
    "fonds.contributions_euros",
    *(f"fonds.contributions.{kind}_euros" for kind in ContributorKind.values),
    "fonds.demandes_deposees",
    "fonds.montant_demande_euros",
    "fonds.demandes_acceptees",
    "fonds.montant_accorde_euros",
    "fonds.demandes_refusees",
    "fonds.versements",
    "fonds.montant_verse_euros",
    "fonds.solde_31_12_euros",
)


def _euros(value) -> float:
    return float(value)


def _region(perimeter: Perimeter) -> str | None:
    """The region whose fund a perimeter reads: its own, or its department's; none for a structure or
    the whole database."""
    if perimeter.kind == "region":
        return perimeter.code
    if perimeter.kind == "departement":
        return Department.objects.filter(pk=perimeter.code).values_list("region_id", flat=True).first()
    return None


def add_fund(figures: Figures, perimeter: Perimeter, year: int) -> None:
    """Figures of a region (never rebuilt from operators' parts: `other`, combined as null)."""
    region = _region(perimeter)
    if region is None:
        for key in FUND_KEYS:
            figures.other(key, None, 0)
        return
    fund = fund_bilan(region, year)
    values = {
        "fonds.fonds": fund.funds,
        "fonds.contributions_euros": _euros(fund.contributions),
        **{f"fonds.contributions.{k}_euros": _euros(v) for k, v in fund.contributions_by_kind.items()},
        "fonds.demandes_deposees": fund.claims_declared,
        "fonds.montant_demande_euros": _euros(fund.amount_claimed),
        "fonds.demandes_acceptees": fund.claims_accepted,
        "fonds.montant_accorde_euros": _euros(fund.amount_granted),
        "fonds.demandes_refusees": fund.claims_refused,
        "fonds.versements": fund.payouts,
        "fonds.montant_verse_euros": _euros(fund.amount_paid),
        "fonds.solde_31_12_euros": _euros(fund.balance),
    }
    for key in FUND_KEYS:
        figures.other(key, values[key], 0)
