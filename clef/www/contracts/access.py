"""Access helpers of the conventions and contracts pages: every view starts with one of these. The rules
are `clef.organisations.perms` (can_see_contracts, can_edit_contracts, can_read_bank_details,
is_director): a record of another organisation answers 404, a role that may not answers 403 (social
workers, and every member of a SIAO, a State service, a platform or a local authority: these pages are
the managing operator's)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.captation.models import Lead
from clef.captation.rules import SIGNABLE_STAGES
from clef.contracts.models import ENCRYPTED_FIELDS, AnahConvention, Contract, OwnerBankAccount
from clef.dwellings.models import Dwelling
from clef.organisations import perms
from clef.organisations.models import Membership
from clef.www.access import EDIT_REFUSED, ClefRequest

READ_REFUSED = (
    "Les conventions et contrats sont réservés à la direction, à la gestion locative, aux chargés de "
    "captation et à la lecture seule de la structure qui gère le logement."
)
CARD_REFUSED = "La carte professionnelle de la structure est renseignée par sa direction."
BANK_REFUSED = (
    "Les coordonnées bancaires d'un contrat en cours sont remplacées par la direction ou la gestion locative "
    "(qui les lisent en clair)."
)


def require_contracts(request: ClefRequest, *, edit: bool = False) -> Membership:
    """The current membership if it may see (and with `edit`, write) the operator's contracts, else 403."""
    membership = request.membership
    if not perms.can_see_contracts(membership):
        raise PermissionDenied(READ_REFUSED)
    if edit and not perms.can_edit_contracts(membership):
        raise PermissionDenied(EDIT_REFUSED)
    return membership


def require_card_editor(request: ClefRequest) -> Membership:
    """The carte professionnelle of the operator: its direction."""
    membership = require_contracts(request)
    if not perms.is_director(membership):
        raise PermissionDenied(CARD_REFUSED)
    return membership


def _own(request: ClefRequest, queryset, pk: int, *, edit: bool):
    """A record of the member's operator: another organisation's (or none) answers 404 before the role is
    looked at, so that its existence is not revealed; then a role that may not answers 403."""
    membership = request.membership
    if membership is None:
        raise Http404
    found = queryset.filter(pk=pk, organisation_id=membership.organisation_id).first()
    if found is None:
        raise Http404
    require_contracts(request, edit=edit)
    return found


def get_contract_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> Contract:
    """The bank details' encrypted columns are not loaded (masked display; OwnerBankAccount.load_clear)."""
    queryset = Contract.objects.select_related("dwelling__commune", "landlord", "bank_account", "lead").defer(
        *(f"bank_account__{name}" for name in ENCRYPTED_FIELDS)
    )
    return _own(request, queryset, pk, edit=edit)


def get_contract_bank_or_404(request: ClefRequest, pk: int) -> Contract:
    """New bank details for an existing contract: its editors who read bank details in clear (at signing,
    a captation officer still enters them)."""
    contract = get_contract_or_404(request, pk, edit=True)
    if not perms.can_read_bank_details(request.membership):
        raise PermissionDenied(BANK_REFUSED)
    return contract


def get_convention_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> AnahConvention:
    queryset = AnahConvention.objects.select_related("dwelling__commune", "landlord", "renews")
    return _own(request, queryset, pk, edit=edit)


def get_bank_account_or_404(request: ClefRequest, pk: int) -> OwnerBankAccount:
    queryset = OwnerBankAccount.objects.select_related("landlord").defer(*ENCRYPTED_FIELDS)
    return _own(request, queryset, pk, edit=False)


def get_contract_dwelling_or_404(request: ClefRequest, pk: int) -> Dwelling:
    """A dwelling of the member's park, to record its contract or convention (contract editors)."""
    return _own(request, Dwelling.objects.select_related("commune"), pk, edit=True)


def get_lead_to_sign_or_404(request: ClefRequest, pk: int) -> Lead:
    """A lead ready to sign (at « visite » or « proposition ») whose managing operator is the member's
    organisation, signed by its contract editors. A lead managed by another operator answers 404; a lead
    at another stage too (nothing to sign)."""
    membership = request.membership
    if membership is None:
        raise Http404
    lead = (
        Lead.objects.select_related("landlord", "offered_dwelling__commune", "managing_operator")
        .filter(pk=pk, managing_operator_id=membership.organisation_id, stage__in=SIGNABLE_STAGES)
        .first()
    )
    if lead is None:
        raise Http404
    require_contracts(request, edit=True)
    return lead
