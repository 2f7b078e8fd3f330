"""Conventions and contracts workflows: each one transaction (clef.utils.writes), journaled in it, calling
the rules of clef.contracts.rules. Signing the engagement is one action over three apps: the dwelling
enters the managing operator's park (clef.dwellings.services.save_dwelling), the contract (and the
convention, the bank details) is written, the lead is marked signed (clef.captation.services)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as NumberError

from clef.captation import rules as captation_rules
from clef.captation import services as captation
from clef.captation.models import Lead
from clef.contracts import models, rules
from clef.contracts.enums import ContractKind, ConventionStatus
from clef.contracts.models import AnahConvention, Contract, OwnerBankAccount
from clef.dwellings.enums import Conventionnement
from clef.dwellings.models import Dwelling
from clef.dwellings.services import save_dwelling
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

CONTRACT_IN_FORCE, CONVENTION_OPEN = models.CONTRACT_IN_FORCE, models.CONVENTION_OPEN
register_constraint_errors(
    {
        "contract_one_in_force_per_dwelling": CONTRACT_IN_FORCE,
        "contracts_contract.dwelling_id": CONTRACT_IN_FORCE,  # SQLite
        "convention_one_open_per_dwelling": CONVENTION_OPEN,
        "contracts_anahconvention.dwelling_id": CONVENTION_OPEN,  # SQLite
    }
)


def _record(instance, *, acting_user, before=None) -> None:
    journal.record(
        acting_user=acting_user,
        instance=instance,
        action=Action.CREATE if before is None else Action.UPDATE,
        before=before,
        dwelling_id=instance.dwelling_id,
    )


@register_write
def sign_engagement(
    lead: Lead,
    *,
    dwelling: Dwelling,
    contract: Contract,
    convention: AnahConvention | None = None,
    bank_account: OwnerBankAccount | None = None,
    acting_user,
) -> Contract:
    """The owner signs: in ONE transaction the dwelling enters the managing operator's park (entry on the
    contract's start, parc from the landlord's kind, mode from the contract, conventionnement and rent
    level from a signed convention, rent), the contract, the convention and the bank details are written
    and the lead is marked signed. Any refusal (a mandate without a valid carte professionnelle at the
    signature date…) writes nothing."""
    lead = (
        Lead.objects.select_for_update(of=("self",))
        .select_related("landlord", "managing_operator")
        .get(pk=lead.pk)
    )
    captation_rules.check_signable(lead)  # at « visite » or « proposition », landlord known and contactable
    operator = lead.managing_operator
    if contract.kind == ContractKind.MANDAT_GESTION:
        rules.check_mandate(operator, contract.signed_on)
    landlord = lead.landlord
    dwelling.organisation = operator
    dwelling.parc = rules.parc_for_landlord(landlord.kind)
    dwelling.management_mode = rules.management_mode(contract.kind, contract.glissement_clause)
    dwelling.entry_date = contract.starts_on
    dwelling.rent_hc, dwelling.charges = contract.rent, contract.charges
    signed = convention is not None and convention.signed_on is not None
    if convention is not None:
        rules.check_convention_park(dwelling.parc, convention.works, convention.level)
    dwelling.conventionnement = convention.works if signed else Conventionnement.AUCUN
    dwelling.rent_level = convention.level if signed else ""
    save_dwelling(dwelling=dwelling, acting_user=acting_user)
    if bank_account is not None:
        bank_account.landlord = landlord
        contract.bank_account = save_bank_account(account=bank_account, acting_user=acting_user)
    contract.organisation, contract.dwelling, contract.landlord, contract.lead = (
        operator,
        dwelling,
        landlord,
        lead,
    )
    contract.created_by = acting_user
    contract.full_clean()
    contract.save()
    _record(contract, acting_user=acting_user)
    if convention is not None:
        convention.organisation, convention.dwelling, convention.landlord = operator, dwelling, landlord
        _write_new_convention(convention, acting_user=acting_user)
    captation.mark_signed(lead=lead, on=contract.signed_on, dwelling=dwelling, acting_user=acting_user)
    return contract


@register_write
def save_contract(*, contract: Contract, acting_user, expected_version: int | None = None) -> Contract:
    """Create or update a contract of a dwelling of the park; the dwelling's management mode follows it."""
    creating = contract.pk is None
    stored = None
    if not creating:
        stored = lock_and_check_version(contract, expected_version)
        contract.version = stored.version + 1
    if contract.kind == ContractKind.MANDAT_GESTION and (
        creating or stored.kind != contract.kind or stored.signed_on != contract.signed_on
    ):
        rules.check_mandate(contract.dwelling.organisation, contract.signed_on)
    if creating:
        contract.organisation_id = contract.dwelling.organisation_id
        contract.created_by = acting_user
    contract.full_clean()
    contract.save()
    _record(contract, acting_user=acting_user, before=journal.snapshot(stored) if stored else None)
    _follow_contract(contract.dwelling, contract, acting_user=acting_user)
    return contract


