"""The writes of a lease's yearly life: each one transaction (clef.utils.writes), journaled in it, calling
the rules of clef.leases.rules. Money moves in the ledger only through clef.rental.services (the one writer
of entries); the household's rent through rental.services.save_lease, the owner's rent of a main lease
through contracts.services.save_contract."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from clef.contracts import services as contracts
from clef.contracts.models import Contract
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.leases import queries, rules
from clef.leases.models import ChargesRegularisation, DepositReturn, RentRevision, RevisionStatus
from clef.rental import queries as rental_queries
from clef.rental import rules as rental_rules
from clef.rental import services as rental
from clef.rental.enums import EntryKind, EntrySource
from clef.rental.models import Lease
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action
ALREADY_DECIDED = (
    "La révision de cette date anniversaire a déjà été décidée (par un collègue ?) : rien n'a été enregistré."
)
REGULARISED = "Les charges de cette année sont déjà régularisées : rien n'a été enregistré."
DEPOSIT_DECIDED = "La restitution de ce dépôt est déjà enregistrée : rien n'a été enregistré."
register_constraint_errors(
    {
        "rentrevision_one_per_lease_year": ALREADY_DECIDED,
        "rentrevision_one_per_contract_year": ALREADY_DECIDED,
        "leases_rentrevision.lease_id, leases_rentrevision.due_on": ALREADY_DECIDED,  # SQLite
        "leases_rentrevision.contract_id, leases_rentrevision.due_on": ALREADY_DECIDED,  # SQLite
        "chargesregularisation_one_per_year": REGULARISED,
        "leases_chargesregularisation.lease_id, leases_chargesregularisation.year": REGULARISED,
        "leases_chargesregularisation_entry_id_key": REGULARISED,  # PostgreSQL (the same entry, idempotent)
        "leases_chargesregularisation.entry_id": REGULARISED,  # SQLite
        "leases_depositreturn_lease_id_key": DEPOSIT_DECIDED,  # PostgreSQL
        "leases_depositreturn.lease_id": DEPOSIT_DECIDED,  # SQLite
    }
)


def _household_id(lease: Lease | None) -> int | None:
    return lease.stay.household_id if lease is not None else None


def _dwelling_id(revision: RentRevision) -> int | None:
    return revision.contract.dwelling_id if revision.contract_id else None


def _proposal(
    *, organisation_id: int, lease: Lease | None, contract: Contract | None, due_on: date, on: date
):
    """The proposal for this anniversary, recomputed at decision time (never trusted from the form)."""
    proposal = queries.proposal_for(lease=lease, contract=contract, due_on=due_on)
    if proposal is None or proposal.organisation_id != organisation_id:
        raise ValidationError("Aucune révision n'est à proposer à cette date pour ce loyer.")
    ended_on = rental_rules.lease_end(lease) if lease is not None else contract.ended_on
    rules.check_revision_open(due_on, ended_on, on)
    if proposal.problem:
        raise ValidationError(proposal.problem)
    if on > proposal.deadline:
        raise ValidationError(
            f"La révision du {due_on:%d/%m/%Y} ne peut plus être demandée : plus d'un an a passé depuis la date "
            "anniversaire (loi du 6 juillet 1989, art. 17-1)."
        )
    return proposal


def _write_revision(proposal, *, status: str, reason: str, on: date, acting_user) -> RentRevision:
    revision = RentRevision(
        organisation_id=proposal.organisation_id,
        lease=proposal.lease,
        contract=proposal.contract,
        due_on=proposal.due_on,
        old_rent=proposal.old_rent,
        new_rent=proposal.new_rent,
        irl_old=proposal.irl_old,
        irl_new=proposal.irl_new,
        status=status,
        reason=reason,
        decided_by=acting_user,
        decided_on=on,
    )
    revision.full_clean(validate_unique=False, validate_constraints=False)
    revision.save()
    journal.record(
        acting_user=acting_user,
        instance=revision,
        action=Action.CREATE,
        household_id=_household_id(proposal.lease),
        dwelling_id=_dwelling_id(revision),
    )
    return revision


@register_write
def apply_revision(
    *,
    organisation_id: int,
    lease: Lease | None = None,
    contract: Contract | None = None,
    due_on: date,
    on: date,
    acting_user,
    expected_version: int | None = None,
) -> RentRevision:
    """Apply the IRL revision of the anniversary `due_on`: the household's rent (rental.services.save_lease;
    a sublet's rent checked against the main rent per m², loi 1989 art. 8) or the owner's rent of a main lease
    (contracts.services.save_contract). `expected_version`: the lease's or contract's version the user saw."""
    proposal = _proposal(
        organisation_id=organisation_id, lease=lease, contract=contract, due_on=due_on, on=on
    )
    if lease is not None:
        lease.rent = proposal.new_rent  # save_lease checks a sublet's rent (rental.rules.check_sublet_rent)
        rental.save_lease(lease=lease, acting_user=acting_user, expected_version=expected_version)
    else:
        contract.rent = proposal.new_rent
        contracts.save_contract(contract=contract, acting_user=acting_user, expected_version=expected_version)
    return _write_revision(
        proposal, status=RevisionStatus.APPLIQUEE, reason="", on=on, acting_user=acting_user
    )


@register_write
def dismiss_revision(
    *,
    organisation_id: int,
    lease: Lease | None = None,
    contract: Contract | None = None,
    due_on: date,
    on: date,
    reason: str,
    acting_user,
) -> RentRevision:
    """Leave the rent as it is for this year (a household in difficulty, an owner who waives it): the
    decision and its reason are kept; the next anniversary is proposed again."""
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez pourquoi la révision est écartée."})
    proposal = _proposal(
        organisation_id=organisation_id, lease=lease, contract=contract, due_on=due_on, on=on
    )
    return _write_revision(
        proposal, status=RevisionStatus.ECARTEE, reason=reason.strip(), on=on, acting_user=acting_user
    )


@register_write
def regularise_charges(
    *, lease: Lease, year: int, actual_charges: Decimal, on: date, acting_user
) -> ChargesRegularisation:
    """The year's provisions (from the ledger, one aggregate query) against the actual charges; the difference
    is posted to the household's account (`regularisation_charges`, + to pay, − to give back)."""
    if ChargesRegularisation.objects.filter(lease=lease, year=year).exists():
        raise ValidationError(REGULARISED)
    provisions = queries.provisions(lease, year)
    difference = rules.regularisation_difference(provisions, actual_charges)
    regularisation = ChargesRegularisation(
        organisation_id=lease.organisation_id,
        lease=lease,
        year=year,
        provisions=provisions,
        actual_charges=actual_charges,
        difference=difference,
        done_on=on,
        created_by=acting_user,
    )
    regularisation.full_clean(validate_unique=False, validate_constraints=False)
    if difference:
        regularisation.entry = rental.post_charge(
            lease=lease,
            kind=EntryKind.REGULARISATION_CHARGES,
            amount=difference,
            on=on,
            label=f"Régularisation des charges {year}",
            source=EntrySource.REGULARISATION,
            source_key=f"regularisation:{lease.pk}:{year}",
            acting_user=acting_user,
        )
    regularisation.save()
    journal.record(
        acting_user=acting_user,
        instance=regularisation,
        action=Action.CREATE,
        household_id=_household_id(lease),
    )
    return regularisation


