"""SIAO orientation: a dwelling made available to the SIAO, the candidates it proposes, the household's
wishes, the choice at entry, and the operator's re-orientation requests.

An availability belongs to the operator and is shared with the SIAO; a proposal belongs to the SIAO
and is shared with the operator (`organisations.Share`, access « orientation »; what each side may do
is decided by `clef.organisations.perms.share_rights`)."""

from clef.orientation.models.availability import Availability, AvailabilityQuerySet
from clef.orientation.models.proposal import Proposal, ProposalQuerySet, ProposedMember, Wishes
from clef.orientation.models.stay import EntryChoice, ReorientationRequest

__all__ = [
    "Availability",
    "AvailabilityQuerySet",
    "EntryChoice",
    "Proposal",
    "ProposalQuerySet",
    "ProposedMember",
    "ReorientationRequest",
    "Wishes",
]