def _follow_contract(dwelling: Dwelling, contract: Contract, *, acting_user) -> None:
    mode = rules.management_mode(contract.kind, contract.glissement_clause)
    if dwelling.management_mode != mode:
        dwelling.management_mode = mode
        save_dwelling(dwelling=dwelling, acting_user=acting_user)


@register_write
def renew_contract(
    *,
    contract: Contract,
    renewal_on: date | None,
    ends_on: date | None,
    rent=None,
    acting_user,
    expected_version: int | None = None,
) -> Contract:
    """The contract is renewed: its next renewal and planned end move on (and its rent, when given)."""
    stored = lock_and_check_version(contract, expected_version)
    if stored.ended_on is not None:
        raise ValidationError("Ce contrat est terminé : il ne peut plus être renouvelé.")
    if renewal_on is None and ends_on is None:
        raise ValidationError({"renewal_on": "Indiquez la prochaine échéance du contrat renouvelé."})
    before = journal.snapshot(stored)
    stored.renewal_on, stored.ends_on = renewal_on, ends_on
    if rent is not None:
        stored.rent = rent
    stored.version += 1
    stored.full_clean()
    stored.save()
    _record(stored, acting_user=acting_user, before=before)
    return stored


@register_write
def end_contract(
    *,
    contract: Contract,
    ended_on: date,
    end_reason: str,
    dwelling_leaves: bool,
    acting_user,
    expected_version: int | None = None,
) -> Contract:
    """The contract ends on `ended_on`. When the dwelling leaves the park with it, its exit is written
    too (same day, same reason): a re-captation lead opens for the reasons that call for one."""
    stored = lock_and_check_version(contract, expected_version)
    if stored.ended_on is not None:
        raise ValidationError("Ce contrat est déjà terminé.")
    rules.check_contract_end(starts_on=stored.starts_on, ended_on=ended_on, end_reason=end_reason)
    before = journal.snapshot(stored)
    stored.ended_on, stored.end_reason, stored.version = ended_on, end_reason, stored.version + 1
    stored.full_clean()
    stored.save()
    _record(stored, acting_user=acting_user, before=before)
    if dwelling_leaves:
        dwelling = Dwelling.objects.get(pk=stored.dwelling_id)
        dwelling.exit_date, dwelling.exit_reason = ended_on, end_reason
        save_dwelling(dwelling=dwelling, acting_user=acting_user)
    return stored


def _write_new_convention(convention: AnahConvention, *, acting_user) -> AnahConvention:
    rules.check_convention_park(convention.dwelling.parc, convention.works, convention.level)
    if not convention.duration_years:
        convention.duration_years = rules.default_duration_years(convention.works)
    convention.status = ConventionStatus.SIGNEE if convention.signed_on else ConventionStatus.DEMANDEE
    convention.ends_on = rules.convention_ends_on(convention.starts_on, convention.duration_years)
    convention.created_by = acting_user
    convention.full_clean()
    convention.save()
    _record(convention, acting_user=acting_user)
    return convention


