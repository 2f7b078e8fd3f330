"""The exit part of a household's page: the « prêt à sortir » checklist of the present stay, the link to
the guided exit, the assessment of each exit (disagreements between perspectives highlighted) and the
solicitations after exit. Three queries at most (stays with their checklist and assessment, the
perspectives when there is an assessment, the solicitations), whatever the number of exits."""

from __future__ import annotations

from django.db.models import Prefetch

from clef.exits import perms
from clef.exits.enums import CRITERIA, READINESS_ITEMS, Perspective
from clef.exits.models import ExitPerspective, Solicitation
from clef.stays.enums import Destination
from clef.www.households.panels import Panel

PERSPECTIVE_ORDER = {code: position for position, code in enumerate(Perspective.values)}
SOLICITATIONS_SHOWN = 50


def _assessment_view(assessment) -> dict:
    rows = sorted(assessment.perspectives.all(), key=lambda p: PERSPECTIVE_ORDER[p.perspective])
    for row in rows:
        labels = dict(CRITERIA[Perspective(row.perspective)])
        row.criteria_labels = [labels.get(code, code) for code in row.criteria]
    judgements = {row.judgement for row in rows}
    missing = [
        Perspective(code).label for code in Perspective.values if code not in {r.perspective for r in rows}
    ]
    return {
        "assessment": assessment,
        "perspectives": rows,
        "disagree": len(judgements) > 1,
        "missing": missing,
    }


def household_panel(request, household, today) -> Panel | None:
    rights = household.rights
    if not perms.can_read_exit(rights):
        return None
    perspectives = Prefetch("exit_assessment__perspectives", queryset=ExitPerspective.objects.all())
    stays = list(
        household.stays.select_related("exit_readiness", "exit_assessment", "exit_assessment__relay_resource")
        .prefetch_related(perspectives)
        .order_by("-entry_date", "-pk")
    )
    present = next((stay for stay in stays if stay.exit_date is None), None)
    readiness = getattr(present, "exit_readiness", None) if present else None
    exits = []
    for stay in stays:
        if stay.exit_date is None or stay.destination == Destination.MUTATION_INTERNE_IML:
            continue
        assessment = getattr(stay, "exit_assessment", None)
        exits.append({"stay": stay, **(_assessment_view(assessment) if assessment else {"assessment": None})})
    solicitations = list(
        Solicitation.objects.filter(household=household).select_related("answered_by", "organisation")[
            :SOLICITATIONS_SHOWN
        ]
    )
    pathway_ended = present is None and bool(exits)
    context = {
        "household": household,
        "present": present,
        "readiness": readiness,
        "readiness_items": [(label, getattr(readiness, name)) for name, label in READINESS_ITEMS]
        if readiness
        else [],
        "exits": exits,
        "solicitations": solicitations,
        "pathway_ended": pathway_ended,
        "can_guide": perms.can_guide_exit(rights),
        "can_solicit": pathway_ended and perms.can_record_solicitation(request.membership, rights),
    }
    return Panel(template="exits/panel.html", context=context)
