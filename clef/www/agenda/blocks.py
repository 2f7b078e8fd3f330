"""The « À faire » block of the home page (the dashboard of an operator, the home of a SIAO agent)."""

from __future__ import annotations

from django.utils import timezone

from clef.agenda import perms
from clef.agenda.queries import household_names
from clef.agenda.todo import todo_for
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.www.access import ClefRequest

BLOCK_ENTRIES = 5


def todo_block(request: ClefRequest) -> dict | None:
    """The first entries of the member's « À faire » (None when its role has none): one query per
    section, one for the households' names; the households shown go to the access log."""
    membership = request.membership
    if not perms.can_see_todo(membership):
        return None
    entries = todo_for(membership, timezone.localdate())
    shown = entries[:BLOCK_ENTRIES]
    names = household_names(entry.item.household_id for entry in shown)
    log_access(
        user=request.user,
        organisation_id=membership.organisation_id,
        context=AccessLogEntry.Context.REUNION,
        household_ids=list(names),
    )
    return {"entries": shown, "names": names, "total": len(entries), "more": len(entries) > len(shown)}
