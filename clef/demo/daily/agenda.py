"""The monthly IML meeting of the demo operators: one meeting held three weeks ago, prepared by the
agenda's own service (the registered sections find what was due), with decisions on most items."""

from __future__ import annotations

from datetime import date, timedelta

from clef.agenda.models import AgendaItem, Meeting
from clef.agenda.rules import check_multiline_text
from clef.agenda.services import prepare_meeting
from clef.demo.daily import texts
from clef.demo.daily.context import DailyContext, at_noon

TUESDAY = 1


def meeting_day(today: date) -> date:
    """The Tuesday of the week three weeks before `today` (the monthly meeting's usual day)."""
    day = today - timedelta(days=21)
    return day - timedelta(days=(day.weekday() - TUESDAY) % 7)


def write_meetings(ctx: DailyContext) -> dict[str, int]:
    """The meeting is prepared by the agenda's service (its sections decide what is due); the decisions
    taken that day are written together, dated from the meeting (the demo's history, not journaled)."""
    held_on = meeting_day(ctx.today)
    meetings = items = decided = 0
    for operator in ctx.operators.values():
        team = ctx.teams[operator.pk]
        meeting = prepare_meeting(organisation=operator, on=held_on, acting_user=team.director)
        Meeting.objects.filter(pk=meeting.pk).update(created_at=at_noon(held_on).replace(hour=9))
        rng = ctx.rng("meeting", operator.external_id, held_on)
        rows = list(meeting.items.order_by("position", "pk"))
        taken = [item for item in rows if rng.random() < 0.75]
        for item in taken:
            item.decision = rng.choice(texts.AGENDA_DECISIONS)
            check_multiline_text(item.decision)
            item.decided_by = team.director
            item.decided_at = at_noon(held_on).replace(hour=11)
            item.version += 1
        AgendaItem.objects.bulk_update(taken, ["decision", "decided_by", "decided_at", "version"])
        meetings += 1
        items += len(rows)
        decided += len(taken)
    return {"réunions IML": meetings, "points à l'ordre du jour": items, "décisions prises": decided}
