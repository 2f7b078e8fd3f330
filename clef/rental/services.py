"""Writes of the ledger: each one transaction, journaled (clef.journal), with the French errors of the
constraints a concurrent writer can trip. Entries are immutable: a mistake is cancelled by
`reverse_entry` (a counter-entry with its reason).

Amounts given to `record_payment`, `post_charge` and `record_payover` are what was paid or charged,
positive; the entry's sign follows its kind (clef.rental.enums.KIND_ACCOUNT). Only
`regularisation_charges` takes a signed amount (positive: the household owes more)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum

from clef.contracts.models import Contract
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.rental import rules
from clef.rental.calls import CallSummary, generate_calls
from clef.rental.closing import ExitSettlement, exit_settlement
from clef.rental.enums import KIND_ACCOUNT, Account, EntryKind, EntrySource, LedgerMode
from clef.rental.models import CafReport, Lease, LedgerEntry, RentDifferential
from clef.rental.posting import ZERO, positive, post_entry
from clef.utils.writes import lock_and_check_version, register_write

PAYMENT_KINDS = (EntryKind.PAIEMENT, EntryKind.AIDE_LOGEMENT)
CHARGE_KINDS = (
    EntryKind.DEGRADATIONS,
    EntryKind.FRAIS,
    EntryKind.REGULARISATION_CHARGES,
    EntryKind.REMISE,
    EntryKind.DEPOT_APPEL,
    EntryKind.DEPOT_PAIEMENT,
    EntryKind.DEPOT_RESTITUTION,
    EntryKind.DEPOT_RETENUE,
)


def _existing(source_key: str | None, lease: Lease) -> LedgerEntry | None:
    """An entry already posted from the same origin (a bank line imported twice) for the same lease."""
    if source_key is None:
        return None
    entry = LedgerEntry.objects.filter(source_key=source_key).first()
    if entry is not None and entry.lease_id != lease.pk:
        raise ValidationError("Cette ligne a déjà été rapprochée d'un autre titre d'occupation.")
    return entry


@register_write
def record_payment(
    lease: Lease,
    amount: Decimal,
    on: date,
    *,
    kind: str = EntryKind.PAIEMENT,
    label: str = "",
    source: str = EntrySource.MANUEL,
    source_key: str | None = None,
    acting_user,
) -> LedgerEntry:
    """A payment of the household (or of its housing benefit, tiers payant) credited to its account.
    Idempotent by `source_key`. In a mandate, the same transaction posts the rent collected for the owner
    (`encaissement`) and the management fees (`honoraires`, contract.fee_percent)."""
    if kind not in PAYMENT_KINDS:
        raise ValidationError({"kind": "Nature de paiement inconnue."})
    amount = positive(amount)
    existing = _existing(source_key, lease)
    if existing is not None:
        return existing
    default_label = "Aide au logement" if kind == EntryKind.AIDE_LOGEMENT else "Paiement"
    entry = post_entry(
        organisation_id=lease.organisation_id,
        lease=lease,
        contract=lease.contract,
        kind=kind,
        amount=-amount,
        on=on,
        label=label or default_label,
        source=source,
        source_key=source_key,
        acting_user=acting_user,
    )
    if lease.mode == LedgerMode.MANDAT_GESTION and lease.contract is not None:
        _collect_for_owner(entry, amount, acting_user=acting_user)
    return entry


def _collect_for_owner(payment: LedgerEntry, amount: Decimal, *, acting_user) -> None:
    lease, contract = payment.lease, payment.lease.contract
    common = {
        "organisation_id": lease.organisation_id,
        "lease": lease,
        "contract": contract,
        "on": payment.booked_on,
        "source": payment.source,
        "acting_user": acting_user,
    }
    post_entry(
        kind=EntryKind.ENCAISSEMENT,
        amount=amount,
        label=f"Loyer encaissé ({lease.payment_reference})",
        source_key=f"lie:{payment.pk}:encaissement",
        **common,
    )
    fees = rules.cents(amount * (contract.fee_percent or ZERO) / 100)
    if fees > 0:
        post_entry(
            kind=EntryKind.HONORAIRES,
            amount=-fees,
            label=f"Honoraires de gestion ({contract.fee_percent} %)".replace(".", ","),
            source_key=f"lie:{payment.pk}:honoraires",
            **common,
        )


@register_write
def post_charge(
    lease: Lease,
    kind: str,
    amount: Decimal,
    on: date,
    label: str = "",
    source: str = EntrySource.MANUEL,
    source_key: str | None = None,
    acting_user=None,
    *,
    period: date | None = None,
) -> LedgerEntry:
    """THE writer other apps call for a charge or credit on a household's accounts: damages, fees,
    charges' regularisation (signed), debt relief, and the deposit's movements. Idempotent by
    `source_key` (the same origin posted twice returns the first entry)."""
    if kind not in CHARGE_KINDS:
        raise ValidationError({"kind": "Cette nature d'écriture ne se passe pas ici."})
    sign = KIND_ACCOUNT[kind][1]
    if sign == 0:
        if amount is None or Decimal(amount) == 0:
            raise ValidationError({"amount": "Le montant ne peut pas être nul."})
        signed = rules.cents(amount)
    else:
        signed = sign * positive(amount)
    existing = _existing(source_key, lease)
    if existing is not None:
        return existing
    return post_entry(
        organisation_id=lease.organisation_id,
        lease=lease,
        contract=lease.contract,
        kind=kind,
        amount=signed,
        on=on,
        period=period,
        label=label or str(EntryKind(kind).label),
        source=source,
        source_key=source_key,
        acting_user=acting_user,
    )


@register_write
def record_payover(contract, amount: Decimal, on: date, acting_user, *, label: str = "") -> LedgerEntry:
    """A payment to the owner (« reversement ») on the owner's account of the contract: at most what the
    operator owes the owner that day (the contract locked: two payovers at once are checked in turn)."""
    contract = lock_and_check_version(contract, None)
    owed = rules.cents(
        LedgerEntry.objects.filter(
            contract=contract, account=Account.PROPRIETAIRE, booked_on__lte=on
        ).aggregate(total=Sum("amount", default=ZERO))["total"]
    )
    rules.check_payover(positive(amount), owed)
    return post_entry(
        organisation_id=contract.organisation_id,
        contract=contract,
        kind=EntryKind.REVERSEMENT,
        amount=-positive(amount),
        on=on,
        label=label or "Versement au propriétaire",
        acting_user=acting_user,
    )


@register_write
def reverse_entry(entry: LedgerEntry, reason: str, acting_user, *, on: date | None = None) -> LedgerEntry:
    """Cancels an entry by its opposite amount, with the reason (required). Refuses a reversal, an entry
    already reversed; a mandate payment's owner-side entries are reversed with it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Indiquez le motif de la contre-passation."})
    entry = LedgerEntry.objects.select_related("lease__stay", "contract").get(pk=entry.pk)
    if entry.kind == EntryKind.CONTRE_PASSATION:
        raise ValidationError("Une contre-passation ne se contre-passe pas : passez une nouvelle écriture.")
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError("Cette écriture a déjà été contre-passée.")
    linked = LedgerEntry.objects.filter(source_key__startswith=f"lie:{entry.pk}:", reversed_by__isnull=True)
    reversal = _reverse_one(entry, reason, on=on, acting_user=acting_user)
    for other in linked:
        _reverse_one(other, reason, on=on, acting_user=acting_user)
    return reversal