@register_write
def request_convention(*, convention: AnahConvention, acting_user) -> AnahConvention:
    """A convention of a dwelling of the park (private park only; CCH D. 321-24 checked): requested, or
    recorded already signed (`signed_on` given: the dwelling becomes conventioned at its level)."""
    convention.organisation_id = convention.dwelling.organisation_id
    _write_new_convention(convention, acting_user=acting_user)
    if convention.status == ConventionStatus.SIGNEE:
        _conventioned(convention, acting_user=acting_user)
    return convention


def _conventioned(convention: AnahConvention, *, acting_user) -> None:
    """The dwelling takes the signed convention's conventionnement and rent level (dwellings' service)."""
    dwelling = Dwelling.objects.get(pk=convention.dwelling_id)
    rules.check_convention_park(dwelling.parc, convention.works, convention.level)
    dwelling.conventionnement, dwelling.rent_level = convention.works, convention.level
    save_dwelling(dwelling=dwelling, acting_user=acting_user)


@register_write
def sign_convention(
    *,
    convention: AnahConvention,
    signed_on: date,
    starts_on: date | None,
    duration_years: int | None = None,
    acting_user,
    expected_version: int | None = None,
) -> AnahConvention:
    """The Anah signs: the convention takes effect with the first lease (`starts_on`), ends after its
    duration, and the dwelling becomes conventioned at its level (through the dwellings' service)."""
    stored = lock_and_check_version(convention, expected_version)
    if stored.status != ConventionStatus.DEMANDEE:
        raise ValidationError("Seule une convention demandée peut être signée.")
    before = journal.snapshot(stored)
    stored.signed_on, stored.starts_on, stored.status = signed_on, starts_on, ConventionStatus.SIGNEE
    stored.duration_years = duration_years or stored.duration_years
    stored.ends_on = rules.convention_ends_on(starts_on, stored.duration_years)
    stored.version += 1
    stored.full_clean()
    stored.save()
    _record(stored, acting_user=acting_user, before=before)
    _conventioned(stored, acting_user=acting_user)
    return stored


@register_write
def end_convention(
    *, convention: AnahConvention, ended_on: date, acting_user, expected_version: int | None = None
) -> AnahConvention:
    """The convention ends (or its request is withdrawn); a dwelling still in the park after that day is
    no longer conventioned. Leaving the park is the dwelling's exit (reason « fin de convention »)."""
    stored = lock_and_check_version(convention, expected_version)
    if stored.status == ConventionStatus.TERMINEE:
        raise ValidationError("Cette convention est déjà terminée.")
    if ended_on < stored.requested_on:
        raise ValidationError({"ended_on": "La convention ne peut pas finir avant sa demande."})
    before, was_signed = journal.snapshot(stored), stored.status == ConventionStatus.SIGNEE
    stored.status, stored.ended_on, stored.version = ConventionStatus.TERMINEE, ended_on, stored.version + 1
    stored.full_clean()
    stored.save()
    _record(stored, acting_user=acting_user, before=before)
    dwelling = Dwelling.objects.get(pk=stored.dwelling_id)
    if was_signed and dwelling.exit_date is None:
        dwelling.conventionnement, dwelling.rent_level = Conventionnement.AUCUN, ""
        save_dwelling(dwelling=dwelling, acting_user=acting_user)
    return stored


def clean_iban(value: str) -> str:
    try:
        return stdnum_iban.validate(value)
    except NumberError as exc:
        raise ValidationError({"iban": "Cet IBAN n'est pas valide : vérifiez-le (clé de contrôle)."}) from exc


def clean_bic(value: str) -> str:
    if not value:
        return ""
    try:
        return stdnum_bic.validate(value)
    except NumberError as exc:
        raise ValidationError({"bic": "Ce BIC n'est pas valide (8 ou 11 caractères)."}) from exc


