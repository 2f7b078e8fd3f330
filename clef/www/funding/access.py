"""Access helpers of the funding pages (the rules are in `clef.funding.perms`).

Figures per operator, never a household: a member who may not read them gets 403; an operator outside
the member's reach (or an organisation that is not an operator) answers 404 on the subsidy form."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.funding import perms
from clef.organisations.models import Membership, Organisation
from clef.organisations.perms import Oversight
from clef.www.access import ClefRequest

FUNDING_REFUSED = (
    "Le financement de la mesure est réservé aux services de l'État et à la direction des structures agréées."
)
ENTER_REFUSED = (
    "Seuls les coordinateurs de l'État et la direction de la structure saisissent la subvention IML."
)


def require_funding(request: ClefRequest) -> tuple[Membership, Oversight]:
    """The funding page and its exports: the member and the operators it reads, else 403."""
    membership = request.membership
    over = perms.funding_oversight(membership)
    if over is None:
        raise PermissionDenied(FUNDING_REFUSED)
    return membership, over


def get_subsidy_operator_or_404(request: ClefRequest, pk: int) -> Organisation:
    """The operator whose subsidy the member enters: 403 for a member who never enters one, 404 for an
    operator outside its reach (or not an operator)."""
    membership = request.membership
    if not perms.may_enter_subsidies(membership):
        raise PermissionDenied(ENTER_REFUSED)
    operator = Organisation.objects.operators().select_related("head_office_department").filter(pk=pk).first()
    if operator is None or not perms.can_edit_subsidy(membership, operator):
        raise Http404
    return operator
