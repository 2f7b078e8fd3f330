"""Access helpers of the « Réunion IML », « À faire » and « Pratiques de la structure » pages (the rules
are in `clef.agenda.perms`). A meeting of another organisation, or any meeting for a member who is not an
operator's: 404. A role that may not do what it asks: 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.agenda import perms
from clef.agenda.models import AgendaItem, Meeting
from clef.organisations.models import Membership
from clef.www.access import ClefRequest

DECISION_REFUSED = (
    "Seuls la direction, les travailleurs sociaux et les gestionnaires locatifs préparent la réunion IML "
    "et en consignent les décisions."
)


def require_meetings(request: ClefRequest, *, decide: bool = False) -> Membership:
    """The IML meetings of the current operator: its members see them (403 for anyone else), the deciders
    prepare them (`decide`)."""
    membership = request.membership
    if not perms.can_see_meetings(membership):
        raise PermissionDenied("La réunion IML est réservée aux membres des structures agréées.")
    if decide and not perms.can_decide(membership):
        raise PermissionDenied(DECISION_REFUSED)
    return membership


def get_meeting_or_404(request: ClefRequest, pk: int, *, decide: bool = False) -> Meeting:
    membership = request.membership
    if not perms.can_see_meetings(membership):
        raise Http404
    meeting = (
        Meeting.objects.select_related("created_by", "organisation")
        .filter(pk=pk, organisation_id=membership.organisation_id)
        .first()
    )
    if meeting is None:
        raise Http404
    if decide and not perms.can_decide(membership):
        raise PermissionDenied(DECISION_REFUSED)
    return meeting


def get_agenda_item_or_404(request: ClefRequest, meeting_pk: int, pk: int) -> AgendaItem:
    """An item of a meeting of the current operator, for a member who may record its decision."""
    membership = request.membership
    if not perms.can_see_meetings(membership):
        raise Http404
    item = (
        AgendaItem.objects.select_related("meeting")
        .filter(pk=pk, meeting_id=meeting_pk, meeting__organisation_id=membership.organisation_id)
        .first()
    )
    if item is None:
        raise Http404
    if not perms.can_decide(membership):
        raise PermissionDenied(DECISION_REFUSED)
    return item


def require_todo(request: ClefRequest) -> Membership:
    membership = request.membership
    if not perms.can_see_todo(membership):
        raise PermissionDenied("Aucune liste « À faire » n'est prévue pour votre rôle.")
    return membership


def require_practice(request: ClefRequest, *, edit: bool = False) -> Membership:
    membership = request.membership
    if not perms.can_see_practice(membership):
        raise PermissionDenied("Les pratiques d'une structure sont réservées à ses membres.")
    if edit and not perms.can_edit_practice(membership):
        raise PermissionDenied("Seule la direction modifie les pratiques de la structure.")
    return membership
