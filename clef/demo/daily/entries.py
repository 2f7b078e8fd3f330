"""What the demo records about present stays for the SIAO: the household's choice at entry (visit before
signing, alternative offered) and the operator's re-orientation requests (« dialogue renforcé »)."""

from __future__ import annotations

from datetime import timedelta

from clef.demo.daily import texts
from clef.demo.daily.context import DAILY_SINCE, DailyContext
from clef.orientation import enums
from clef.orientation.models import EntryChoice, ReorientationRequest


def entry_choices(ctx: DailyContext) -> list[EntryChoice]:
    """The two practices recorded at entry, for every stay entered since the daily tools are in use."""
    result = []
    for stay in ctx.stays:
        if stay.entry_date < DAILY_SINCE:
            continue
        rng = ctx.rng("entry-choice", stay.external_id)
        choice = EntryChoice(
            stay_id=stay.pk,
            organisation_id=stay.organisation_id,
            visited_before_signing=rng.choices([True, False, None], weights=[75, 15, 10])[0],
            alternative_offered=rng.choices([True, False, None], weights=[35, 50, 15])[0],
            recorded_by=ctx.teams[stay.organisation_id].social_workers[0],
        )
        choice.entry_date = stay.entry_date
        result.append(choice)
    return result


def reorientations(ctx: DailyContext) -> list[ReorientationRequest]:
    """About one present household in twelve: the operator asks the SIAO for another solution; the
    oldest requests are answered or closed, the recent ones wait for the SIAO (each SIAO has at least
    one waiting: an operator's latest request)."""
    result = []
    for stay in ctx.stays:
        rng = ctx.rng("reorientation", stay.external_id)
        if not stay.present or stay.later_stay or rng.random() >= 0.08:
            continue
        requested = max(stay.entry_date + timedelta(days=60), ctx.today - timedelta(days=rng.randint(5, 150)))
        if requested > ctx.today:
            continue
        siao = ctx.siao[stay.organisation_id]
        request = ReorientationRequest(
            organisation_id=stay.organisation_id,
            household_id=stay.household_id,
            stay_id=stay.pk,
            siao=siao,
            requested_on=requested,
            requested_by=ctx.teams[stay.organisation_id].social_workers[0],
            reason=rng.choice([r for r in enums.ReorientationReason if r != enums.ReorientationReason.AUTRE]),
            reason_detail=rng.choice(texts.REORIENTATION_DETAILS),
            proposed_solution=rng.choice(list(enums.ProposedSolution)),
        )
        if (ctx.today - requested).days > 45:
            request.status = rng.choice(
                [enums.ReorientationStatus.ANSWERED, enums.ReorientationStatus.CLOSED]
            )
            request.answered_on = requested + timedelta(days=rng.randint(10, 40))
            if request.status == enums.ReorientationStatus.ANSWERED:
                request.siao_answer = rng.choice(texts.SIAO_ANSWERS)
                request.answered_by = ctx.siao_agents[siao.pk]
        result.append(request)
    for operator_id in ctx.operator_ids():
        asked = [r for r in result if r.organisation_id == operator_id]
        if asked and all(r.status != enums.ReorientationStatus.OPEN for r in asked):
            latest = max(asked, key=lambda r: (r.requested_on, r.stay_id))
            latest.status, latest.answered_on, latest.answered_by, latest.siao_answer = (
                enums.ReorientationStatus.OPEN,
                None,
                None,
                "",
            )
    return result
