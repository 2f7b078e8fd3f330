"""Visale in the demo, through the guarantees services: a guarantee (« Visale », the tenant's) on every lease
of a management mandate, one « Visale IL » on a sublet (optional and dated: its abolition was on Action
Logement's agenda in October 2025), and claims on the mandates in arrears: the oldest debt declared and
indemnified, the next declared and accepted, the youngest over the threshold left to declare."""

from __future__ import annotations

import math
from datetime import date, timedelta

from clef.demo.rental.context import RentalContext
from clef.demo.rental.ledger import household_debt
from clef.demo.rental.profiles import Profile
from clef.guarantees import services
from clef.guarantees.enums import VisaleClaimKind, VisaleClaimStatus, VisaleVariant
from clef.guarantees.models import VisaleClaim, VisaleGuarantee
from clef.rental.enums import LedgerMode
from clef.rental.models import Lease

IL_COMMENT = (
    "Visale intermédiation locative : sa suppression a été examinée par Action Logement (octobre 2025) ; "
    "la garantie reste en vigueur jusqu'à son terme."
)
CLAIMED = {"3_mois_et_plus": VisaleClaimStatus.INDEMNISEE, "2_3_mois": VisaleClaimStatus.ACCEPTEE}


def write(ctx: RentalContext, leases: dict[int, Lease], profiles: list[Profile]) -> dict[str, int]:
    guarantees = {}
    for profile in profiles:
        lease = leases[profile.stay.pk]
        if lease.mode == LedgerMode.MANDAT_GESTION:
            guarantees[lease.pk] = _guarantee(ctx, lease, VisaleVariant.CLASSIQUE, None, "")
    sublet = next(
        (
            leases[p.stay.pk]
            for p in profiles
            if p.kind == "a_jour" and leases[p.stay.pk].mode == LedgerMode.SOUS_LOCATION
        ),
        None,
    )
    if sublet is not None:
        until = date(ctx.today.year + 1, 6, 30)
        _guarantee(ctx, sublet, VisaleVariant.INTERMEDIATION_LOCATIVE, until, IL_COMMENT)
    claims = 0
    to_claim = dict(CLAIMED)  # a copy: the module's constant must serve every seeding of the process
    for profile in profiles:
        lease = leases[profile.stay.pk]
        if profile.kind in to_claim and lease.pk in guarantees and profile.stay.present:
            _claim(ctx, guarantees[lease.pk], lease, to_claim.pop(profile.kind))
            claims += 1
    return {"garanties Visale": len(guarantees) + (sublet is not None), "sinistres Visale": claims}


def _guarantee(ctx, lease: Lease, variant: str, until: date | None, comments: str) -> VisaleGuarantee:
    return services.save_visale_guarantee(
        guarantee=VisaleGuarantee(
            lease=lease,
            contract_number=f"V{lease.starts_on:%Y}{lease.pk:07d}",
            variant=variant,
            valid_from=lease.starts_on,
            valid_until=until,
            comments=comments,
        ),
        acting_user=ctx.teams[lease.organisation_id].manager,
    )


def _claim(ctx, guarantee: VisaleGuarantee, lease: Lease, status: str) -> None:
    manager = ctx.teams[lease.organisation_id].manager
    declared = ctx.today - timedelta(days=12)
    unpaid = household_debt(lease, declared)
    monthly = lease.rent + lease.charges
    claim = services.declare_visale_claim(
        claim=VisaleClaim(
            guarantee=guarantee,
            kind=VisaleClaimKind.IMPAYES,
            declared_on=declared,
            months=max(1, min(36, math.ceil(unpaid / monthly))),
            amount=unpaid,
            comments="Impayé déclaré après la mise en demeure restée sans effet.",
        ),
        acting_user=manager,
    )
    paid = status == VisaleClaimStatus.INDEMNISEE
    services.update_visale_claim(
        claim=claim,
        expected_version=claim.version,
        status=status,
        paid_on=ctx.today if paid else None,
        paid_amount=unpaid if paid else None,
        acting_user=manager,
    )
