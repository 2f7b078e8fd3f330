"""Who sees the IML meeting, who records its decisions, who edits the practice settings, who has an
« À faire » list. Views and the context processor call these; templates get booleans."""

from __future__ import annotations

from clef.agenda import sections as registry
from clef.organisations import perms
from clef.organisations.models import Membership, Role

DECIDERS = {Role.DIRECTOR, Role.SOCIAL_WORKER, Role.RENTAL_MANAGER}


def can_see_meetings(membership: Membership | None) -> bool:
    """The monthly meeting names households: the members of an operator (any operator role)."""
    return perms.can_view_register(membership)


def can_decide(membership: Membership | None) -> bool:
    """Preparing a meeting and recording its decisions: the direction, social workers, rental managers."""
    return can_see_meetings(membership) and membership.role in DECIDERS


def can_see_practice(membership: Membership | None) -> bool:
    """The practice settings page: every member of an operator reads it."""
    return perms.can_view_register(membership)


def can_edit_practice(membership: Membership | None) -> bool:
    """Only the direction sets the structure's cadences and durations."""
    return perms.is_director(membership)


def can_see_todo(membership: Membership | None) -> bool:
    """« À faire »: a member whose role some section serves (an operator's director, social worker or
    rental manager; a SIAO agent). A section registered later for another role opens it to that role."""
    if membership is None or not registry.sections_for_role(membership.role):
        return False
    if membership.role == Role.SIAO_AGENT:
        return perms.opens_shared_records(membership)
    return can_see_meetings(membership)
