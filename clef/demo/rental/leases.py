"""The demo's leases (one per stay present today or ended lately, in the two demo operators), their rent
differentials and their deposits. Values follow the register and the contract with the owner: the mode by
`rental.rules.ledger_mode`, the owner's rent and charges for a mandate, the same rent per m² or less for a
sublet (loi 1989 art. 8, `rental.rules.check_sublet_rent`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from clef.demo.rental.context import RentalContext
from clef.demo.rental.profiles import Profile
from clef.rental import rules
from clef.rental.enums import (
    Account,
    BenefitKind,
    BenefitPayer,
    BenefitStatus,
    EntryKind,
    EntrySource,
    LedgerMode,
)
from clef.rental.models import Lease, LedgerEntry, RentDifferential
from clef.utils.dates import add_months

SUBLET_RENT_SHARE = Decimal("0.95")  # the household's rent in a sublet: 95 % of the owner's (per m² ≤)
DIFFERENTIAL_REASONS = [
    "Fin de contrat de travail : baisse temporaire des ressources (point avec le travailleur social).",
    "Hospitalisation du conjoint : reprise progressive de l'activité, différentiel décidé en réunion IML.",
]


def _mode(profile: Profile) -> str:
    contract = profile.stay.contract
    if contract is not None:
        return rules.ledger_mode(contract)
    mandate = profile.stay.management_mode == "mandat_gestion"
    return LedgerMode.MANDAT_GESTION if mandate else LedgerMode.SOUS_LOCATION


def _reference_irl(start: date) -> tuple[int, int]:
    """The IRL quarter known when the lease was signed: the quarter before the start's."""
    quarter = (start.month - 1) // 3 + 1
    return (start.year, quarter - 1) if quarter > 1 else (start.year - 1, 4)


def build_lease(ctx: RentalContext, profile: Profile) -> Lease:
    stay, contract = profile.stay, profile.stay.contract
    mode = _mode(profile)
    owner_rent = contract.rent if contract is not None and contract.rent else stay.rent_hc
    charges = contract.charges if contract is not None and contract.charges is not None else stay.charges
    rent = owner_rent if mode == LedgerMode.MANDAT_GESTION else rules.cents(owner_rent * SUBLET_RENT_SHARE)
    rng = ctx.rng("lease", stay.pk)
    benefit = rules.cents((rent + charges) * profile.benefit_share)
    irl_year, irl_quarter = _reference_irl(stay.entry_date)
    return Lease(
        organisation_id=stay.organisation_id,
        stay_id=stay.pk,
        contract=contract,
        mode=mode,
        starts_on=stay.entry_date,
        ends_on=stay.exit_date,
        rent=rent,
        charges=charges,
        due_day=profile.due_day,
        benefit_kind=(BenefitKind.APL if rng.random() < 0.8 else BenefitKind.ALS) if benefit else "",
        benefit_payer=(BenefitPayer.MSA if rng.random() < 0.1 else BenefitPayer.CAF) if benefit else "",
        benefit_tiers_payant=profile.tiers_payant and bool(benefit),
        benefit_amount=benefit,
        benefit_status=BenefitStatus.VERSEE,
        deposit_amount=rent if mode == LedgerMode.SOUS_LOCATION or rng.random() < 0.8 else Decimal(0),
        irl_year=irl_year,
        irl_quarter=irl_quarter,
        created_by=ctx.teams[stay.organisation_id].manager,
    )


def differentials(
    ctx: RentalContext, leases: dict[int, Lease], profiles: list[Profile]
) -> list[RentDifferential]:
    """Two temporary reductions of the household's share, started four months ago, for six months."""
    this_month = ctx.today.replace(day=1)
    rows = []
    for n, profile in enumerate(p for p in profiles if p.kind == "differentiel"):
        lease = leases[profile.stay.pk]
        rows.append(
            RentDifferential(
                organisation_id=lease.organisation_id,
                lease=lease,
                reason=DIFFERENTIAL_REASONS[n % len(DIFFERENTIAL_REASONS)],
                starts_on=add_months(this_month, -4 + n),
                ends_on=add_months(this_month, 1 + n),
                monthly_amount=rules.cents(lease.rent * Decimal("0.25")),
                decided_by=ctx.teams[lease.organisation_id].director,
            )
        )
    return rows


def deposits(ctx: RentalContext, leases: list[Lease]) -> list[LedgerEntry]:
    """The deposit asked and paid at the entry (or carried over when the ledger opened)."""
    rows = []
    for lease in leases:
        if not lease.deposit_amount:
            continue
        day = max(lease.starts_on, ctx.first_month)
        carried = " (repris à l'ouverture du compte)" if lease.starts_on < ctx.first_month else ""
        for kind, sign, label in (
            (EntryKind.DEPOT_APPEL, 1, "Dépôt de garantie demandé"),
            (EntryKind.DEPOT_PAIEMENT, -1, "Dépôt de garantie versé"),
        ):
            rows.append(
                LedgerEntry(
                    organisation_id=lease.organisation_id,
                    lease=lease,
                    account=Account.DEPOT,
                    kind=kind,
                    booked_on=day,
                    amount=sign * lease.deposit_amount,
                    label=label + carried,
                    source=EntrySource.DEPOT,
                    source_key=f"demo:{kind}:{lease.pk}",
                    created_by=lease.created_by,
                )
            )
    return rows
