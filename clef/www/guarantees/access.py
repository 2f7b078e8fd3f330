"""Access helpers of the « Fonds de sécurisation » and « Visale » pages (the rules are in
`clef.guarantees.perms` and `clef.organisations.perms`). A member with nothing to do with the funds: 403; a
fund it may not open, or another operator's claim: 404. Visale belongs to the operator's rent accounts:
members who see the ledger read it, the direction and rental managers enter guarantees, those who act on
recovery declare claims; another operator's guarantee: 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.guarantees.models import FundClaim, FundClaimDocument, SecurityFund, VisaleClaim, VisaleGuarantee
from clef.guarantees.perms import FundRights, fund_rights, visible_funds
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.organisations import perms
from clef.www.access import ClefRequest

FUNDS_REFUSED = (
    "Le fonds de sécurisation est réservé à son gestionnaire, aux services de l'État, et, dans les structures, "
    "à la direction, aux gestionnaires locatifs et au chargé de contentieux."
)
MANAGE_REFUSED = (
    "Seule la direction du réseau gestionnaire du fonds enregistre les contributions et les décisions."
)
DECLARE_REFUSED = "Seules la direction, les personnes chargées de la gestion locative et du contentieux déclarent une demande."
VISALE_REFUSED = (
    "Les garanties Visale sont réservées aux membres de la structure qui voient les comptes locatifs."
)
VISALE_EDIT_REFUSED = (
    "Seules la direction et les personnes chargées de la gestion locative saisissent une garantie."
)
VISALE_CLAIM_REFUSED = "Seules la direction, les personnes chargées de la gestion locative et du contentieux déclarent un sinistre."


def require_funds(request: ClefRequest, *, manage: bool = False, declare: bool = False) -> FundRights:
    rights = fund_rights(request.membership)
    if rights is None:
        raise PermissionDenied(FUNDS_REFUSED)
    if manage and not rights.manage:
        raise PermissionDenied(MANAGE_REFUSED)
    if declare and not rights.declare:
        raise PermissionDenied(DECLARE_REFUSED)
    return rights


def get_fund_or_404(
    request: ClefRequest, pk: int, *, manage: bool = False, declare: bool = False
) -> tuple[SecurityFund, FundRights]:
    rights = require_funds(request, manage=manage, declare=declare)
    fund = visible_funds(request.membership).select_related("region", "manager").filter(pk=pk).first()
    if fund is None:
        raise Http404
    return fund, rights


def get_fund_claim_or_404(
    request: ClefRequest, pk: int, *, manage: bool = False
) -> tuple[FundClaim, FundRights]:
    rights = require_funds(request, manage=manage)
    claims = FundClaim.objects.filter(fund__in=visible_funds(request.membership))
    if rights.operator_id is not None:
        claims = claims.filter(operator_id=rights.operator_id)
    claim = claims.select_related("fund__manager", "fund__region", "operator", "stay").filter(pk=pk).first()
    if claim is None:
        raise Http404
    return claim, rights


def get_fund_claim_document_or_404(request: ClefRequest, pk: int) -> FundClaimDocument:
    document = FundClaimDocument.objects.filter(pk=pk).first()
    if document is None:
        raise Http404
    document.claim, _ = get_fund_claim_or_404(request, document.claim_id)
    return document


def log_claim_read(request: ClefRequest, claim: FundClaim) -> None:
    """A claim read (its page, a document): the operator's members see which household it concerns, the fund's
    manager and the State read its amounts and documents (which may identify it): a read of personal data,
    logged in the reader's organisation with the claim as subject (and its household when it names a stay)."""
    log_access(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        context=AccessLogEntry.Context.GARANTIE,
        household_ids=[claim.stay.household_id] if claim.stay_id else [],
        subject=claim,
    )


def log_names_listed(request: ClefRequest, household_ids) -> None:
    """A select naming households (a claim's stay, a guarantee's lease) is a read of their personal data."""
    log_access(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        context=AccessLogEntry.Context.GARANTIE,
        household_ids=list(household_ids),
    )


def require_visale(request: ClefRequest, *, edit: bool = False, declare: bool = False):
    membership = request.membership
    if not perms.can_see_ledger(membership):
        raise PermissionDenied(VISALE_REFUSED)
    if edit and not perms.can_edit_ledger(membership):
        raise PermissionDenied(VISALE_EDIT_REFUSED)
    if declare and not perms.can_edit_recovery(membership):
        raise PermissionDenied(VISALE_CLAIM_REFUSED)
    return membership


def get_visale_guarantee_or_404(
    request: ClefRequest, pk: int, *, edit: bool = False, declare: bool = False
) -> VisaleGuarantee:
    membership = require_visale(request, edit=edit, declare=declare)
    guarantee = (
        VisaleGuarantee.objects.filter(organisation_id=membership.organisation_id, pk=pk)
        .select_related("lease__stay__household", "lease__stay__dwelling__commune")
        .prefetch_related("lease__stay__household__members")
        .first()
    )
    if guarantee is None:
        raise Http404
    log_access(
        user=request.user,
        organisation_id=membership.organisation_id,
        context=AccessLogEntry.Context.GARANTIE,
        household_ids=[guarantee.lease.stay.household_id],
        subject=guarantee,
    )
    return guarantee


def get_visale_claim_or_404(request: ClefRequest, pk: int) -> VisaleClaim:
    membership = require_visale(request, declare=True)
    claim = (
        VisaleClaim.objects.filter(guarantee__organisation_id=membership.organisation_id, pk=pk)
        .select_related("guarantee__lease__stay__household", "guarantee__lease__stay__dwelling__commune")
        .prefetch_related("guarantee__lease__stay__household__members")
        .first()
    )
    if claim is None:
        raise Http404
    log_access(
        user=request.user,
        organisation_id=membership.organisation_id,
        context=AccessLogEntry.Context.GARANTIE,
        household_ids=[claim.guarantee.lease.stay.household_id],
        subject=claim,
    )
    return claim
