"""Access helpers of the « Guichet propriétaires » pages (rules in `clef.organisations.perms`).

- The platform's pages (`/guichet/…`): its members read (`is_platform_member`), its animators act
  (`is_platform_animator`); a request of another platform answers 404; anybody else 403.
- The operator's pages (`/guichet/recues/…`): a request is seen by the members of the operator it is
  shared with (share « captation » in force), through the one sharing rule `perms.share_rights`: its
  captation editors take it in charge; another operator, or the operator once the request came back to
  the desk, gets 404.
- The public pages need no login (`login_not_required` in the views) and show one desk or one request
  found by the hash of its private token.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone

from clef.guichet.models import Desk, OwnerRequest
from clef.guichet.tokens import hash_token
from clef.organisations import perms
from clef.organisations.models import Membership
from clef.www.access import ClefRequest

PLATFORM_REFUSED = "Le guichet unique est réservé aux membres d'une plateforme de captation."
ANIMATOR_REFUSED = "Seuls les animateurs de la plateforme (direction, chargés de captation) agissent ici."
RECEIVED_REFUSED = "Les demandes confiées par un guichet sont réservées aux structures agréées (captation)."
ACT_REFUSED = "Seuls la direction et les chargés de captation de la structure prennent une demande en charge."


def require_platform(request: ClefRequest, *, animate: bool = False) -> Membership:
    """A member of a captation platform (an animator when `animate`), else 403."""
    membership = request.membership
    if not perms.is_platform_member(membership):
        raise PermissionDenied(PLATFORM_REFUSED)
    if animate and not perms.is_platform_animator(membership):
        raise PermissionDenied(ANIMATOR_REFUSED)
    return membership


def get_desk_or_404(request: ClefRequest, *, animate: bool = False) -> Desk:
    """The desk of the member's platform (404 while it has none)."""
    membership = require_platform(request, animate=animate)
    desk = Desk.objects.filter(platform_id=membership.organisation_id).select_related("platform").first()
    if desk is None:
        raise Http404
    return desk


def get_request_or_404(request: ClefRequest, pk: int, *, animate: bool = False) -> OwnerRequest:
    """A request of the member's platform's desk; another platform's answers 404."""
    membership = require_platform(request, animate=animate)
    record = (
        OwnerRequest.objects.select_related(
            "desk", "commune", "assigned_operator", "acknowledged_by", "lead", "platform"
        )
        .filter(pk=pk, platform_id=membership.organisation_id)
        .first()
    )
    if record is None:
        raise Http404
    return record


def require_received(request: ClefRequest) -> Membership:
    """The operator's list of requests confided to it: the members who see captation, else 403."""
    membership = request.membership
    if not (perms.can_view_register(membership) and perms.can_see_captation(membership)):
        raise PermissionDenied(RECEIVED_REFUSED)
    return membership


def received_requests(membership: Membership):
    """Requests shared with the member's operator today (« captation » shares in force), with the access
    of that share as `shared_access`."""
    shares = perms.shares_in_force(membership, OwnerRequest, on=timezone.localdate())
    return OwnerRequest.objects.annotate(
        shared_access=Subquery(shares.filter(object_id=OuterRef("pk")).values("access")[:1])
    ).filter(shared_access__isnull=False)


def get_received_or_404(request: ClefRequest, pk: int, *, act: bool = False) -> OwnerRequest:
    """A request shared with the member's operator (404 otherwise); `act`: take it in charge (403 for a
    role that may not)."""
    membership = require_received(request)
    record = received_requests(membership).select_related("desk", "commune").filter(pk=pk).first()
    if record is None:
        raise Http404
    rights = perms.share_rights(membership, record.shared_access)
    if not rights.view:
        raise Http404
    if act and not rights.edit:
        raise PermissionDenied(ACT_REFUSED)
    record.rights = rights
    return record


def get_followed_request_or_404(token: str) -> OwnerRequest:
    """The request whose private follow token this is (public page: no login, no other data)."""
    if not token or len(token) > 100:
        raise Http404
    record = (
        OwnerRequest.objects.select_related("desk", "assigned_operator", "commune")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if record is None:
        raise Http404
    return record


def get_open_desk_or_404(slug: str) -> Desk:
    """A desk's public page (no login)."""
    desk = Desk.objects.filter(slug=slug).select_related("platform").first()
    if desk is None:
        raise Http404
    return desk
