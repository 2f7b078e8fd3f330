"""Who may do what. Small documented rules; views call them through the access helpers.

Household-level data (households, persons, stays) is visible only to members of the operator that
owns it. State coordinators, SIAO agents and platform administrators never see it through Clef's
pages: they get aggregates (the bilan).
"""

from clef.organisations.models import OPERATOR_ROLES, Membership, Role

HOUSEHOLD_EDITORS = {Role.DIRECTOR, Role.SOCIAL_WORKER}
DWELLING_EDITORS = {Role.DIRECTOR, Role.RENTAL_MANAGER, Role.CAPTATION_OFFICER}
STAY_EDITORS = {Role.DIRECTOR, Role.SOCIAL_WORKER, Role.RENTAL_MANAGER}


def can_view_register(membership: Membership | None) -> bool:
    """Members of an operator (any operator role, read-only included) see its register."""
    return bool(membership and membership.organisation.is_operator and membership.role in OPERATOR_ROLES)


def can_edit_households(membership: Membership | None) -> bool:
    return can_view_register(membership) and membership.role in HOUSEHOLD_EDITORS


def can_edit_dwellings(membership: Membership | None) -> bool:
    return can_view_register(membership) and membership.role in DWELLING_EDITORS


def can_edit_stays(membership: Membership | None) -> bool:
    return can_view_register(membership) and membership.role in STAY_EDITORS
