"""Who may do what with the orientation records. Built on `clef.organisations.perms`: the owner's members
act by their role; the other side sees and acts only through the share in force
(`perms.share_rights`, THE sharing rule). Nobody else sees an availability, a proposal or a
re-orientation request (another operator, another SIAO, the State: 404).

- Availability (owner: the operator; shared with its SIAO): the operator's members see it; the direction,
  rental managers and captation officers make a dwelling available and withdraw it
  (`perms.can_edit_dwellings`); the SIAO's agents see it and propose candidates.
- Proposal (owner: the SIAO; shared with the operator): the SIAO's agents see it and withdraw it; the
  operator's members see it, its commission (direction, social workers) decides, its stay editors
  record the entry into its own dwelling.
- Re-orientation request (owner: the operator; shared with the SIAO): the operator's members see it, its
  household editors ask and close it; the SIAO's agents see and answer it.
"""

from __future__ import annotations

from clef.organisations import perms
from clef.organisations.models import Membership, OrganisationKind, Role
from clef.organisations.perms import NO_RIGHTS, RecordRights


def is_siao_agent(membership: Membership | None) -> bool:
    return bool(
        membership
        and membership.organisation.kind == OrganisationKind.SIAO
        and membership.role == Role.SIAO_AGENT
    )


def can_see_orientations(membership: Membership | None) -> bool:
    """The « Orientations » menu: the members of an operator and the SIAO's agents."""
    return perms.can_view_register(membership) or is_siao_agent(membership)


def can_make_available(membership: Membership | None) -> bool:
    """Making a dwelling available to the SIAO: whoever edits the operator's dwellings."""
    return perms.can_edit_dwellings(membership)


def can_decide(membership: Membership | None) -> bool:
    """The commission's decision on a candidate: the operator's household editors."""
    return perms.can_edit_households(membership)


def can_request_reorientation(membership: Membership | None) -> bool:
    return perms.can_edit_households(membership)


def _rights(membership: Membership | None, owner_id: int, shared_access: str | None, *, edit) -> RecordRights:
    """The owner's members by role (`edit(membership)`), the partner by the share in force."""
    if membership is None:
        return NO_RIGHTS
    if owner_id == membership.organisation_id:
        if not can_see_orientations(membership):
            return NO_RIGHTS
        return RecordRights(view=True, edit=edit(membership))
    return perms.share_rights(membership, shared_access)


def availability_rights(
    membership: Membership | None, availability, *, shared_access: str | None
) -> RecordRights:
    """Owner: edit = withdraw. SIAO partner: edit = propose candidates."""
    return _rights(membership, availability.organisation_id, shared_access, edit=can_make_available)


def proposal_rights(membership: Membership | None, proposal, *, shared_access: str | None) -> RecordRights:
    """Owner (the SIAO): edit = withdraw. Operator partner: edit = the commission's decision; `stays` = the
    entry into its own dwelling (its stay editors, never through the share itself)."""
    rights = _rights(membership, proposal.organisation_id, shared_access, edit=is_siao_agent)
    if rights.view and rights.share and membership.organisation_id == proposal.operator_id:
        return RecordRights(
            view=True, edit=rights.edit, stays=perms.can_edit_stays(membership), share=rights.share
        )
    return rights


def reorientation_rights(
    membership: Membership | None, request, *, shared_access: str | None
) -> RecordRights:
    """Owner (the operator): edit = close it. SIAO partner: edit = answer."""
    return _rights(membership, request.organisation_id, shared_access, edit=can_request_reorientation)
