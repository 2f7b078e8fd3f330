"""The yearly life of the demo's leases, through the leases services: the IRL series shipped with Clef, the
revisions due at the anniversaries (one applied, one dismissed with its reason, the others left to propose),
a regularisation of last year's charges, and the deposits of the recent exits (returned, but the latest one:
to return)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from clef.demo.rental.context import RentalContext
from clef.demo.rental.profiles import Profile
from clef.leases import irl, services
from clef.leases import queries as lease_queries
from clef.leases.models import IrlIndex
from clef.rental.models import Lease
from clef.rental.rules import cents

ACTUAL_CHARGES_SHARE = Decimal("0.92")  # last year's actual charges: 8 % under the provisions (refund)


def write(ctx: RentalContext, leases: dict[int, Lease], profiles: list[Profile]) -> dict[str, int]:
    counts = {}
    if not IrlIndex.objects.exists():
        counts["indices IRL"] = irl.load_shipped().rows
    counts["révisions de loyer décidées"] = _revisions(ctx)
    counts["régularisations de charges"] = _regularisation(ctx, leases, profiles)
    counts["dépôts de garantie restitués"] = _deposits(ctx, leases, profiles)
    return counts


def _revisions(ctx: RentalContext) -> int:
    decided = 0
    for org in ctx.operators.values():
        manager = ctx.teams[org.pk].manager
        due = [
            p for p in lease_queries.revisions_due(org.pk, ctx.today, with_contracts=False) if not p.problem
        ]
        due = [p for p in due if p.lease is not None and p.due_on <= ctx.today]
        if due:
            first = due[0]
            services.apply_revision(
                organisation_id=org.pk,
                lease=first.lease,
                due_on=first.due_on,
                on=ctx.today,
                acting_user=manager,
            )
            decided += 1
        if len(due) > 1:
            second = due[1]
            services.dismiss_revision(
                organisation_id=org.pk,
                lease=second.lease,
                due_on=second.due_on,
                on=ctx.today,
                reason="Ménage en difficulté passagère : la révision est écartée cette année (réunion IML).",
                acting_user=manager,
            )
            decided += 1
    return decided


def _regularisation(ctx: RentalContext, leases: dict[int, Lease], profiles: list[Profile]) -> int:
    year = ctx.today.year - 1
    candidates = [
        leases[p.stay.pk]
        for p in profiles
        if p.kind == "a_jour" and p.stay.entry_date.year < year and leases[p.stay.pk].charges > 0
    ]
    if not candidates:
        return 0
    lease = candidates[0]
    provisions = lease_queries.provisions(lease, year)
    if not provisions:
        return 0
    services.regularise_charges(
        lease=lease,
        year=year,
        actual_charges=cents(provisions * ACTUAL_CHARGES_SHARE),
        on=min(ctx.today, ctx.today.replace(month=3, day=15)),
        acting_user=lease.created_by,
    )
    return 1


def _deposits(ctx: RentalContext, leases: dict[int, Lease], profiles: list[Profile]) -> int:
    exits = sorted((p for p in profiles if not p.stay.present), key=lambda p: (p.stay.exit_date, p.stay.pk))
    returned = 0
    for profile in exits[:-1]:  # the latest exit's deposit is still to return
        lease = leases[profile.stay.pk]
        held = lease_queries.deposit_held(lease)
        if not held:
            continue
        debt = profile.stay.exit_debt or Decimal(0) if profile.stay.loss_unpaid_rent else Decimal(0)
        deductions = min(held, debt)
        day = min(profile.stay.exit_date + timedelta(days=20), ctx.today)
        services.record_deposit_return(
            lease=lease,
            inventory_matches=not profile.stay.loss_damage,
            deductions=deductions,
            deduction_reason="Impayés de loyer à la sortie." if deductions else "",
            returned_on=day if held > deductions else None,
            on=day,
            acting_user=lease.created_by,
        )
        returned += 1
    return returned
