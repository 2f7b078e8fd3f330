"""Access helpers of the « Gestion locative » pages (the rules are in `clef.organisations.perms`): an
operator's direction, rental managers, social workers, litigation officers and read-only members see the
households' accounts; the direction and rental managers write entries; the owner's side is never shown to
social workers. A role that may not: 403. A lease or a dwelling of another organisation: 404. Every read of
an account is written to the access log (context COMPTE)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.dwellings.models import Dwelling
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.organisations import perms
from clef.organisations.models import Membership
from clef.rental.models import Lease, LedgerEntry
from clef.stays.models import Stay
from clef.www.access import ClefRequest

SEE_REFUSED = (
    "Les comptes locatifs des ménages sont réservés à la direction, aux gestionnaires locatifs, aux "
    "travailleurs sociaux, aux chargés de contentieux et aux membres en lecture seule de l'opérateur."
)
EDIT_REFUSED = "Seules la direction et les gestionnaires locatifs passent des écritures."
RECOVERY_REFUSED = (
    "Seules la direction, les gestionnaires locatifs et les chargés de contentieux signalent un impayé."
)
OWNER_REFUSED = (
    "Le compte des propriétaires est réservé à la direction, aux gestionnaires locatifs et aux membres en "
    "lecture seule."
)


def require_ledger(request: ClefRequest, *, edit: bool = False) -> Membership:
    """The current membership if it may see the accounts (and write entries, `edit`), else 403."""
    membership = request.membership
    if not perms.can_see_ledger(membership):
        raise PermissionDenied(SEE_REFUSED)
    if edit and not perms.can_edit_ledger(membership):
        raise PermissionDenied(EDIT_REFUSED)
    return membership


def require_owner_accounts(request: ClefRequest) -> Membership:
    membership = require_ledger(request)
    if not perms.can_see_owner_accounts(membership):
        raise PermissionDenied(OWNER_REFUSED)
    return membership


def get_account_or_404(request: ClefRequest, pk: int, *, edit: bool = False, recovery: bool = False) -> Lease:
    membership = require_ledger(request, edit=edit)
    if recovery and not perms.can_edit_recovery(membership):
        raise PermissionDenied(RECOVERY_REFUSED)
    lease = (
        Lease.objects.for_organisation(membership.organisation_id)
        .select_related("stay__household", "stay__dwelling__commune", "contract", "organisation")
        .prefetch_related("stay__household__members")
        .filter(pk=pk)
        .first()
    )
    if lease is None:
        raise Http404
    return lease


def get_entry_or_404(request: ClefRequest, lease: Lease, pk) -> LedgerEntry:
    entry = LedgerEntry.objects.filter(lease=lease, pk=pk).first() if str(pk).isdigit() else None
    if entry is None:
        raise Http404
    return entry


def get_stay_without_lease_or_404(request: ClefRequest, pk: int) -> Stay:
    membership = require_ledger(request, edit=True)
    stay = (
        Stay.objects.filter(organisation_id=membership.organisation_id, pk=pk)
        .select_related("household", "dwelling__commune")
        .prefetch_related("household__members")
        .first()
    )
    if stay is None:
        raise Http404
    return stay


def get_owner_dwelling_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> Dwelling:
    """A dwelling of the member's organisation whose owner's account it may see (and write, `edit`: the
    direction and rental managers), else 404 / 403."""
    membership = require_owner_accounts(request)
    if edit and not perms.can_edit_ledger(membership):
        raise PermissionDenied(EDIT_REFUSED)
    dwelling = (
        Dwelling.objects.filter(organisation_id=membership.organisation_id, pk=pk)
        .select_related("commune")
        .first()
    )
    if dwelling is None:
        raise Http404
    return dwelling


def log_account_read(request: ClefRequest, lease: Lease) -> None:
    """A page or a document shows one household's account (entries, receipt, statement)."""
    log_access(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        context=AccessLogEntry.Context.COMPTE,
        household_ids=[lease.stay.household_id],
        subject=lease,
    )


def log_account_list(request: ClefRequest, household_ids: list[int]) -> None:
    """A list shows the balances of these households."""
    log_access(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        context=AccessLogEntry.Context.COMPTE,
        household_ids=household_ids,
    )


def log_stay_read(request: ClefRequest, stay) -> None:
    """The lease being created names the household of this stay (no account yet: the stay is the subject)."""
    log_access(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        context=AccessLogEntry.Context.COMPTE,
        household_ids=[stay.household_id],
        subject=stay,
    )
