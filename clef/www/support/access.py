"""Access helpers of the support pages (the rules are in `clef.support.perms`, on top of the household's
rights from `clef.www.access.get_household_or_404`).

A household the member may not see, or whose support it may not see (the SIAO, the State, another
operator, a partner whose share ended): 404. A role that may not do what it asks: 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from clef.households.models import Household
from clef.organisations.models import Membership
from clef.support import perms
from clef.support.queries import support_organisation_id
from clef.www.access import ClefRequest, get_household_or_404

REFUSED = {
    "team": "Seule l'équipe qui accompagne le ménage (travailleurs sociaux et direction de la structure qui "
    "assure l'accompagnement) consulte et écrit cette partie.",
    "joint_visit": "Seuls l'équipe qui accompagne le ménage et les gestionnaires locatifs de la structure "
    "enregistrent une visite.",
    "delegate": "Seule la direction de la structure qui loge le ménage confie son accompagnement à une "
    "structure partenaire.",
}


def support_of(request: ClefRequest, household: Household, today=None) -> perms.SupportRights:
    """The member's rights on the household's support today (one query)."""
    today = today or timezone.localdate()
    return perms.support_rights(request.membership, household, support_organisation_id(household, today))


def get_supported_household_or_404(request: ClefRequest, pk: int, *, need: str = "overview") -> Household:
    """The household if the member may `need` its support: "overview", "team", "joint_visit" or
    "delegate". The household carries `support` (a `clef.support.perms.SupportRights`)."""
    household = get_household_or_404(request, pk)
    rights = support_of(request, household)
    if not rights.overview:
        raise Http404
    if need != "overview" and not getattr(rights, need):
        raise PermissionDenied(REFUSED[need])
    household.support = rights
    return household


def require_relay_directory(request: ClefRequest, *, manage: bool = False) -> Membership:
    """The relay directory: every operator member sees it (else 403); its direction and social workers
    add the operator's own entries."""
    membership = request.membership
    if not perms.can_see_relay_directory(membership):
        raise PermissionDenied("L'annuaire des relais est réservé aux membres des structures agréées.")
    if manage and not perms.can_manage_relay_directory(membership):
        raise PermissionDenied("Seuls la direction et les travailleurs sociaux ajoutent une ressource.")
    return membership


def require_support_lists(request: ClefRequest) -> Membership:
    """The overdue meetings and joint visits of the households the operator supports: its members."""
    membership = request.membership
    if not perms.can_see_relay_directory(membership):
        raise PermissionDenied("Ces listes sont réservées aux membres des structures agréées.")
    return membership
