"""Who may do what with the guided exit and the solicitations after exit, on top of the household's
rights (`clef.organisations.perms.household_rights`: the owner's roles, or `share_rights` for a partner).

- Read the checklist, the exit assessment and the solicitations: every operator role of the owner; a
  partner operator with a « accompagnement » (SUPPORT) share in force: its members read them too (its
  social workers do the support: they need to know whether the household is ready and how it left).
  Any other organisation (another operator, the SIAO, the State), or an « orientation » share: 404.
- The « prêt à sortir » checklist and the guided exit: the owner's stay editors (direction, social
  workers, rental managers). A partner never ends a stay (a share never grants the stays).
- The perspectives: the owner's stay editors; the funder's perspective by the direction only (it speaks
  for the structure to its funder), possibly after the exit.
- A solicitation after exit: the owner's household editors and rental managers; a SUPPORT partner's
  household editors (the household often calls the social worker who supported it): the solicitation
  then belongs to the partner and counts in its figures.
"""

from __future__ import annotations

from clef.exits.enums import Perspective
from clef.organisations.models import Membership, Role, Share
from clef.organisations.perms import RecordRights, can_view_register

SOLICITATION_RECORDERS = {Role.DIRECTOR, Role.SOCIAL_WORKER, Role.RENTAL_MANAGER}


def _support_partner(rights: RecordRights) -> bool:
    return rights.view and rights.share == Share.Access.SUPPORT


def can_read_exit(rights: RecordRights) -> bool:
    """The owner's members, or a partner through a SUPPORT share in force."""
    return rights.is_owner or _support_partner(rights)


def can_guide_exit(rights: RecordRights) -> bool:
    """The checklist and the guided exit: the owner's stay editors."""
    return rights.is_owner and rights.stays


def perspectives_for(membership: Membership | None, rights: RecordRights) -> list[str]:
    """The perspectives the member may fill: none, the four of the stay editors, or all five (direction)."""
    if not can_guide_exit(rights):
        return []
    every = list(Perspective.values)
    if membership is not None and membership.role == Role.DIRECTOR:
        return every
    return [p for p in every if p != Perspective.FINANCEUR]


def can_record_solicitation(membership: Membership | None, rights: RecordRights) -> bool:
    """The owner's household editors and rental managers; a SUPPORT partner's household editors."""
    if not can_view_register(membership):
        return False
    if rights.is_owner:
        return membership.role in SOLICITATION_RECORDERS
    return _support_partner(rights) and rights.edit


def can_see_solicitation_figures(membership: Membership | None) -> bool:
    """The operator page « Sollicitations après la sortie » (counts only): every operator role."""
    return can_view_register(membership)
