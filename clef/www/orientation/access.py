"""Access helpers of the « Orientations » pages (the rules are in `clef.orientation.perms`, the sharing rule
in `clef.organisations.perms.share_rights`).

An availability, a proposal or a re-orientation request is seen by its owner's members and by the
members of the organisation it is shared with (share in force); anybody else gets 404 (another operator,
another SIAO, the State). A member who sees it but may not do what it asks gets 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone

from clef.organisations import perms as organisation_perms
from clef.organisations.models import Membership
from clef.orientation import perms
from clef.orientation.models import Availability, Proposal, ReorientationRequest
from clef.www.access import ClefRequest

MENU_REFUSED = "Les orientations sont réservées aux structures agréées et aux agents des SIAO."
MAKE_REFUSED = (
    "Seuls la direction, les gestionnaires locatifs et les chargés de captation mettent un logement à "
    "disposition du SIAO."
)
ACT_REFUSED = "Votre rôle ne permet pas cette action sur ce dossier."


def require_orientations(request: ClefRequest) -> Membership:
    """The « Orientations » pages: operator members and SIAO agents, else 403."""
    membership = request.membership
    if not perms.can_see_orientations(membership):
        raise PermissionDenied(MENU_REFUSED)
    return membership


def require_availability_maker(request: ClefRequest) -> Membership:
    membership = require_orientations(request)
    if not perms.can_make_available(membership):
        raise PermissionDenied(MAKE_REFUSED)
    return membership


def _with_share(request: ClefRequest, queryset, model):
    shares = organisation_perms.shares_in_force(request.membership, model, on=timezone.localdate())
    return queryset.annotate(
        shared_access=Subquery(shares.filter(object_id=OuterRef("pk")).values("access")[:1])
    )


def _checked(request: ClefRequest, record, rights_of, need: str):
    if record is None:
        raise Http404
    rights = rights_of(request.membership, record, shared_access=record.shared_access)
    if not rights.view:
        raise Http404
    if (need == "edit" and not rights.edit) or (need == "stays" and not rights.stays):
        raise PermissionDenied(ACT_REFUSED)
    record.rights = rights
    return record


def get_availability_or_404(request: ClefRequest, pk: int, *, need: str = "view") -> Availability:
    """`need`: "view", or "edit" (the operator withdraws it; the SIAO proposes a candidate)."""
    if request.membership is None:
        raise Http404
    queryset = Availability.objects.select_related("dwelling__commune", "organisation", "siao")
    record = _with_share(request, queryset, Availability).filter(pk=pk).first()
    return _checked(request, record, perms.availability_rights, need)


def get_proposal_or_404(request: ClefRequest, pk: int, *, need: str = "view") -> Proposal:
    """`need`: "view", "edit" (the commission decides; the SIAO withdraws) or "stays" (the entry)."""
    if request.membership is None:
        raise Http404
    queryset = Proposal.objects.select_related(
        "availability__dwelling__commune", "organisation", "operator", "stay", "household"
    )
    record = _with_share(request, queryset, Proposal).filter(pk=pk).first()
    return _checked(request, record, perms.proposal_rights, need)


def get_reorientation_or_404(request: ClefRequest, pk: int, *, need: str = "view") -> ReorientationRequest:
    """`need`: "view", or "edit" (the SIAO answers; the operator closes)."""
    if request.membership is None:
        raise Http404
    queryset = ReorientationRequest.objects.select_related(
        "household", "stay__dwelling__commune", "organisation", "siao"
    )
    record = _with_share(request, queryset, ReorientationRequest).filter(pk=pk).first()
    return _checked(request, record, perms.reorientation_rights, need)
