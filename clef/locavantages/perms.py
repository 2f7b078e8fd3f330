"""Who may do what with Loc'Avantages pages (the roles named once, in clef.organisations.perms)."""

from clef.organisations import perms
from clef.organisations.models import Membership, Role


def can_simulate(membership: Membership | None) -> bool:
    """The owner's simulation: whoever sees the captation pipeline (operator members except social workers,
    captation platform members)."""
    return perms.can_see_captation(membership)


def is_platform_admin(membership: Membership | None) -> bool:
    """The administrator of the regional platform (State service)."""
    return bool(membership and membership.role == Role.PLATFORM_ADMIN)


def can_load_ceilings(membership: Membership | None) -> bool:
    """The ceilings of the yearly arrêté are reference data for the whole region: the platform administrator."""
    return is_platform_admin(membership)


def can_read_bonus_schemes(membership: Membership | None) -> bool:
    """The local bonuses in force: whoever simulates, the local authorities that fund them, the platform
    administrator."""
    return (
        can_simulate(membership)
        or perms.is_local_authority_member(membership)
        or is_platform_admin(membership)
    )


def can_add_bonus_schemes(membership: Membership | None) -> bool:
    """A scheme is added by the platform administrator or by a local authority (for itself)."""
    return is_platform_admin(membership) or perms.is_local_authority_member(membership)


def can_edit_bonus_scheme(membership: Membership | None, scheme) -> bool:
    """The platform administrator edits every scheme; a local authority the schemes it funds."""
    if is_platform_admin(membership):
        return True
    return perms.is_local_authority_member(membership) and scheme.authority_id == membership.organisation_id
