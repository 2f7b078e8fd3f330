"""The losses at exit (« sinistres à la sortie »), from the accounts when there are some.

A stay with a rent account (`rental.Lease`) takes its loss flags and its debt from the accounts, never
typed twice: unpaid rent when the household still owes rent at its exit (`rental.queries.debt_at_exit`: the
benefit still expected from the CAF/MSA and the damage charged to the account are not unpaid rent), damage when a damage claim of the stay is not abandoned
(`damages.queries.damage_at_exit`). A stay without a rent account (an operator that keeps its accounts
elsewhere, an imported file) keeps the flags and the debt typed at the exit. Both exit forms (the exit of a
stay, the guided exit) show the flags read-only when they come from the accounts; the bilan's
`sorties.sinistre.*` and `sinistres.*` read the flags stored on the stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from clef.damages.queries import damage_at_exit
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.rental.models import Lease
from clef.rental.queries import debt_at_exit
from clef.rental.services import close_at_exit
from clef.stays.enums import Destination
from clef.stays.models import Stay

# Not an end of the accompaniment: the household moves inside the IML, or stays as the landlord's tenant.
NO_LOSS_DESTINATIONS = (Destination.MUTATION_INTERNE_IML, Destination.MAINTIEN_GLISSEMENT_BAIL)


@dataclass(frozen=True)
class ExitLosses:
    unpaid: bool  # unpaid rent at exit
    damage: bool  # damage found at exit
    debt: Decimal | None  # what the household owes at exit (None: not known)
    from_accounts: bool  # True: from the rent account and the damage claims; False: to be typed
    damage_amount: Decimal | None = None  # Σ of the damage claims not abandoned (None: no claim)
    lease_id: int | None = None  # the rent account, for the links (statement, repayment plan)


def losses_at_exit(stay: Stay, on: date | None = None) -> ExitLosses:
    """The stay's losses from its accounts when it has a rent account (at the exit day `on`, default the
    stay's exit or today); else `from_accounts` is False and the flags are the stay's stored ones (typed at
    the exit, or not yet)."""
    lease_id = Lease.objects.filter(stay_id=stay.pk).values_list("pk", flat=True).first()
    if lease_id is None:
        return ExitLosses(stay.loss_unpaid_rent, stay.loss_damage, stay.exit_debt, from_accounts=False)
    debt = debt_at_exit(stay, on)
    damage = damage_at_exit(stay)
    return ExitLosses(
        unpaid=bool(debt and debt > 0),
        damage=damage is not None,
        debt=debt,
        from_accounts=True,
        damage_amount=damage,
        lease_id=lease_id,
    )


def settle_at_exit(stay: Stay, acting_user) -> None:
    """Registered with `clef.stays.services.on_stay_ended`: at the exit (the stay not saved yet, its exit
    date set), the rent account is closed (the lease ends, the calls after the exit counter-passed, the exit
    month prorated: `rental.services.close_at_exit`), then the loss flags and the debt are taken from the
    accounts (an exit to another IML dwelling or a lease slide keeps the caller's: no loss)."""
    lease = Lease.objects.filter(stay_id=stay.pk).first()
    if lease is None:
        return
    close_at_exit(lease, stay.exit_date, acting_user)
    if stay.destination in NO_LOSS_DESTINATIONS:
        return
    losses = losses_at_exit(stay, stay.exit_date)
    stay.loss_unpaid_rent, stay.loss_damage, stay.exit_debt = losses.unpaid, losses.damage, losses.debt


def damage_found_after_exit(stay: Stay, acting_user) -> None:
    """Registered with `clef.damages.services.on_claim_changed`: a claim of a stay already ended (the damage
    found or charged after the exit, or abandoned) sets the stay's damage flag from the claims, journaled, so
    the bilan's losses follow. A stay without a rent account keeps its typed flag; no loss on an internal
    move or a lease slide."""
    if stay.exit_date is None or stay.destination in NO_LOSS_DESTINATIONS:
        return
    if not Lease.objects.filter(stay_id=stay.pk).exists():
        return
    locked = Stay.objects.select_for_update().get(pk=stay.pk)
    damage = damage_at_exit(locked) is not None
    if locked.loss_damage == damage:
        return
    before = journal.snapshot(locked)
    locked.loss_damage = damage
    locked.save(update_fields=["loss_damage"])
    journal.record(
        acting_user=acting_user,
        instance=locked,
        action=JournalEntry.Action.UPDATE,
        before=before,
        household_id=locked.household_id,
        dwelling_id=locked.dwelling_id,
    )
