"""Captation in the agenda (discovered by `clef.agenda`, see `clef.agenda.sections`): the next actions due
(« À faire » of the direction and captation officers) and the open re-captation leads (monthly meeting),
each lead in one section only.
Labels name the lead by its number and the dwelling by typology and commune, never the landlord."""

from __future__ import annotations

from datetime import date

from clef.captation import queries
from clef.organisations.models import Role

EDITORS = frozenset({Role.DIRECTOR, Role.CAPTATION_OFFICER})
LEAD_PAGE = "www:lead_detail"


def _where(lead) -> str:
    dwelling = lead.offered_dwelling or lead.source_dwelling
    if dwelling is None:
        return ""
    return f" ({dwelling.typology}, {dwelling.commune.name})"


def _next(lead, on: date) -> str:
    """A re-captation's next action, in its own section (a lead is listed in one section only)."""
    if not lead.next_action or lead.next_action_on is None:
        return ""
    late = " (en retard)" if lead.next_action_on < on else ""
    return f" ; prochaine action : {lead.next_action}, le {lead.next_action_on:%d/%m/%Y}{late}"


def next_actions(organisation_id: int, on: date) -> list[dict]:
    """The next actions due; a re-captation lead is in the « Re-captation » section instead."""
    items = []
    for lead in queries.next_actions_due(organisation_id, on, recaptations=False):
        late = " (en retard)" if lead.next_action_on < on else ""
        items.append(
            {
                "subject": lead,
                "household_id": None,
                "label": f"Dossier n° {lead.pk}{_where(lead)} : {lead.next_action}, le "
                f"{lead.next_action_on:%d/%m/%Y}{late}",
                "due_on": lead.next_action_on,
                "url_name": LEAD_PAGE,
                "url_args": (lead.pk,),
            }
        )
    return items


def recaptations(organisation_id: int, on: date) -> list[dict]:
    items = []
    for lead in queries.open_recaptations(organisation_id):
        dwelling = lead.source_dwelling
        reason = (lead.get_source_reason_display() or "sortie du parc").lower()
        when = f" le {dwelling.exit_date:%d/%m/%Y}" if dwelling and dwelling.exit_date else ""
        items.append(
            {
                "subject": lead,
                "household_id": None,
                "label": f"Re-captation, dossier n° {lead.pk}{_where(lead)} : {reason}{when}{_next(lead, on)}",
                "due_on": lead.next_action_on,
                "url_name": LEAD_PAGE,
                "url_args": (lead.pk,),
            }
        )
    return items


SECTIONS = [
    {
        "code": "captation_next_actions",
        "title": "Captation : actions à mener",
        "position": 700,
        "provider": next_actions,
        "roles": EDITORS,
        "meeting": False,
    },
    {
        "code": "recaptation",
        "title": "Re-captation",
        "position": 710,
        "provider": recaptations,
        "roles": EDITORS,
        "meeting": True,
    },
]
