"""Who sees and enters the measure's funding (« Financement »).

Read: the State members (DREETS, DDETS, platform administrator, read-only State members) over the operators
they oversee; an operator's direction and its read-only members over their own structure. Enter a subsidy:
the State actors (coordinators, administrator) overseeing the operator, and the operator's director.
Nobody else (rental managers, social workers, SIAO, platforms, local authorities, networks) sees it.
"""

from __future__ import annotations

from clef.organisations.models import Membership, Organisation, Role
from clef.organisations.perms import Oversight, can_view_register, is_state_actor, is_state_member, oversight

OPERATOR_FUNDING_READERS = {Role.DIRECTOR, Role.READ_ONLY}


def funding_oversight(membership: Membership | None) -> Oversight | None:
    """The operators whose funding the member reads, or None (then 403)."""
    if can_view_register(membership):
        return oversight(membership) if membership.role in OPERATOR_FUNDING_READERS else None
    if is_state_member(membership):
        return oversight(membership)
    return None


def can_see_funding(membership: Membership | None) -> bool:
    """The « Financement » menu and page."""
    return funding_oversight(membership) is not None


def can_edit_subsidy(membership: Membership | None, organisation: Organisation) -> bool:
    """Enter or change the subsidy of `organisation`: its director, or a State actor overseeing it."""
    if membership is None:
        return False
    if can_view_register(membership):
        return membership.role == Role.DIRECTOR and membership.organisation_id == organisation.pk
    over = oversight(membership)
    return is_state_actor(membership) and over is not None and over.covers(organisation)


def may_enter_subsidies(membership: Membership | None) -> bool:
    """Whether the member may enter a subsidy for at least one operator (the page's « Saisir » button)."""
    if can_view_register(membership):
        return membership.role == Role.DIRECTOR
    return is_state_actor(membership) and oversight(membership) is not None