@register_write
def record_deposit_return(
    *,
    lease: Lease,
    inventory_matches: bool,
    deductions: Decimal,
    deduction_reason: str,
    returned_on: date | None,
    on: date,
    acting_user,
) -> DepositReturn:
    """The deposit's return after the exit: deductions kept on the deposit pay what the household owes on
    its account, never more (rules.check_deductions: its own debt on `on`, damage charged included) —
    `depot_retenue` on the deposit and, on the household's account, a payment « réglé par le dépôt de
    garantie » (in a mandate, collected for the owner like any payment); the rest is given back
    (`depot_restitution`, now or later with `mark_deposit_returned`)."""
    exit_on = rental_rules.lease_end(lease)
    if exit_on is None:
        raise ValidationError("Le ménage n'est pas sorti : le dépôt de garantie se restitue après la sortie.")
    if DepositReturn.objects.filter(lease=lease).exists():
        raise ValidationError(DEPOSIT_DECIDED)
    held = queries.deposit_held(lease)
    owed = rental_queries.lease_figures(Lease.objects.filter(pk=lease.pk), on).values_list(
        "household_debt", flat=True
    )[0]
    rules.check_deductions(held, deductions, deduction_reason, owed=rental_rules.cents(owed))
    deposit = DepositReturn(
        organisation_id=lease.organisation_id,
        lease=lease,
        exit_on=exit_on,
        held=held,
        inventory_matches=inventory_matches,
        deductions=deductions,
        deduction_reason=deduction_reason.strip(),
        returned_amount=held - deductions,
        due_by=rules.deposit_due_by(exit_on, inventory_matches),
        returned_on=returned_on,
        created_by=acting_user,
    )
    deposit.full_clean(validate_unique=False, validate_constraints=False)
    _check_returned_on(deposit, returned_on)
    deposit.save()
    if deductions:
        _settle_by_deduction(deposit, on=on, acting_user=acting_user)
    if returned_on is not None and deposit.returned_amount:
        _post(
            deposit,
            EntryKind.DEPOT_RESTITUTION,
            deposit.returned_amount,
            on=returned_on,
            acting_user=acting_user,
        )
    journal.record(
        acting_user=acting_user, instance=deposit, action=Action.CREATE, household_id=_household_id(lease)
    )
    return deposit