def _reverse_one(entry: LedgerEntry, reason: str, *, on: date | None, acting_user) -> LedgerEntry:
    return post_entry(
        organisation_id=entry.organisation_id,
        lease=entry.lease,
        contract=entry.contract,
        account=entry.account,
        kind=EntryKind.CONTRE_PASSATION,
        amount=-entry.amount,
        on=on or date.today(),
        period=entry.period,
        label=f"Contre-passation : {entry.label}"[:200],
        reverses=entry,
        reason=reason[:500],
        acting_user=acting_user,
    )


def lease_from_stay(stay, acting_user=None) -> Lease:
    """An unsaved lease for a stay, pre-filled from the dwelling's contract in force at the entry: rent,
    charges and the management mode."""
    contract = (
        Contract.objects.filter(dwelling_id=stay.dwelling_id, starts_on__lte=stay.entry_date)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=stay.entry_date))
        .order_by("-starts_on")
        .first()
    )
    return Lease(
        organisation_id=stay.organisation_id,
        stay=stay,
        contract=contract,
        mode=rules.ledger_mode(contract),
        starts_on=stay.entry_date,
        ends_on=stay.exit_date,
        rent=contract.rent if contract else ZERO,
        charges=contract.charges if contract else ZERO,
        created_by=acting_user,
    )


def _journal(instance, *, acting_user, before=None) -> None:
    journal.record(
        acting_user=acting_user,
        instance=instance,
        action=JournalEntry.Action.UPDATE if before else JournalEntry.Action.CREATE,
        before=before,
        household_id=instance.stay.household_id
        if isinstance(instance, Lease)
        else instance.lease.stay.household_id,
    )


