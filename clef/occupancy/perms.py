"""Who may see and do what with occupancy terms, the social-housing demand and the lease slide, built on
`clef.organisations.perms` (roles named once there).

- Read: every operator role of the household's operator.
- Terms and slide reviews: the stay editors (direction, social workers, rental managers).
- The demand: the household editors (direction, social workers).
- The slide itself (the household leaves the scheme, the dwelling leaves the park): the direction and
  rental managers.
- A partner operator doing the household's support (a SUPPORT share in force) sees the demand, read
  only (a SUPPORT share made to anyone but an operator grants nothing here); it sees neither the terms nor the slide. Anyone else (SIAO, State, another operator): nothing
  (the pages answer 404).
"""

from __future__ import annotations

from dataclasses import dataclass

from clef.organisations import perms
from clef.organisations.models import Membership, Role, Share

SLIDE_DECIDERS = {Role.DIRECTOR, Role.RENTAL_MANAGER}


@dataclass(frozen=True)
class OccupancyRights:
    view_terms: bool = False  # terms, slide reviews and the slide
    edit_terms: bool = False  # renew, end a term; record a slide review
    view_demand: bool = False
    edit_demand: bool = False
    slide: bool = False

    @property
    def sees_anything(self) -> bool:
        return self.view_terms or self.view_demand


NONE = OccupancyRights()


def is_owner_member(membership: Membership | None, organisation_id: int) -> bool:
    return perms.can_view_register(membership) and membership.organisation_id == organisation_id


def can_slide(membership: Membership | None) -> bool:
    """The lease slide: the direction and rental managers of the operator."""
    return perms.can_view_register(membership) and membership.role in SLIDE_DECIDERS


def occupancy_rights(
    membership: Membership | None, organisation_id: int, *, shared_access: str | None = None
) -> OccupancyRights:
    """The member's rights on the occupancy part of a household of `organisation_id` (`shared_access`:
    the access of the share of that household in force for the member's organisation, if any)."""
    if is_owner_member(membership, organisation_id):
        return OccupancyRights(
            view_terms=True,
            edit_terms=perms.can_edit_stays(membership),
            view_demand=True,
            edit_demand=perms.can_edit_households(membership),
            slide=can_slide(membership),
        )
    supports = shared_access == Share.Access.SUPPORT and perms.can_view_register(membership)
    if supports and perms.share_rights(membership, shared_access).view:
        return OccupancyRights(view_demand=True)
    return NONE


def can_see_occupancy_lists(membership: Membership | None) -> bool:
    """The lists « Échéances d'occupation », « Demandes de logement social », « Glissements de bail »:
    members of an operator, for its own households."""
    return perms.can_view_register(membership)
