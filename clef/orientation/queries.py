"""Reads of the orientation records that other apps (agenda) and the pages use: querysets, nothing
counted in Python. The delays (milestones of an availability and the spans between them) are defined
once in `clef.orientation.delays`."""

from __future__ import annotations

from django.db import models
from django.db.models import F, OuterRef, Q

from clef.orientation.enums import AvailabilityStatus, Decision, ReorientationStatus
from clef.orientation.models import Availability, Proposal, ReorientationRequest


def open_reorientation_requests(organisation_id: int):
    """Open re-orientation requests of an operator (asked by it) or of a SIAO (to answer), oldest first,
    with `due_on` (the day asked)."""
    return (
        ReorientationRequest.objects.filter(Q(organisation_id=organisation_id) | Q(siao_id=organisation_id))
        .filter(status=ReorientationStatus.OPEN)
        .annotate(due_on=F("requested_on"))
        .select_related("household", "stay__dwelling__commune", "organisation")
        .order_by("requested_on", "pk")
    )


def availabilities_without_proposal(siao_id: int):
    """Open availabilities of the SIAO with no candidate under way (none pending, none accepted), the
    longest vacant first, with `due_on` (the day the dwelling is available)."""
    under_way = Proposal.objects.filter(
        availability=OuterRef("pk"), decision__in=[Decision.PENDING, Decision.ACCEPTED]
    )
    return (
        Availability.objects.filter(siao_id=siao_id, status=AvailabilityStatus.OPEN)
        .exclude(models.Exists(under_way))
        .annotate(due_on=F("available_from"))
        .select_related("dwelling__commune", "organisation")
        .order_by("available_from", "pk")
    )