@register_write
def save_lease(*, lease: Lease, acting_user, expected_version: int | None = None) -> Lease:
    """Creates the lease of a stay, or edits it (optimistic locking). The mode follows the contract; a
    sublet's rent is checked against the main lease (loi de 1989, art. 8)."""
    before = None
    if lease.pk is None:
        if Lease.objects.filter(stay_id=lease.stay_id).exists():
            raise ValidationError("Ce séjour a déjà un titre d'occupation.")
        lease.organisation_id = lease.stay.organisation_id
        lease.created_by = acting_user
    else:
        stored = lock_and_check_version(lease, expected_version)
        before = journal.snapshot(stored)
        lease.version = stored.version + 1
    if lease.contract_id is not None and lease.contract.dwelling_id != lease.stay.dwelling_id:
        raise ValidationError({"contract": "Ce contrat n'est pas celui du logement du séjour."})
    lease.mode = rules.ledger_mode(lease.contract)
    rules.check_sublet_rent(lease)
    lease.full_clean()
    lease.save()
    _journal(lease, acting_user=acting_user, before=before)
    return lease


@register_write
def set_benefit_status(
    lease: Lease, status: str, since: date | None, acting_user, *, expected_version: int | None = None
) -> Lease:
    """The housing benefit's payment status (versée, attendue, en retard, suspendue) and since when."""
    stored = lock_and_check_version(lease, expected_version)
    before = journal.snapshot(stored)
    stored.benefit_status, stored.benefit_status_since = status, since
    stored.version += 1
    stored.full_clean()
    stored.save()
    _journal(stored, acting_user=acting_user, before=before)
    return stored


@register_write
def end_lease(lease: Lease, on: date, acting_user) -> Lease:
    """Closes the lease on the stay's exit day (the household is present that day)."""
    stored = lock_and_check_version(lease, None)
    before = journal.snapshot(stored)
    stored.ends_on = on
    stored.version += 1
    stored.full_clean()
    stored.save()
    _journal(stored, acting_user=acting_user, before=before)
    return stored


@register_write
def close_at_exit(lease: Lease, on: date, acting_user) -> ExitSettlement:
    """The household leaves on `on` (present that day): the lease ends then, the calls after it are
    counter-passed and the exit month's calls prorated (clef.rental.closing), in the caller's transaction
    (the exit of the stay), journaled."""
    if lease.ends_on is None or lease.ends_on > on:
        lease = end_lease(lease, on, acting_user)
    settlement = exit_settlement(lease, on)
    reason = f"Sortie du ménage le {on:%d/%m/%Y}"
    for entry in settlement.reverse:
        reverse_entry(entry, reason, acting_user, on=max(on, entry.booked_on))
    for call in settlement.repost:
        post_entry(
            organisation_id=lease.organisation_id, source=EntrySource.SORTIE, acting_user=acting_user, **call
        )
    if settlement.reverse or settlement.repost:
        journal.record_action(
            acting_user=acting_user,
            organisation_id=lease.organisation_id,
            subject=lease,
            action=JournalEntry.Action.UPDATE,
            label=f"Compte du ménage arrêté à la sortie du {on:%d/%m/%Y}",
            household_id=lease.stay.household_id,
            changes={
                "amount": journal.change("Effet sur le solde", None, journal.euros_fr(settlement.amount())),
                "reversed": journal.change("Appels contre-passés", None, len(settlement.reverse)),
            },
        )
    return settlement


@register_write
def save_differential(*, differential: RentDifferential, acting_user) -> RentDifferential:
    """A temporary reduction of the household's share, decided by the team (rules.check_differential: whole
    months, at most the household's share, no overlap — the lease locked so that two decisions at once are
    checked one after the other)."""
    if differential.pk is not None:
        raise ValidationError("Un différentiel décidé ne se modifie pas : décidez-en un nouveau.")
    lease = lock_and_check_version(differential.lease, None)
    rules.check_differential(
        lease=lease,
        starts_on=differential.starts_on,
        ends_on=differential.ends_on,
        monthly_amount=differential.monthly_amount,
    )
    differential.organisation_id = lease.organisation_id
    differential.decided_by = acting_user
    differential.full_clean()
    differential.save()
    _journal(differential, acting_user=acting_user)
    return differential


@register_write
def record_caf_report(
    *, lease: Lease, reported_on: date, debt: Decimal, payer: str, reference: str = "", acting_user
) -> CafReport:
    """The unpaid rent was reported to the CAF/MSA (domain_rules § 4)."""
    report = CafReport(
        organisation_id=lease.organisation_id,
        lease=lease,
        reported_on=reported_on,
        debt=rules.cents(debt),
        payer=payer or lease.benefit_payer,
        reference=reference,
        created_by=acting_user,
    )
    if not report.payer:
        raise ValidationError({"payer": "Indiquez l'organisme (CAF ou MSA) auquel l'impayé est signalé."})
    report.full_clean()
    report.save()
    _journal(report, acting_user=acting_user)
    return report


__all__ = [
    "CallSummary",
    "close_at_exit",
    "end_lease",
    "generate_calls",
    "lease_from_stay",
    "post_charge",
    "record_caf_report",
    "record_payment",
    "record_payover",
    "reverse_entry",
    "save_differential",
    "save_lease",
    "set_benefit_status",
]
