"""Guarantee workflows: every write to the security fund (contributors, contributions, claims, their
decision and payout, documents) and to Visale (guarantees, claims) goes through here, in one transaction,
journaled in it (clef.utils.writes: transaction, constraint errors in French, optimistic locking on claims
and guarantees, which the manager and the operator may both have open).

Journal: a claim's events are journaled in the operator's organisation (with the household when the claim
names a stay) and, for the decision and the payout, in the fund manager's too (without the household);
contributions in the manager's organisation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.guarantees import fund_rules, queries, rules
from clef.guarantees.enums import FundClaimStatus, VisaleClaimStatus
from clef.guarantees.models import (
    FundClaim,
    FundClaimDocument,
    FundContribution,
    FundContributor,
    VisaleClaim,
    VisaleGuarantee,
)
from clef.guarantees.visale import claim_context
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

register_constraint_errors(
    {
        "fund_contributor_unique_name": {"name": "Ce fonds a déjà un contributeur de ce nom."},
        "fund_contributor_unique_organisation": {
            "organisation": "Cette organisation contribue déjà au fonds."
        },
        "visale_unique_contract_number": {
            "contract_number": "Ce numéro de contrat Visale est déjà enregistré pour un autre bail."
        },
    }
)


def _household_id(claim: FundClaim) -> int | None:
    return claim.stay.household_id if claim.stay_id else None


# --- The security fund -------------------------------------------------------------------------------------


@register_write
def save_contributor(*, contributor: FundContributor, acting_user) -> FundContributor:
    creating = contributor.pk is None
    before = None if creating else journal.snapshot(FundContributor.objects.get(pk=contributor.pk))
    contributor.full_clean()
    contributor.save()
    journal.record(
        acting_user=acting_user,
        instance=contributor,
        action=Action.CREATE if creating else Action.UPDATE,
        before=before,
        organisation_id=contributor.fund.manager_id,
    )
    return contributor


@register_write
def record_contribution(*, contribution: FundContribution, acting_user) -> FundContribution:
    """A contribution received by the fund (the contributor must be one of the fund's)."""
    if contribution.contributor.fund_id != contribution.fund_id:
        raise ValidationError({"contributor": "Ce contributeur n'est pas un contributeur de ce fonds."})
    try:
        fund_rules.RECEIVED_NOT_IN_FUTURE.check(contribution.received_on)
    except ValidationError as exc:
        raise ValidationError({"received_on": exc.messages}) from exc
    contribution.created_by = acting_user
    contribution.full_clean()
    contribution.save()
    journal.record(
        acting_user=acting_user,
        instance=contribution,
        action=Action.CREATE,
        organisation_id=contribution.fund.manager_id,
    )
    return contribution


@register_write
def declare_fund_claim(
    *, claim: FundClaim, documents: list[tuple[object, str]] = (), acting_user
) -> FundClaim:
    """An operator's claim (« déposée »), with its documents (file, caption)."""
    if claim.stay_id and claim.stay.organisation_id != claim.operator_id:
        raise ValidationError({"stay": "Ce séjour n'appartient pas à votre structure."})
    rules.check_fund_claim(loss_amount=claim.loss_amount, amount_claimed=claim.amount_claimed)
    if claim.stay_id and claim.loss_amount is not None and claim.declared_on is not None:
        rent_debt, damage_charged = queries.claim_ledger_figures(claim.stay, claim.declared_on)
        fund_rules.check_claim_against_ledger(
            kind=claim.kind,
            loss_amount=claim.loss_amount,
            on=claim.declared_on,
            rent_debt=rent_debt,
            damage_charged=damage_charged,
        )
    claim.status = FundClaimStatus.DEPOSEE
    claim.declared_by = acting_user
    claim.full_clean()
    claim.save()
    journal.record(
        acting_user=acting_user,
        instance=claim,
        action=Action.CREATE,
        organisation_id=claim.operator_id,
        household_id=_household_id(claim),
    )
    for file, caption in documents:
        add_claim_document(claim=claim, file=file, caption=caption, acting_user=acting_user)
    return claim


@register_write
def add_claim_document(*, claim: FundClaim, file, caption: str, acting_user) -> FundClaimDocument:
    document = FundClaimDocument(claim=claim, file=file, caption=caption, uploaded_by=acting_user)
    document.full_clean()
    document.save()
    journal.record_action(
        acting_user=acting_user,
        organisation_id=claim.operator_id,
        subject=claim,
        action=Action.UPDATE,
        changes={"pièce": journal.change("Pièce jointe", None, caption)},
        household_id=_household_id(claim),
    )
    return document


def _journal_claim(claim: FundClaim, before: dict, acting_user) -> None:
    for organisation_id, household_id in (
        (claim.operator_id, _household_id(claim)),
        (claim.fund.manager_id, None),
    ):
        journal.record(
            acting_user=acting_user,
            instance=claim,
            action=Action.UPDATE,
            before=before,
            organisation_id=organisation_id,
            household_id=household_id,
        )


@register_write
def decide_fund_claim(
    *,
    claim: FundClaim,
    expected_version: int | None,
    status: str,
    decided_on: date,
    amount_granted: Decimal | None,
    decision_note: str,
    acting_user,
) -> FundClaim:
    """The manager accepts (with the amount granted) or refuses a claim « déposée »."""
    stored = lock_and_check_version(claim, expected_version)
    before = journal.snapshot(stored)
    rules.check_decision(claim=stored, status=status, decided_on=decided_on, amount_granted=amount_granted)
    stored.status, stored.decided_on, stored.decision_note = status, decided_on, decision_note
    stored.amount_granted = amount_granted if status == FundClaimStatus.ACCEPTEE else None
    stored.decided_by = acting_user
    stored.version += 1
    stored.full_clean()
    stored.save()
    _journal_claim(stored, before, acting_user)
    return stored


@register_write
def pay_fund_claim(
    *, claim: FundClaim, expected_version: int | None, paid_on: date, paid_amount: Decimal, acting_user
) -> FundClaim:
    """The payout of an accepted claim: the fund's balance falls by `paid_amount`. One payout closes the claim
    (fund_rules); dated today at the latest, within the fund's balance."""
    stored = lock_and_check_version(claim, expected_version)
    before = journal.snapshot(stored)
    rules.check_payout(claim=stored, paid_on=paid_on, paid_amount=paid_amount)
    try:
        fund_rules.PAID_NOT_IN_FUTURE.check(paid_on)
    except ValidationError as exc:
        raise ValidationError({"paid_on": exc.messages}) from exc
    balance = queries.fund_balance(stored.fund, timezone.localdate())
    fund_rules.check_payout_within_balance(paid_amount=paid_amount, balance=balance)
    stored.status, stored.paid_on, stored.paid_amount = FundClaimStatus.VERSEE, paid_on, paid_amount
    stored.version += 1
    stored.full_clean()
    stored.save()
    _journal_claim(stored, before, acting_user)
    return stored


# --- Visale -------------------------------------------------------------------------------------------------


@register_write
def save_visale_guarantee(
    *, guarantee: VisaleGuarantee, acting_user, expected_version: int | None = None
) -> VisaleGuarantee:
    creating = guarantee.pk is None
    before = None
    if creating:
        guarantee.created_by = acting_user
        guarantee.organisation_id = guarantee.lease.organisation_id
    else:
        stored = lock_and_check_version(guarantee, expected_version)
        before = journal.snapshot(stored)
        guarantee.version = stored.version + 1
    guarantee.full_clean()
    guarantee.save()
    journal.record(
        acting_user=acting_user,
        instance=guarantee,
        action=Action.CREATE if creating else Action.UPDATE,
        before=before,
        household_id=guarantee.lease.stay.household_id,
    )
    return guarantee


@register_write
def declare_visale_claim(*, claim: VisaleClaim, acting_user) -> VisaleClaim:
    """A claim checked against the lease's ledger on the day it is declared (rules.check_claim: the household's
    own debt, the 36 instalments, the first claim not for charges only)."""
    guarantee = claim.guarantee
    rules.check_claim(
        kind=claim.kind,
        months=claim.months,
        amount=claim.amount,
        charges_amount=claim.charges_amount,
        **claim_context(guarantee, claim.declared_on),
    )
    claim.status = VisaleClaimStatus.DECLAREE
    claim.created_by = acting_user
    claim.full_clean()
    claim.save()
    journal.record(
        acting_user=acting_user,
        instance=claim,
        action=Action.CREATE,
        organisation_id=guarantee.organisation_id,
        household_id=guarantee.lease.stay.household_id,
    )
    return claim


@register_write
def update_visale_claim(
    *,
    claim: VisaleClaim,
    expected_version: int | None,
    status: str,
    paid_on: date | None,
    paid_amount: Decimal | None,
    acting_user,
) -> VisaleClaim:
    """Action Logement's answer: accepted, refused, indemnified (with the amount and the day)."""
    stored = lock_and_check_version(claim, expected_version)
    before = journal.snapshot(stored)
    if status == VisaleClaimStatus.INDEMNISEE:
        if paid_on is None or not paid_amount:
            raise ValidationError({"paid_amount": "Indiquez le montant et la date de l'indemnisation."})
        if paid_amount > stored.amount:
            raise ValidationError({"paid_amount": "L'indemnisation ne peut dépasser le montant déclaré."})
    else:
        paid_on, paid_amount = None, None
    stored.status, stored.paid_on, stored.paid_amount = status, paid_on, paid_amount
    stored.version += 1
    stored.full_clean()
    stored.save()
    journal.record(
        acting_user=acting_user,
        instance=stored,
        action=Action.UPDATE,
        before=before,
        organisation_id=stored.guarantee.organisation_id,
        household_id=stored.guarantee.lease.stay.household_id,
    )
    return stored