@register_write
def mark_deposit_returned(
    *, deposit: DepositReturn, returned_on: date, acting_user, expected_version: int | None = None
) -> DepositReturn:
    """The deposit (less the deductions already posted) was given back on `returned_on`."""
    stored = lock_and_check_version(deposit, expected_version)
    if stored.returned_on is not None:
        raise ValidationError("Ce dépôt de garantie est déjà restitué.")
    before = journal.snapshot(stored)
    _check_returned_on(stored, returned_on)
    stored.returned_on, stored.version = returned_on, stored.version + 1
    stored.full_clean(validate_unique=False, validate_constraints=False)
    stored.save()
    if stored.returned_amount:
        _post(
            stored,
            EntryKind.DEPOT_RESTITUTION,
            stored.returned_amount,
            on=returned_on,
            acting_user=acting_user,
        )
    journal.record(
        acting_user=acting_user,
        instance=stored,
        action=Action.UPDATE,
        before=before,
        household_id=_household_id(stored.lease),
    )
    return stored


def _check_returned_on(deposit: DepositReturn, returned_on: date | None) -> None:
    if returned_on is not None and returned_on < deposit.exit_on:
        raise ValidationError({"returned_on": "La restitution ne peut pas précéder la sortie du ménage."})


DEPOSIT_LABELS = {
    EntryKind.DEPOT_RETENUE: ("retenue", "Retenue sur le dépôt de garantie"),
    EntryKind.DEPOT_RESTITUTION: ("restitution", "Dépôt de garantie restitué"),
}


def _settle_by_deduction(deposit: DepositReturn, *, on: date, acting_user) -> None:
    """The deductions kept on the deposit pay the household's debt: `depot_retenue` on the deposit, a payment
    « réglé par le dépôt » on the household's account (never « remise de dette »: the debt is paid)."""
    _post(deposit, EntryKind.DEPOT_RETENUE, deposit.deductions, on=on, acting_user=acting_user)
    rental.record_payment(
        deposit.lease,
        deposit.deductions,
        on,
        label=f"Réglé par la retenue sur le dépôt de garantie : {deposit.deduction_reason}"[:200],
        source=EntrySource.DEPOT,
        source_key=f"depot:{deposit.pk}:reglement",
        acting_user=acting_user,
    )


def _post(deposit: DepositReturn, kind: str, amount: Decimal, *, on: date, acting_user):
    key, label = DEPOSIT_LABELS[kind]
    if kind != EntryKind.DEPOT_RESTITUTION and deposit.deduction_reason:
        label = f"{label} : {deposit.deduction_reason}"
    return rental.post_charge(
        lease=deposit.lease,
        kind=kind,
        amount=amount,
        on=on,
        label=label[:200],
        source=EntrySource.DEPOT,
        source_key=f"depot:{deposit.pk}:{key}",
        acting_user=acting_user,
    )
