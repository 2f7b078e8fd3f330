"""The built-in sections of the IML meeting and of « À faire », in the order of the AIVS practice: occupancy
terms reaching their end, social-housing demands, lease slides, overdue meetings and joint visits,
re-orientation requests; for the SIAO, the dwellings made available with no candidate.

Each provider wraps one query function of the app that owns the records (`clef.occupancy.queries`,
`clef.support.queries`, `clef.orientation.queries`) and turns its rows into `Item`s: one query per
section (two for the support's, which read the operator's practice settings first). This module is
discovered like any app's `agenda_sections.py` (see `clef.agenda.sections`).
"""

from __future__ import annotations

from datetime import date

from clef.agenda.sections import BOTH, SIAO, SOCIAL, Item
from clef.orientation import queries as orientation
from clef.support import queries as support
from clef.support import rules as support_rules

HOUSEHOLD_PAGE = "www:household_detail"


def _fr(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


# --- Support: the monthly meeting, the joint visit every semester -----------------------------------------


def _overdue_items(rows, what: str, last_field: str) -> list[Item]:
    items = []
    for household in rows:
        last = getattr(household, last_field)
        since = f"dernière le {_fr(last)}" if last else f"aucune depuis l'entrée le {_fr(household.since)}"
        items.append(
            Item(
                subject=household,
                household_id=household.pk,
                label=f"{what} en retard ({since} ; tous les {household.every_months} mois)",
                due_on=support_rules.due_on(household.reference_on, household.every_months),
                url_name=HOUSEHOLD_PAGE,
                url_args=(household.pk,),
            )
        )
    return items


def overdue_meetings(organisation_id: int, on: date) -> list[Item]:
    rows = support.overdue_meetings(organisation_id, on).only("pk")
    return _overdue_items(rows, "Rencontre du ménage", "last_meeting")


def overdue_joint_visits(organisation_id: int, on: date) -> list[Item]:
    rows = support.overdue_joint_visits(organisation_id, on).only("pk")
    return _overdue_items(rows, "Visite conjointe gestionnaire et travailleur social", "last_joint_visit")


# --- Orientation: re-orientation requests, availabilities without candidate --------------------------------


def reorientation_requests(organisation_id: int, on: date) -> list[Item]:
    """The operator's open requests (waiting for the SIAO), or, for a SIAO, the requests to answer."""
    items = []
    for request in orientation.open_reorientation_requests(organisation_id):
        own = request.organisation_id == organisation_id
        items.append(
            Item(
                subject=request,
                household_id=request.household_id,
                label=(
                    f"Demande de réorientation du {_fr(request.requested_on)} "
                    f"({request.get_proposed_solution_display()}) : "
                    + (
                        "en attente de la réponse du SIAO"
                        if own
                        else f"à traiter pour {request.organisation.name}"
                    )
                ),
                due_on=request.due_on,
                url_name=HOUSEHOLD_PAGE if own else "",
                url_args=(request.household_id,) if own else (),
            )
        )
    return items


def availabilities_without_proposal(organisation_id: int, on: date) -> list[Item]:
    return [
        Item(
            subject=availability,
            household_id=None,
            label=(
                f"Logement mis à disposition par {availability.organisation.name} le "
                f"{_fr(availability.available_from)} sans candidat : {availability.dwelling}"
            ),
            due_on=availability.due_on,
        )
        for availability in orientation.availabilities_without_proposal(organisation_id)
    ]


SECTIONS = [
    {
        "code": "overdue_meetings",
        "title": "Rencontres du ménage en retard",
        "position": 400,
        "provider": overdue_meetings,
        "roles": SOCIAL,
    },
    {
        "code": "overdue_joint_visits",
        "title": "Visites conjointes en retard",
        "position": 410,
        "provider": overdue_joint_visits,
        "roles": BOTH,
    },
    {
        "code": "reorientations",
        "title": "Demandes de réorientation au SIAO sans réponse",
        "position": 500,
        "provider": reorientation_requests,
        "roles": SOCIAL | SIAO,
    },
    {
        "code": "availabilities_without_proposal",
        "title": "Logements mis à disposition sans proposition de candidat",
        "position": 600,
        "provider": availabilities_without_proposal,
        "roles": SIAO,
        "meeting": False,
    },
]
