"""Rows of the optional files of the pathways (issue 8) for the export: what Clef holds about entries,
occupancy terms, exit assessments and solicitations after exit of the given operators, as plain values
(clef.exchange.exporter turns them into text and exchange codes, and sorts them)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F

from clef.exchange.codes import REGARD_COLUMNS
from clef.exits.models import ExitAssessment, ExitPerspective, Solicitation
from clef.occupancy.models import OccupancyTerm
from clef.orientation.models import EntryChoice


def _entry_choices(orgs, sid: dict) -> list[list]:
    rows = EntryChoice.objects.filter(stay__organisation__in=orgs).values_list(
        "stay__organisation_id", "stay__external_id", "visited_before_signing", "alternative_offered"
    )
    return [[sid[r[0]], *r[1:]] for r in rows]


def _terms(orgs, sid: dict) -> list[list]:
    rows = OccupancyTerm.objects.filter(stay__organisation__in=orgs).values_list(
        "stay__organisation_id",
        "stay__external_id",
        "number",
        "starts_on",
        "ends_on",
        "decision",
        "decided_on",
        "reason",
    )
    return [[sid[r[0]], *r[1:]] for r in rows]


def _assessments(orgs, sid: dict) -> list[list]:
    judgements: dict[int, dict[str, str]] = defaultdict(dict)
    for assessment_id, perspective, judgement in ExitPerspective.objects.filter(
        assessment__stay__organisation__in=orgs
    ).values_list("assessment_id", "perspective", "judgement"):
        judgements[assessment_id][perspective] = judgement
    rows = ExitAssessment.objects.filter(stay__organisation__in=orgs).values_list(
        "pk",
        "stay__organisation_id",
        "stay__external_id",
        "assessed_on",
        "household_choice",
        "relay_kind",
        "relay_name",
    )
    return [
        [sid[r[1]], *r[2:], *(judgements[r[0]].get(code, "") for code in REGARD_COLUMNS.values())]
        for r in rows
    ]


def _solicitations(orgs, sid: dict) -> list[list]:
    """The solicitations each operator answered about its own households (a partner's, about another
    operator's household, stay in Clef: its file does not hold that household)."""
    rows = Solicitation.objects.filter(
        organisation__in=orgs, household__organisation=F("organisation")
    ).values_list(
        "household__organisation_id", "household__external_id", "solicited_on", "subject", "minutes_spent"
    )
    return [[sid[r[0]], *r[1:]] for r in rows]


def collect_optional(orgs, sid: dict) -> dict[str, list[list]]:
    """The rows of each optional file, in the columns of clef.exchange.spec.OPTIONAL_FILES."""
    return {
        "choix_entrees": _entry_choices(orgs, sid),
        "echeances": _terms(orgs, sid),
        "bilans_sortie": _assessments(orgs, sid),
        "sollicitations": _solicitations(orgs, sid),
    }
