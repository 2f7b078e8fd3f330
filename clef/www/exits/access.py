"""Access helpers of the guided exit and of the solicitations after exit (the rules are in
`clef.exits.perms`, on top of the household's rights from `clef.www.access.get_household_or_404`).

A household the member may not see, or sees only through an « orientation » share (the SIAO): 404. A
role that may not do what it asks: 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.exits import perms
from clef.households.models import Household
from clef.organisations.models import Membership
from clef.stays.enums import Destination
from clef.stays.models import Stay
from clef.www.access import ClefRequest, get_household_or_404

GUIDE_REFUSED = (
    "Seuls la direction, les travailleurs sociaux et les gestionnaires locatifs de la structure qui loge le "
    "ménage préparent et enregistrent sa sortie."
)
SOLICIT_REFUSED = (
    "Votre rôle ne permet pas d'enregistrer une sollicitation : la direction, les travailleurs sociaux et "
    "les gestionnaires locatifs de la structure l'enregistrent (ou la direction et les travailleurs sociaux "
    "de la structure qui accompagne le ménage)."
)
FIGURES_REFUSED = "Les sollicitations après la sortie sont comptées pour les structures agréées."


def get_exit_household_or_404(request: ClefRequest, pk: int, *, need: str = "read") -> Household:
    """The household if the member may `need` its exit part: "read", "guide" (checklist, guided exit,
    perspectives) or "solicit" (record a solicitation)."""
    household = get_household_or_404(request, pk)
    rights = household.rights
    if not perms.can_read_exit(rights):
        raise Http404
    if need == "guide" and not perms.can_guide_exit(rights):
        raise PermissionDenied(GUIDE_REFUSED)
    if need == "solicit" and not perms.can_record_solicitation(request.membership, rights):
        raise PermissionDenied(SOLICIT_REFUSED)
    return household


def get_ended_stay_or_404(request: ClefRequest, pk: int, stay_pk: int) -> tuple[Household, Stay]:
    """A stay of the household ended by a real exit, for its assessment (the owner's stay editors)."""
    household = get_exit_household_or_404(request, pk, need="guide")
    stay = (
        Stay.objects.filter(pk=stay_pk, household=household, exit_date__isnull=False)
        .exclude(destination=Destination.MUTATION_INTERNE_IML)
        .select_related("dwelling", "dwelling__commune")
        .first()
    )
    if stay is None:
        raise Http404
    return household, stay


def require_solicitation_figures(request: ClefRequest) -> Membership:
    """The page « Sollicitations après la sortie » (counts of the current operator)."""
    membership = request.membership
    if not perms.can_see_solicitation_figures(membership):
        raise PermissionDenied(FIGURES_REFUSED)
    return membership
