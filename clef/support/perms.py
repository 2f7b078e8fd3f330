"""THE support-team rule: who sees and writes what of a household's support (issue 8, sections 4 and 5).

The organisation doing the support on a day (`clef.support.queries.support_organisation_id`) is the
partner of the household's SUPPORT share in force that day, else the household's own operator.

- The support team: the social workers and the direction of that organisation. They read and write the
  notes, the appointments (with their notes), the agreement (objectives, reviews), the consent to home
  visits and the orientations to relays. Every read of a note is in the access log.
- The managing operator (the household's owner), when it is not the one doing the support, and the
  other operator roles of the organisation doing it: they see that support exists, which organisation
  does it, its intensity and its cadence (last meeting, last joint visit, overdue) — never a note, an
  objective or an orientation to a relay.
- The owner's rental managers may also record a joint visit they attended (without a note).
- Anybody else (the SIAO, the State, another operator, a partner whose share ended): nothing (404).
- A note (and an appointment's note) belongs to the organisation whose team wrote it: the team reads only
  its own organisation's (`team_writings`). When the support passes from one organisation to another
  (a delegation starts or ends), the new team does not read the previous team's notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from clef.organisations import perms as organisation_perms
from clef.organisations.models import Membership, Role

SUPPORT_TEAM_ROLES = {Role.DIRECTOR, Role.SOCIAL_WORKER}


@dataclass(frozen=True)
class SupportRights:
    overview: bool = False  # support exists, its organisation, intensity, cadence
    team: bool = False  # notes, appointments and their notes, agreement, consent, relays
    joint_visit: bool = False  # may record a joint visit (without a note)
    delegate: bool = False  # may entrust the support to a partner organisation, or end it
    support_organisation_id: int | None = None

    @property
    def delegated(self) -> bool:
        """Whether the support is done by another organisation than the viewer's."""
        return self.overview and not self.team and self.support_organisation_id is not None


NO_SUPPORT_RIGHTS = SupportRights()


def support_rights(membership: Membership | None, household, support_organisation_id: int) -> SupportRights:
    """What `membership` may do with the support of `household`, done by `support_organisation_id`."""
    if not organisation_perms.can_view_register(membership):
        return NO_SUPPORT_RIGHTS  # SIAO, State, platform: never a support file
    organisation_id = membership.organisation_id
    is_owner = organisation_id == household.organisation_id
    does_support = organisation_id == support_organisation_id
    if not (is_owner or does_support):
        return NO_SUPPORT_RIGHTS  # another operator, or a partner no longer doing the support
    team = does_support and membership.role in SUPPORT_TEAM_ROLES
    return SupportRights(
        overview=True,
        team=team,
        joint_visit=team or (is_owner and membership.role == Role.RENTAL_MANAGER),
        delegate=is_owner and membership.role == Role.DIRECTOR,
        support_organisation_id=support_organisation_id,
    )


def can_manage_relay_directory(membership: Membership | None) -> bool:
    """An operator's own entries in the relay directory: its direction and social workers."""
    return organisation_perms.can_view_register(membership) and membership.role in SUPPORT_TEAM_ROLES


def can_see_relay_directory(membership: Membership | None) -> bool:
    """The relay directory (« Relais »): every member of an operator."""
    return organisation_perms.can_view_register(membership)


def team_writings(queryset, support_organisation_id: int):
    """The notes (or appointments) the support team of `support_organisation_id` may read: those its own
    organisation wrote, never the previous or next team's (see the module docstring)."""
    return queryset.filter(organisation_id=support_organisation_id)
