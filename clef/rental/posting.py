"""Writing one ledger entry: validated, bounded, journaled. Used by the services and the monthly calls."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.rental import rules
from clef.rental.enums import KIND_ACCOUNT, EntrySource
from clef.rental.models import Lease, LedgerEntry
from clef.utils.writes import register_constraint_errors

register_constraint_errors(
    {
        "rental_ledgerentry_source_key_key": "Cette écriture a déjà été passée (même origine) : rien n'a été doublé.",
        "UNIQUE constraint failed: rental_ledgerentry.source_key": (
            "Cette écriture a déjà été passée (même origine) : rien n'a été doublé."
        ),
        "rental_ledgerentry_reverses_id_key": "Cette écriture a déjà été contre-passée.",
        "UNIQUE constraint failed: rental_ledgerentry.reverses_id": "Cette écriture a déjà été contre-passée.",
        "rental_lease_stay_id_key": "Ce séjour a déjà un titre d'occupation.",
        "UNIQUE constraint failed: rental_lease.stay_id": "Ce séjour a déjà un titre d'occupation.",
    }
)

ZERO = Decimal("0")


def household_id(lease: Lease | None) -> int | None:
    return lease.stay.household_id if lease is not None else None


def post_entry(
    *,
    organisation_id: int,
    kind: str,
    amount: Decimal,
    on: date,
    acting_user,
    lease: Lease | None = None,
    contract=None,
    account: str | None = None,
    label: str = "",
    source: str = EntrySource.MANUEL,
    source_key: str | None = None,
    period: date | None = None,
    benefit_expected: Decimal = ZERO,
    reverses: LedgerEntry | None = None,
    reason: str = "",
    journaled: bool = True,
) -> LedgerEntry:
    """Writes one entry (validated, bounded) and journals it."""
    entry = LedgerEntry(
        organisation_id=organisation_id,
        lease=lease,
        contract=contract,
        account=account or KIND_ACCOUNT[kind][0],
        kind=kind,
        period=period,
        booked_on=on,
        amount=rules.cents(amount),
        benefit_expected=rules.cents(benefit_expected),
        label=label[:200],
        reverses=reverses,
        reason=reason,
        source=source,
        source_key=source_key,
        created_by=acting_user,
    )
    entry.full_clean(validate_unique=False, validate_constraints=False)
    entry.save()
    if journaled:
        journal.record(
            acting_user=acting_user,
            instance=entry,
            action=JournalEntry.Action.CREATE,
            household_id=household_id(lease),
            dwelling_id=lease.stay.dwelling_id
            if lease is not None
            else getattr(contract, "dwelling_id", None),
        )
    return entry


def positive(amount, field: str = "amount") -> Decimal:
    if amount is None or Decimal(amount) <= 0:
        raise ValidationError({field: "Le montant doit être supérieur à zéro."})
    return rules.cents(amount)