@register_write
def save_bank_account(*, account: OwnerBankAccount, acting_user) -> OwnerBankAccount:
    """New bank details of an owner (never edited in place: new details replace the old ones on the
    contract). IBAN and BIC are checked; the journal reads only the masked IBAN."""
    if account.pk is not None:
        raise ValidationError("Des coordonnées bancaires ne se modifient pas : saisissez les nouvelles.")
    account.iban, account.bic = clean_iban(account.iban), clean_bic(account.bic)
    account.holder = (account.holder or "").strip()
    if not account.holder:
        raise ValidationError({"holder": "Indiquez le titulaire du compte."})
    account.iban_start, account.iban_last4 = account.iban[:4], account.iban[-4:]
    account.organisation_id = account.organisation_id or account.landlord.organisation_id
    account.created_by = acting_user
    account.full_clean()
    account.save()
    journal.record_action(
        acting_user=acting_user,
        organisation_id=account.organisation_id,
        subject=account,
        action=Action.CREATE,
        changes={"IBAN": journal.change("IBAN", None, account.masked)},
    )
    return account


@register_write
def save_bank_account_for(*, contract: Contract, account: OwnerBankAccount, acting_user) -> Contract:
    """New bank details of the contract's owner; the contract's rents are paid to them from now on."""
    stored = Contract.objects.select_for_update().get(pk=contract.pk)
    account.landlord_id, account.organisation_id = stored.landlord_id, stored.organisation_id
    before = journal.snapshot(stored)
    stored.bank_account = save_bank_account(account=account, acting_user=acting_user)
    stored.version += 1
    stored.save()
    _record(stored, acting_user=acting_user, before=before)
    return stored


def on_dwelling_exit(dwelling: Dwelling, *, acting_user=None) -> Lead | None:
    """A dwelling left the park (any writer; called by clef.contracts.signals in the writer's
    transaction). For the reasons that call for it, its contract in force ends that day and ONE
    re-captation lead opens for the managing operator with the contract's landlord."""
    if dwelling.exit_date is None or dwelling.exit_reason not in rules.RECAPTATION_REASONS:
        return None
    contract = (
        Contract.objects.select_for_update().filter(dwelling=dwelling).filter(ended_on__isnull=True).first()
    ) or Contract.objects.filter(dwelling=dwelling, ended_on=dwelling.exit_date).first()
    if contract is None:
        return None
    if contract.ended_on is None:
        before = journal.snapshot(contract)
        contract.ended_on, contract.end_reason = dwelling.exit_date, dwelling.exit_reason
        contract.version += 1
        contract.save()
        _record(contract, acting_user=acting_user, before=before)
    return captation.open_recaptation(
        dwelling=dwelling,
        landlord=contract.landlord,
        reason=dwelling.exit_reason,
        on=dwelling.exit_date,
        acting_user=acting_user,
    )


CARD_FIELDS = ["has_carte_professionnelle", "carte_pro_number", "carte_pro_issued_on", "carte_pro_expiry"]


@register_write
def save_carte_pro(*, organisation, acting_user, seen: str | None = None):
    """The operator's carte professionnelle (carte G), entered by its direction: what a mandate needs
    (rules.check_mandate judges it at each signature date). `seen`: the card as the form showed it
    (rules.carte_pro_seen); a card changed since is refused."""
    stored = type(organisation).objects.select_for_update().get(pk=organisation.pk)
    if seen is not None and seen != rules.carte_pro_seen(stored):
        raise ValidationError(rules.CARTE_PRO_STALE, code="stale")
    rules.check_carte_pro_dates(organisation.carte_pro_issued_on, organisation.carte_pro_expiry)
    before = journal.snapshot(stored, CARD_FIELDS)
    organisation.full_clean()
    organisation.save(update_fields=CARD_FIELDS)
    journal.record_action(
        acting_user=acting_user,
        organisation_id=organisation.pk,
        subject=organisation,
        action=Action.UPDATE,
        label="carte professionnelle",
        changes=journal.diff(before, journal.snapshot(organisation, CARD_FIELDS)),
    )
    return organisation
