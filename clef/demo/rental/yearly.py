"""The yearly life of the demo's leases, through the leases services: the IRL series shipped with Clef, the
revisions due at the anniversaries (decided month by month as the ledger is written: most applied, some
dismissed with their reason; those of the last four weeks and the next month are left to propose), a
regularisation of last year's charges, and the deposits of the recent exits (returned, but the latest one:
to return)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError

from clef.demo.rental.context import RentalContext
from clef.demo.rental.profiles import Profile
from clef.leases import irl, services
from clef.leases import queries as lease_queries
from clef.leases import rules as lease_rules
from clef.leases.models import IrlIndex
from clef.rental.models import Lease
from clef.rental.rules import cents

ACTUAL_CHARGES_SHARE = Decimal("0.92")  # last year's actual charges: 8 % under the provisions (refund)
LEFT_TO_PROPOSE_DAYS = 28  # the anniversaries of the last four weeks (and the next month) stay « à proposer »
DECIDED_AFTER_DAYS = 6  # a revision is decided a few days after its anniversary
DISMISS_EVERY = 6  # one revision in six is dismissed (a household in difficulty, an owner who waives it)
DISMISSED = "Ménage en difficulté passagère : la révision est écartée cette année (réunion IML)."
OVER_MAIN_RENT = "Le loyer révisé dépasserait le loyer principal au m² : la révision est écartée cette année."


def write(ctx: RentalContext, leases: dict[int, Lease], profiles: list[Profile]) -> dict[str, int]:
    return {
        "régularisations de charges": _regularisation(ctx, leases, profiles),
        "dépôts de garantie restitués": _deposits(ctx, leases, profiles),
    }


def load_indices() -> dict[str, int]:
    """The IRL series shipped with Clef (the revisions are computed on it), unless already loaded."""
    if IrlIndex.objects.exists():
        return {}
    return {"indices IRL": irl.load_shipped().rows}


def left_to_propose_from(ctx: RentalContext) -> date:
    """The anniversaries from this day on are left « à proposer » (the demo decides the earlier ones)."""
    return ctx.today - timedelta(days=LEFT_TO_PROPOSE_DAYS)


def decide_revisions(ctx: RentalContext, org, before: date) -> int:
    """Decide, through the leases services, every anniversary before `before` still undecided and still
    claimable today (owners' rents of main leases first, then the households'), as the rental manager did a
    few days after each anniversary. An older anniversary never hides a later one: it leaves the revision
    window a year after its date, before the next one is due. Called before each month's calls
    (`ledger.run_calls`): a rent revised at its anniversary is called at the new rent from the next month."""
    manager = ctx.teams[org.pk].manager
    claimable_from = lease_rules.revision_window(ctx.today)[0]  # earlier ones are lost today: not shown
    proposals = lease_queries.revisions_due(org.pk, before, names=False)
    due = [p for p in proposals if claimable_from <= p.due_on < before and not p.problem]
    decided = 0
    for proposal in sorted(due, key=lambda p: (p.lease is not None, p.due_on, (p.lease or p.contract).pk)):
        on = min(proposal.due_on + timedelta(days=DECIDED_AFTER_DAYS), ctx.today)
        target = {"lease": proposal.lease, "contract": proposal.contract, "due_on": proposal.due_on, "on": on}
        decided += 1
        if decided % DISMISS_EVERY:
            try:
                services.apply_revision(organisation_id=org.pk, acting_user=manager, **target)
                continue
            except ValidationError:  # the sublet's rent would pass the main rent per m² (loi 1989 art. 8)
                reason = OVER_MAIN_RENT
        else:
            reason = DISMISSED
        services.dismiss_revision(organisation_id=org.pk, reason=reason, acting_user=manager, **target)
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
