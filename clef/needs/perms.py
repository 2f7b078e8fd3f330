"""Who may read and write the needs and the captation targets (rules of `clef.organisations.perms`,
never a copy of them; templates receive the booleans computed here).

- Needs (« état des lieux des besoins »): the SIAO's agents declare the households waiting in their
  department; operators' members (except social workers), the SIAO, captation platforms and State
  members read them over their area (`clef.needs.scope.needs_area`).
- Targets: a State coordinator (or the platform administrator) sets those of the operators it oversees
  (`perms.oversight`); State members read them over their oversight; an operator's members read their own.
- « Mon territoire »: members of a local authority or of a captation platform, for their territory.
"""

from __future__ import annotations

from clef.organisations import perms
from clef.organisations.models import Membership, Organisation, OrganisationKind, Role


def is_siao_member(membership: Membership | None) -> bool:
    return bool(membership and membership.organisation.kind == OrganisationKind.SIAO)


def can_declare_needs(membership: Membership | None) -> bool:
    """The SIAO's agents, for the department of their SIAO (its head office); never a read-only member."""
    return (
        is_siao_member(membership)
        and membership.role == Role.SIAO_AGENT
        and bool(membership.organisation.head_office_department_id)
    )


def can_see_needs(membership: Membership | None) -> bool:
    """The needs page: operators' members except social workers (as captation), SIAO members, captation
    platforms, State members who oversee a territory."""
    if membership is None:
        return False
    if is_siao_member(membership):
        return bool(membership.organisation.head_office_department_id)
    if perms.is_state_member(membership):
        return perms.oversight(membership) is not None
    return perms.can_see_captation(membership)


def has_needs_menu(membership: Membership | None) -> bool:
    """A menu entry to the needs page for the members who may read it but have no « Captation » menu
    (operators and platforms reach it from that menu): the SIAO (« Besoins ») and the State coordinators
    and readers (« Captation : besoins et objectifs », the targets one click away)."""
    return can_see_needs(membership) and not perms.can_see_captation(membership)


def can_see_targets(membership: Membership | None) -> bool:
    """The targets page: State members who oversee a territory, an operator's members (its own)."""
    if membership is None:
        return False
    if perms.is_state_member(membership):
        return perms.oversight(membership) is not None
    return perms.can_see_captation(membership) and membership.organisation.is_operator


def can_set_targets(membership: Membership | None) -> bool:
    """State coordinators and the platform administrator, over the operators they oversee."""
    return perms.is_state_actor(membership) and perms.oversight(membership) is not None


def may_set_target_of(membership: Membership | None, operator: Organisation) -> bool:
    """THE rule: the target of `operator` is set by a State actor whose oversight covers it."""
    if not can_set_targets(membership):
        return False
    return perms.oversight(membership).covers(operator)


def can_see_territory(membership: Membership | None) -> bool:
    """« Mon territoire »: local authorities and captation platforms (aggregate figures of their territory)."""
    return perms.is_local_authority_member(membership) or perms.is_platform_member(membership)
