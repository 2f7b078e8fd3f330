"""The losses at exit (« sinistres à la sortie »), from the accounts when there are some.

A stay with a rent account (`rental.Lease`) takes its loss flags and its debt from the accounts, never
typed twice: unpaid rent when the household still owes something at its exit
(`rental.queries.debt_at_exit`), damage when a damage claim of the stay is not abandoned
(`damages.queries.damage_at_exit`). A stay without a rent account (an operator that keeps its accounts
elsewhere, an imported file) keeps the flags and the debt typed at the exit. Both exit forms (the exit of a
stay, the guided exit) show the flags read-only when they come from the accounts; the bilan's
`sorties.sinistre.*` and `sinistres.*` read the flags stored on the stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from clef.damages.queries import damage_at_exit
from clef.rental.models import Lease
from clef.rental.queries import debt_at_exit
from clef.stays.models import Stay


@dataclass(frozen=True)
class ExitLosses:
    unpaid: bool  # unpaid rent at exit
    damage: bool  # damage found at exit
    debt: Decimal | None  # what the household owes at exit (None: not known)
    from_accounts: bool  # True: from the rent account and the damage claims; False: to be typed
    damage_amount: Decimal | None = None  # Σ of the damage claims not abandoned (None: no claim)
    lease_id: int | None = None  # the rent account, for the links (statement, repayment plan)


def losses_at_exit(stay: Stay) -> ExitLosses:
    """The stay's losses from its accounts when it has a rent account; else `from_accounts` is False and
    the flags are the stay's stored ones (typed at the exit, or not yet)."""
    lease_id = Lease.objects.filter(stay_id=stay.pk).values_list("pk", flat=True).first()
    if lease_id is None:
        return ExitLosses(stay.loss_unpaid_rent, stay.loss_damage, stay.exit_debt, from_accounts=False)
    debt = debt_at_exit(stay)
    damage = damage_at_exit(stay)
    return ExitLosses(
        unpaid=bool(debt and debt > 0),
        damage=damage is not None,
        debt=debt,
        from_accounts=True,
        damage_amount=damage,
        lease_id=lease_id,
    )
