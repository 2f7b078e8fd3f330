"""Access helpers of the occupancy pages (terms, social-housing demand, lease slide): every view starts
with one of these. The rules are `clef.occupancy.perms`: a record the member may not see answers 404, an
action its role may not do answers 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.households.models import Household
from clef.occupancy import perms
from clef.occupancy.models import OccupancyTerm
from clef.organisations.models import Membership
from clef.stays.models import Stay
from clef.www.access import EDIT_REFUSED, ClefRequest, get_household_or_404

LISTS_REFUSED = "Ces listes sont réservées aux membres des structures agréées, pour leurs ménages."
SLIDE_REFUSED = "Le glissement du bail est enregistré par la direction ou la gestion locative."


def require_occupancy_lists(request: ClefRequest) -> Membership:
    """The occupancy lists: members of an operator (its own households), else 403."""
    membership = request.membership
    if not perms.can_see_occupancy_lists(membership):
        raise PermissionDenied(LISTS_REFUSED)
    return membership


def get_demand_household_or_404(request: ClefRequest, pk: int) -> Household:
    """The household whose social-housing demand the member edits (its operator's household editors).
    Not visible: 404; visible (a support partner, a read-only member) but not editable: 403."""
    household = get_household_or_404(request, pk)
    rights = perms.occupancy_rights(
        request.membership, household.organisation_id, shared_access=household.shared_access
    )
    if not rights.view_demand:
        raise Http404
    if not rights.edit_demand:
        raise PermissionDenied(EDIT_REFUSED)
    return household


def _own_rights(request: ClefRequest, organisation_id: int) -> perms.OccupancyRights:
    rights = perms.occupancy_rights(request.membership, organisation_id)
    if not rights.view_terms:
        raise Http404
    return rights


def get_term_or_404(request: ClefRequest, pk: int) -> OccupancyTerm:
    """A term of the member's operator that the member decides (stay editors), else 404 / 403."""
    term = (
        OccupancyTerm.objects.select_related("stay__household", "stay__dwelling__commune")
        .prefetch_related("stay__household__members")
        .filter(pk=pk)
        .first()
    )
    if term is None:
        raise Http404
    if not _own_rights(request, term.organisation_id).edit_terms:
        raise PermissionDenied(EDIT_REFUSED)
    return term


def get_occupancy_stay_or_404(request: ClefRequest, pk: int, *, slide: bool = False) -> Stay:
    """A stay of the member's operator: for its first term or a readiness review (stay editors) or, with
    `slide`, the slide itself (direction, rental managers). Not the member's operator's: 404; role not allowed: 403."""
    stay = (
        Stay.objects.select_related("household", "dwelling__commune")
        .prefetch_related("household__members")
        .filter(pk=pk)
        .first()
    )
    if stay is None:
        raise Http404
    rights = _own_rights(request, stay.organisation_id)
    if slide and not rights.slide:
        raise PermissionDenied(SLIDE_REFUSED)
    if not slide and not rights.edit_terms:
        raise PermissionDenied(EDIT_REFUSED)
    return stay
