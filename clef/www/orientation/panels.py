"""The « Orientation et choix du ménage » part of the household page: its wishes, the SIAO proposal it
came from, the choice recorded at each entry, its re-orientation requests (six queries, whatever the
household)."""

from __future__ import annotations

from clef.orientation.models import EntryChoice, Proposal, ReorientationRequest, Wishes
from clef.orientation.wishes import with_places
from clef.www.households.panels import Panel


def household_panel(request, household, today) -> Panel | None:
    rights = getattr(household, "rights", None)
    if rights is None or not rights.view:
        return None
    wishes = with_places(Wishes.objects.filter(household=household).first())
    proposal = (
        Proposal.objects.filter(household=household).select_related("organisation").order_by("-pk").first()
    )
    choices = list(
        EntryChoice.objects.filter(stay__household=household)
        .select_related("stay")
        .order_by("stay__entry_date")
    )
    requests = list(ReorientationRequest.objects.filter(household=household).select_related("siao")[:20])
    present = household.stays.filter(exit_date__isnull=True).exists()
    return Panel(
        template="orientation/panel.html",
        context={
            "household": household,
            "wishes": wishes,
            "proposal": proposal,
            "choices": choices,
            "requests": requests,
            "can_edit": rights.edit,
            "can_request": rights.edit and rights.is_owner and present,
            "shows_requests": rights.is_owner,
        },
    )
