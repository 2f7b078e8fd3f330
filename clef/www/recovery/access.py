"""Access helpers of the recovery pages (reminders, repayment plans, litigation): every view starts with one
of these. The rules are `clef.organisations.perms`: a household's rent account and its recovery are read by
`can_see_ledger` (direction, rental managers, social workers, the litigation officer, read-only members),
written by `can_edit_recovery` (direction, rental managers, the litigation officer); litigation cases are read
by `can_see_litigation` (not read-only members). A record of another organisation answers 404 before the
role is looked at; a role that may not answers 403 (captation officers, and every member of a SIAO, a State
service, a platform, a local authority or a network: these pages are the managing operator's)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.organisations import perms
from clef.organisations.models import Membership
from clef.recovery.models import LitigationCase, Reminder, RepaymentPlan
from clef.rental.models import Lease
from clef.www.access import EDIT_REFUSED, ClefRequest

READ_REFUSED = (
    "Les impayés et leur recouvrement sont réservés à la direction, à la gestion locative, au travail social, "
    "au chargé de contentieux et à la lecture seule de la structure qui gère le logement."
)
LITIGATION_REFUSED = (
    "Les procédures contentieuses sont réservées à la direction, à la gestion locative, au chargé de "
    "contentieux et au travail social de la structure."
)
HOUSEHOLD = ("stay__household", "stay__dwelling__commune")


def require_recovery(request: ClefRequest, *, edit: bool = False) -> Membership:
    """The current membership if it may see (and with `edit`, write) the operator's recovery, else 403."""
    membership = request.membership
    if not perms.can_see_ledger(membership):
        raise PermissionDenied(READ_REFUSED)
    if edit and not perms.can_edit_recovery(membership):
        raise PermissionDenied(EDIT_REFUSED)
    return membership


def require_litigation(request: ClefRequest, *, edit: bool = False) -> Membership:
    membership = request.membership
    if not perms.can_see_litigation(membership):
        raise PermissionDenied(LITIGATION_REFUSED)
    if edit and not perms.can_edit_recovery(membership):
        raise PermissionDenied(EDIT_REFUSED)
    return membership


def _own(request: ClefRequest, queryset, pk: int):
    """A record of the member's operator, else 404 (its existence is not revealed)."""
    membership = request.membership
    if membership is None:
        raise Http404
    found = queryset.filter(pk=pk, organisation_id=membership.organisation_id).first()
    if found is None:
        raise Http404
    return found


def get_lease_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> Lease:
    lease = _own(request, Lease.objects.select_related(*HOUSEHOLD), pk)
    require_recovery(request, edit=edit)
    return lease


def get_litigation_lease_or_404(request: ClefRequest, pk: int) -> Lease:
    """A lease whose case is to be opened: litigation editors."""
    lease = _own(request, Lease.objects.select_related(*HOUSEHOLD), pk)
    require_litigation(request, edit=True)
    return lease


def get_reminder_or_404(request: ClefRequest, pk: int) -> Reminder:
    reminder = _own(request, Reminder.objects.select_related(*(f"lease__{p}" for p in HOUSEHOLD)), pk)
    require_recovery(request)
    return reminder


def get_plan_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> RepaymentPlan:
    plan = _own(request, RepaymentPlan.objects.select_related(*(f"lease__{p}" for p in HOUSEHOLD)), pk)
    require_recovery(request, edit=edit)
    return plan


def get_case_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> LitigationCase:
    queryset = LitigationCase.objects.select_related(
        *(f"lease__{p}" for p in HOUSEHOLD), "officer", "social_worker"
    )
    case = _own(request, queryset, pk)
    require_litigation(request, edit=edit)
    return case
