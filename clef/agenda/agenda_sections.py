"""The built-in sections of the IML meeting and of « À faire », in the order of the AIVS practice: occupancy
terms reaching their end, social-housing demands, lease slides, overdue meetings and joint visits,
re-orientation requests; for the SIAO, the dwellings made available with no candidate.

Each provider wraps one query function of the app that owns the records (`clef.occupancy.queries`,
`clef.support.queries`, `clef.orientation.queries`) and turns its rows into `Item`s: one query for the
rows, plus one where the owning function first reads the operator's practice settings (alert windows,
cadences). Labels say what is due, never the household's name. This module is discovered like any app's
`agenda_sections.py` (see `clef.agenda.sections`).
"""

from __future__ import annotations

from datetime import date

from clef.agenda.rules import every_months
from clef.agenda.sections import BOTH, RENTAL, SIAO, SOCIAL, Item
from clef.occupancy import queries as occupancy
from clef.orientation import queries as orientation
from clef.support import queries as support
from clef.support import rules as support_rules

HOUSEHOLD_PAGE = "www:household_detail"
APPOINTMENT_PAGE = "www:support_appointment"


def _fr(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


# --- Occupancy: terms, social-housing demands, lease slides ------------------------------------------------


def terms_due(organisation_id: int, on: date) -> list[Item]:
    items = []
    for term in occupancy.terms_due(organisation_id, on).select_related("stay"):
        passed = " (dépassée)" if term.ends_on < on else ""
        items.append(
            Item(
                subject=term,
                household_id=term.stay.household_id,
                label=f"{term.name} : fin le {_fr(term.ends_on)}{passed}, à renouveler ou non",
                due_on=term.due_on,
                url_name="www:occupancy_term_renew",
                url_args=(term.pk,),
            )
        )
    return items


def stays_beyond_recommended(organisation_id: int, on: date) -> list[Item]:
    return [
        Item(
            subject=stay,
            household_id=stay.household_id,
            label=(
                f"Dans le logement depuis le {_fr(stay.entry_date)} : au-delà de la durée d'occupation "
                f"préconisée depuis le {_fr(stay.due_on)}"
            ),
            due_on=stay.due_on,
            url_name=HOUSEHOLD_PAGE,
            url_args=(stay.household_id,),
        )
        for stay in occupancy.stays_beyond_recommended(organisation_id, on)
    ]


def households_without_demand(organisation_id: int, on: date) -> list[Item]:
    return [
        Item(
            subject=household,
            household_id=household.pk,
            label=f"Pas de demande de logement social active (dans le dispositif depuis le {_fr(household.due_on)})",
            due_on=household.due_on,
            url_name="www:occupancy_demand",
            url_args=(household.pk,),
        )
        for household in occupancy.households_without_active_demand(organisation_id, on).only("pk")
    ]


def demands_to_renew(organisation_id: int, on: date) -> list[Item]:
    return [
        Item(
            subject=demand,
            household_id=demand.household_id,
            label=f"Demande de logement social à renouveler avant le {_fr(demand.renewal_due_on)}",
            due_on=demand.due_on,
            url_name="www:occupancy_demand",
            url_args=(demand.household_id,),
        )
        for demand in occupancy.demands_to_renew(organisation_id, on)
    ]


def slide_candidates(organisation_id: int, on: date) -> list[Item]:
    items = []
    for stay in occupancy.slide_candidates(organisation_id, on):
        why = (
            f"avis favorable de la commission le {_fr(stay.last_commission_on)}"
            if stay.last_commission_on
            else f"prêt au point du {_fr(stay.last_reviewed_on)}"
        )
        items.append(
            Item(
                subject=stay,
                household_id=stay.household_id,
                label=f"Glissement du bail possible ({why})",
                due_on=stay.due_on,
                url_name="www:occupancy_slide",
                url_args=(stay.pk,),
            )
        )
    return items


def slide_reviews_due(organisation_id: int, on: date) -> list[Item]:
    items = []
    for stay in occupancy.slide_reviews_due(organisation_id, on):
        last = (
            f"dernier le {_fr(stay.last_reviewed_on)}"
            if stay.last_reviewed_on
            else f"aucun depuis l'entrée le {_fr(stay.entry_date)}"
        )
        items.append(
            Item(
                subject=stay,
                household_id=stay.household_id,
                label=f"Point sur le glissement du bail à faire ({last})",
                due_on=stay.due_on,
                url_name="www:occupancy_slide_review",
                url_args=(stay.pk,),
            )
        )
    return items


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
                label=f"{what} en retard ({since} ; {every_months(household.every_months)})",
                due_on=support_rules.due_on(household.reference_on, household.every_months),
                url_name=APPOINTMENT_PAGE,
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


def _reorientation_label(request, own: bool) -> str:
    asked = f"du {_fr(request.requested_on)} ({request.get_proposed_solution_display()})"
    if own:
        return f"Demande de réorientation {asked} : en attente de la réponse du SIAO"
    commune = request.stay.dwelling.commune
    where = f", logement à {commune.name}" if commune else ""
    return f"Demande de réorientation n° {request.pk} {asked}{where} : à traiter pour {request.organisation.name}"


def reorientation_requests(organisation_id: int, on: date) -> list[Item]:
    """The operator's open requests (waiting for the SIAO), or, for a SIAO, the requests to answer: the
    SIAO's items name no household (the request's number and commune; no household name beside it)."""
    items = []
    for request in orientation.open_reorientation_requests(organisation_id):
        own = request.organisation_id == organisation_id
        items.append(
            Item(
                subject=request,
                household_id=request.household_id if own else None,
                label=_reorientation_label(request, own),
                due_on=request.due_on,
                url_name="www:reorientation_detail",
                url_args=(request.pk,),
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
                f"{_fr(availability.available_from)} sans candidat en cours : {availability.dwelling}"
            ),
            due_on=availability.due_on,
            url_name="www:availability_detail",
            url_args=(availability.pk,),
        )
        for availability in orientation.availabilities_without_proposal(organisation_id)
    ]


SECTIONS = [
    {
        "code": "terms_due",
        "title": "Périodes d'occupation arrivant à échéance",
        "position": 100,
        "provider": terms_due,
        "roles": BOTH,
    },
    {
        "code": "beyond_recommended",
        "title": "Séjours au-delà de la durée préconisée",
        "position": 110,
        "provider": stays_beyond_recommended,
        "roles": BOTH,
    },
    {
        "code": "without_demand",
        "title": "Ménages sans demande de logement social active",
        "position": 200,
        "provider": households_without_demand,
        "roles": SOCIAL,
    },
    {
        "code": "demands_to_renew",
        "title": "Demandes de logement social à renouveler",
        "position": 210,
        "provider": demands_to_renew,
        "roles": SOCIAL,
    },
    {
        "code": "slide_candidates",
        "title": "Glissements de bail possibles",
        "position": 300,
        "provider": slide_candidates,
        "roles": RENTAL,
    },
    {
        "code": "slide_reviews",
        "title": "Points sur le glissement du bail à faire",
        "position": 310,
        "provider": slide_reviews_due,
        "roles": RENTAL,
    },
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
