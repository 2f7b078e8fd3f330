"""Access helpers of the needs, targets and territory pages (the rules are in `clef.needs.perms`).

Figures only (never a household, never an owner): a member who may not read them gets 403; an operator a
State actor does not oversee, or an organisation that is not an operator, answers 404 on the target form."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.needs import perms
from clef.needs.scope import Area, needs_area
from clef.organisations import perms as organisation_perms
from clef.organisations.models import Membership, Organisation
from clef.organisations.perms import Oversight
from clef.www.access import ClefRequest

NEEDS_REFUSED = (
    "L'état des lieux des besoins est réservé aux structures agréées (hors travailleurs sociaux), aux SIAO, "
    "aux plateformes de captation et aux services de l'État."
)
DECLARE_REFUSED = "Seuls les agents du SIAO déclarent les besoins de leur département."
TARGETS_REFUSED = "Les objectifs de captation sont réservés aux services de l'État et aux structures agréées."
SET_REFUSED = "Seuls les coordinateurs de l'État fixent les objectifs des structures qu'ils suivent."
TERRITORY_REFUSED = "« Mon territoire » est réservé aux collectivités et aux plateformes de captation."


def require_needs(request: ClefRequest) -> tuple[Membership, Area]:
    """The needs page and its exports: the member and the area it reads, else 403."""
    membership = request.membership
    area = needs_area(membership) if perms.can_see_needs(membership) else None
    if area is None:
        raise PermissionDenied(NEEDS_REFUSED)
    return membership, area


def require_needs_declarer(request: ClefRequest) -> Membership:
    """The SIAO's declaration grid: its agents only, else 403."""
    membership = request.membership
    if not perms.can_declare_needs(membership):
        raise PermissionDenied(DECLARE_REFUSED)
    return membership


def require_targets(request: ClefRequest) -> tuple[Membership, Oversight]:
    """The targets page: State members (their oversight), an operator's members (their own structure)."""
    membership = request.membership
    if not perms.can_see_targets(membership):
        raise PermissionDenied(TARGETS_REFUSED)
    return membership, organisation_perms.oversight(membership)


def get_target_operator_or_404(request: ClefRequest, pk: int) -> Organisation:
    """The operator whose target the State actor sets: 403 for a role that never sets one, 404 for an
    operator outside its oversight (or not an operator)."""
    membership = request.membership
    if not perms.can_set_targets(membership):
        raise PermissionDenied(SET_REFUSED)
    operator = Organisation.objects.operators().select_related("head_office_department").filter(pk=pk).first()
    if operator is None or not perms.may_set_target_of(membership, operator):
        raise Http404
    return operator


def require_territory(request: ClefRequest) -> Organisation:
    """« Mon territoire »: the member's local authority or platform, else 403."""
    membership = request.membership
    if not perms.can_see_territory(membership):
        raise PermissionDenied(TERRITORY_REFUSED)
    return membership.organisation
