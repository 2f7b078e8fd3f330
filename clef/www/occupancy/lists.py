"""The three occupancy lists, each with two views (tabs): what they query (clef.occupancy.queries), what
each row shows. One page of rows: a constant number of queries (the page, its count, the members of its
households)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.urls import reverse

from clef.occupancy import queries
from clef.occupancy.perms import OccupancyRights


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    primary: bool = False


@dataclass(frozen=True)
class Row:
    household: object
    dwelling: object | None
    due_on: date | None
    detail: str
    actions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class View:
    slug: str
    title: str
    due_label: str
    detail_label: str
    empty: str
    rows: Callable[[int, date], QuerySet]
    row: Callable[[object], Row]
    actions: Callable[[object, OccupancyRights], list[Action]] = lambda item, rights: []

    def build(self, item, rights: OccupancyRights) -> Row:
        """The row of `item` with the actions the member may take from the list."""
        row = self.row(item)
        return Row(row.household, row.dwelling, row.due_on, row.detail, tuple(self.actions(item, rights)))


def _term_actions(term, rights: OccupancyRights) -> list[Action]:
    if not rights.edit_terms:
        return []
    return [Action("Renouveler ou non", reverse("www:occupancy_term_renew", args=[term.pk]), primary=True)]


def _review_actions(stay, rights: OccupancyRights) -> list[Action]:
    if not rights.edit_terms:
        return []
    return [Action("Faire un point", reverse("www:occupancy_slide_review", args=[stay.pk]))]


def _candidate_actions(stay, rights: OccupancyRights) -> list[Action]:
    actions = []
    if rights.slide and stay.last_commission == "favorable":
        actions.append(
            Action("Glisser le bail", reverse("www:occupancy_slide", args=[stay.pk]), primary=True)
        )
    return actions + _review_actions(stay, rights)


def _demand_actions(household, rights: OccupancyRights) -> list[Action]:
    if not rights.edit_demand:
        return []
    return [Action("Enregistrer la demande", reverse("www:occupancy_demand", args=[household.pk]))]


def _renew_actions(demand, rights: OccupancyRights) -> list[Action]:
    if not rights.edit_demand:
        return []
    return [Action("Renouveler la demande", reverse("www:occupancy_demand", args=[demand.household_id]))]


def _term_rows(organisation_id: int, on: date) -> QuerySet:
    return (
        queries.terms_due(organisation_id, on)
        .select_related("stay__household", "stay__dwelling__commune")
        .prefetch_related("stay__household__members")
    )


def _term_row(term) -> Row:
    return Row(term.stay.household, term.stay.dwelling, term.due_on, term.name)


def _stay_rows(query):
    def rows(organisation_id: int, on: date) -> QuerySet:
        return (
            query(organisation_id, on)
            .select_related("household", "dwelling__commune")
            .prefetch_related("household__members")
        )

    return rows


def _beyond_row(stay) -> Row:
    reason = stay.reason or "Aucun motif indiqué"
    return Row(stay.household, stay.dwelling, stay.due_on, f"Entré le {stay.entry_date:%d/%m/%Y} — {reason}")


def _review_row(stay) -> Row:
    last = f"dernier point le {stay.last_reviewed_on:%d/%m/%Y}" if stay.last_reviewed_on else "aucun point"
    return Row(
        stay.household, stay.dwelling, stay.due_on, f"{stay.dwelling.get_management_mode_display()}, {last}"
    )


def _candidate_row(stay) -> Row:
    commission = (
        "commission favorable" if stay.last_commission == "favorable" else "prêt, commission à réunir"
    )
    return Row(stay.household, stay.dwelling, stay.due_on, commission)


def _without_rows(organisation_id: int, on: date) -> QuerySet:
    return queries.households_without_active_demand(organisation_id, on).prefetch_related("members")


def _without_row(household) -> Row:
    return Row(household, None, household.due_on, household.get_composition_display())


def _renew_rows(organisation_id: int, on: date) -> QuerySet:
    return (
        queries.demands_to_renew(organisation_id, on)
        .select_related("household")
        .prefetch_related("household__members")
    )


def _renew_row(demand) -> Row:
    return Row(
        demand.household, None, demand.due_on, f"n° {demand.number}" if demand.number else "numéro non connu"
    )


LISTS: dict[str, tuple[str, list[View]]] = {
    "terms": (
        "Échéances d'occupation",
        [
            View(
                "echeances",
                "Périodes arrivant à échéance",
                "Échéance",
                "Période",
                "Aucune période n'arrive à échéance.",
                _term_rows,
                _term_row,
                _term_actions,
            ),
            View(
                "au-dela",
                "Au-delà de la durée préconisée",
                "Au-delà depuis le",
                "Entrée et motif",
                "Aucun ménage n'est au-delà de la durée préconisée.",
                _stay_rows(queries.stays_beyond_recommended),
                _beyond_row,
            ),
        ],
    ),
    "demands": (
        "Demandes de logement social",
        [
            View(
                "sans-demande",
                "Ménages sans demande active",
                "Dans le dispositif depuis le",
                "Composition",
                "Tous les ménages présents ont une demande active.",
                _without_rows,
                _without_row,
                _demand_actions,
            ),
            View(
                "a-renouveler",
                "Demandes à renouveler",
                "À renouveler avant le",
                "Numéro unique",
                "Aucune demande n'est à renouveler prochainement.",
                _renew_rows,
                _renew_row,
                _renew_actions,
            ),
        ],
    ),
    "slides": (
        "Glissements de bail",
        [
            View(
                "candidats",
                "Ménages prêts au glissement",
                "Depuis le",
                "Situation",
                "Aucun ménage n'est prêt au glissement du bail.",
                _stay_rows(queries.slide_candidates),
                _candidate_row,
                _candidate_actions,
            ),
            View(
                "points",
                "Points sur le glissement à faire",
                "Point prévu le",
                "Logement et dernier point",
                "Aucun point sur le glissement n'est à faire prochainement.",
                _stay_rows(queries.slide_reviews_due),
                _review_row,
                _review_actions,
            ),
        ],
    ),
}
