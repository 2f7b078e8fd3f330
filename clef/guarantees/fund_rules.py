"""Rules of the security fund's money (beside the decision and payout checks of `rules`): dates of money that
has moved, a payout within the fund's balance, a claim within what the household's account carries. Forms,
services and the demo call these; never a copy of them.

- A contribution « reçue le » and a payout « versée le » record money that has moved: never after today
  (Europe/Paris).
- A payout cannot exceed the fund's balance (contributions received − payouts made): the fund never goes below
  zero. One payout per claim closes it (« versée »); it may be below the amount granted (the manager pays what
  is due, net of what the operator recovered), the rest is then not paid.
- A claim on a stay that has a lease is bounded by its ledger at the claim's date: the unpaid-rent part by the
  rent the household itself still owes (`clef.rental.queries.debt_at_exit`: its debt, without the benefit still
  expected from the CAF/MSA nor the damage charged), the damage part by the damage claims charged to its
  account. A stay without a lease (no ledger in Clef) is not bounded: the operator's documents justify it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from clef.guarantees.enums import FundClaimKind
from clef.utils.bounds import NotInFuture

RECEIVED_NOT_IN_FUTURE = NotInFuture("la date de réception")
PAID_NOT_IN_FUTURE = NotInFuture("la date du versement")


def _euros(value: Decimal) -> str:
    text = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{text}\u00a0€"


def check_payout_within_balance(*, paid_amount: Decimal, balance: Decimal) -> None:
    """A payout never takes the fund below zero."""
    if paid_amount > balance:
        raise ValidationError(
            {
                "paid_amount": [
                    f"Le versement dépasse le solde du fonds ({_euros(max(balance, Decimal('0')))}) : "
                    "enregistrez d'abord les contributions reçues."
                ]
            }
        )


def ledger_ceiling(*, kind: str, rent_debt: Decimal | None, damage_charged: Decimal) -> Decimal | None:
    """The most a claim of `kind` may declare as its loss, from the household's account (None: not bounded,
    a stay without a lease or a vacancy)."""
    if rent_debt is None or kind == FundClaimKind.VACANCE:
        return None
    return {
        FundClaimKind.IMPAYES: rent_debt,
        FundClaimKind.DEGRADATIONS: damage_charged,
        FundClaimKind.MULTIPLE: rent_debt + damage_charged,
    }.get(kind)


def check_claim_against_ledger(
    *, kind: str, loss_amount: Decimal, on: date, rent_debt: Decimal | None, damage_charged: Decimal
) -> None:
    """The loss declared stays within what the household's account carries on `on` (see the module)."""
    ceiling = ledger_ceiling(kind=kind, rent_debt=rent_debt, damage_charged=damage_charged)
    if ceiling is None or loss_amount <= ceiling:
        return
    raise ValidationError(
        {
            "loss_amount": [
                f"Le montant du sinistre dépasse ce que porte le compte du ménage au {on:%d/%m/%Y} "
                f"({_euros(ceiling)} : impayé de loyer du ménage {_euros(rent_debt)}, dégradations imputées "
                f"{_euros(damage_charged)})."
            ]
        }
    )
