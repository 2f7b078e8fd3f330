"""SIAO orientation in the demo: each demo operator makes its vacant dwellings available to the SIAO of
its department (op1 → SIAO du Rhône, op2 → SIAO de l'Isère), which proposes candidates.

- History: every household that entered a demo operator's dwelling since the daily tools are in use,
  oriented by the SIAO, came through an availability (filled on the entry day) and an accepted proposal
  linked to that household and stay, sometimes after other candidates (refused by the commission,
  declined by the household, withdrawn by the SIAO); its wishes are copied to the household.
- Today: most dwellings vacant today are open availabilities, some with pending proposals (one after a
  household's refusal), some without any (the SIAO has work to do).
(The choice at entry and the re-orientation requests: `entries.py`.)
Availabilities are shared with the SIAO and proposals with the operator (Share « orientation »), as
`clef.orientation.services` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from clef.demo import names
from clef.demo.daily import texts
from clef.demo.daily.context import DAILY_SINCE, DailyContext, StayRow
from clef.households.enums import Composition, PersonRole, PriorSituation, ResourceSource, Sex
from clef.orientation import enums, rules
from clef.orientation.models import (
    Availability,
    Proposal,
    ProposedMember,
    Wishes,
)

CANDIDATE_PRIOR = [
    PriorSituation.HEBERGEMENT_URGENCE,
    PriorSituation.HEBERGEMENT_INSERTION,
    PriorSituation.HOTEL,
    PriorSituation.CHEZ_DES_TIERS,
    PriorSituation.SANS_DOMICILE,
]
URGENCY_SHARES = {enums.Urgency.NORMALE: 60, enums.Urgency.ELEVEE: 30, enums.Urgency.TRES_ELEVEE: 10}
# Candidates not retained before the one who entered: (decision, share).
OTHER_OUTCOMES = {enums.Decision.DECLINED: 45, enums.Decision.REFUSED: 35, enums.Decision.WITHDRAWN: 20}
RESOURCE_AMOUNTS = {
    ResourceSource.SALAIRE: (1100, 1700),
    ResourceSource.RSA: (560, 900),
    ResourceSource.AAH: (970, 1100),
    ResourceSource.CHOMAGE: (800, 1300),
    ResourceSource.RETRAITE: (900, 1400),
}


@dataclass(eq=False)
class Candidate:
    proposal: Proposal
    members: list[ProposedMember] = field(default_factory=list)
    wishes: Wishes | None = None
    communes: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Offer:
    availability: Availability
    candidates: list[Candidate] = field(default_factory=list)
    household_wishes: tuple[int, Wishes, list[str]] | None = None  # (household pk, wishes, communes)


def new_pathway(stay: StayRow) -> bool:
    """Not an internal move: the stay starts the household's pathway."""
    return stay.pathway_start is None or stay.pathway_start == stay.entry_date


def vacancy_starts(ctx: DailyContext) -> dict[int, date]:
    """Stay pk → the day its dwelling became vacant before it (the previous stay's exit, or the day the
    dwelling entered the park)."""
    result, last_exit = {}, {}
    for stay in sorted(ctx.stays, key=lambda s: (s.dwelling_id, s.entry_date)):
        result[stay.pk] = last_exit.get(stay.dwelling_id, ctx.dwellings[stay.dwelling_id]["entry_date"])
        last_exit[stay.dwelling_id] = stay.exit_date
    return result


def history(ctx: DailyContext) -> list[Offer]:
    starts = vacancy_starts(ctx)
    result = []
    for stay in ctx.stays:
        if not (stay.household_siao and stay.entry_date >= DAILY_SINCE and new_pathway(stay)):
            continue
        rng = ctx.rng("orientation", stay.external_id)
        vacant = starts[stay.pk]
        available_from = max(vacant, stay.entry_date - timedelta(days=rng.randint(20, 80)))
        offer = Offer(_availability(ctx, rng, stay.organisation_id, stay.dwelling_id, available_from))
        offer.availability.status = enums.AvailabilityStatus.FILLED
        offer.availability.closed_on = stay.entry_date
        day = available_from + timedelta(days=rng.randint(2, 12))
        for _ in range(rng.choices([0, 1, 2], weights=[55, 30, 15])[0]):
            if day + timedelta(days=14) >= stay.entry_date:
                break
            candidate = _candidate(ctx, rng, offer.availability, day)
            _decide_other(ctx, rng, candidate.proposal, day + timedelta(days=rng.randint(3, 10)))
            offer.candidates.append(candidate)
            day = candidate.proposal.decided_on + timedelta(days=rng.randint(1, 5))
        day = min(day, stay.entry_date - timedelta(days=7))
        accepted = _entrant(ctx, rng, offer.availability, max(available_from, day), stay)
        offer.candidates.append(accepted)
        offer.household_wishes = (stay.household_id, _copy(accepted.wishes), list(accepted.communes))
        result.append(offer)
    return result


def today(ctx: DailyContext) -> list[Offer]:
    """Open availabilities of the dwellings vacant today."""
    occupied = {stay.dwelling_id for stay in ctx.stays if stay.present}
    last_exit: dict[int, date] = {}
    for stay in ctx.stays:
        if stay.exit_date is not None:
            last_exit[stay.dwelling_id] = max(stay.exit_date, last_exit.get(stay.dwelling_id, stay.exit_date))
    result = []
    for dwelling in ctx.dwellings.values():
        if (
            dwelling["pk"] in occupied
            or dwelling["exit_date"] is not None
            or dwelling["entry_date"] > ctx.today
        ):
            continue
        rng = ctx.rng("vacant", dwelling["external_id"])
        if rng.random() < 0.25:
            continue  # not offered yet (works, or kept for an internal move)
        vacant = last_exit.get(dwelling["pk"], dwelling["entry_date"])
        available_from = max(vacant, ctx.today - timedelta(days=rng.randint(3, 60)))
        offer = Offer(_availability(ctx, rng, dwelling["organisation_id"], dwelling["pk"], available_from))
        count = rng.choices([0, 1, 2, 3], weights=[30, 35, 25, 10])[0]
        day = available_from + timedelta(days=rng.randint(1, 7))
        for number in range(count):
            if day > ctx.today:
                break
            candidate = _candidate(ctx, rng, offer.availability, day)
            offer.candidates.append(candidate)
            if number == 0 and count > 1 and rng.random() < 0.6:  # a household's refusal, then another
                _decline(
                    ctx, rng, candidate.proposal, min(ctx.today, day + timedelta(days=rng.randint(2, 8)))
                )
                day = candidate.proposal.decided_on
            day += timedelta(days=rng.randint(1, 6))
        result.append(offer)
    _one_just_offered(ctx, result)
    return result


def _one_just_offered(ctx: DailyContext, offers: list[Offer]) -> None:
    """Each SIAO has at least one dwelling without a candidate yet: the operator's latest offer without a
    household's refusal loses its candidates if every offer of that operator has some."""
    for operator_id in ctx.operator_ids():
        own = [o for o in offers if o.availability.organisation_id == operator_id]
        if not own or any(not o.candidates for o in own):
            continue
        plain = [o for o in own if all(c.proposal.decision != enums.Decision.DECLINED for c in o.candidates)]
        latest = max(plain or own, key=lambda o: (o.availability.available_from, o.availability.dwelling_id))
        latest.candidates = []


def _availability(
    ctx: DailyContext, rng, operator_id: int, dwelling_id: int, available_from: date
) -> Availability:
    dwelling = ctx.dwellings[dwelling_id]
    rent_total = dwelling["rent_hc"] + dwelling["charges"]
    share = (rent_total * Decimal(rng.randint(20, 35)) / 100).quantize(Decimal("1"))
    team = ctx.teams[operator_id]
    return Availability(
        organisation_id=operator_id,
        dwelling_id=dwelling_id,
        siao=ctx.siao[operator_id],
        available_from=available_from,
        places=dwelling["places"],
        accessible_pmr=rng.random() < 0.1,
        rent_total=rent_total,
        household_share=min(share, rent_total),
        comments=rng.choice(texts.AVAILABILITY_COMMENTS),
        created_by=team.rental_manager if rng.random() < 0.5 else team.director,
    )


def _proposal(ctx: DailyContext, rng, availability: Availability, day: date, **summary) -> Proposal:
    siao = availability.siao
    return Proposal(
        organisation=siao,
        availability=availability,
        operator_id=availability.organisation_id,
        proposed_on=day,
        proposed_by=ctx.siao_agents[siao.pk],
        urgency=rng.choices(list(URGENCY_SHARES), weights=list(URGENCY_SHARES.values()))[0],
        situation=rng.choice(texts.SITUATIONS),
        **summary,
    )


def _candidate(ctx: DailyContext, rng, availability: Availability, day: date) -> Candidate:
    """A candidate household invented from the demo's names (not in the register)."""
    composition = rng.choices(list(Composition), weights=[55, 8, 12, 22, 3])[0]
    sex = Sex.F if composition == Composition.FAMILLE_MONOPARENTALE or rng.random() < 0.3 else Sex.M
    first = rng.choice(names.FIRST_NAMES_F if sex == Sex.F else names.FIRST_NAMES_M)
    last = rng.choice(names.LAST_NAMES)
    birth = date(rng.randint(1960, 2002), rng.randint(1, 12), rng.randint(1, 28))
    members = _invented_members(rng, composition, last, birth)
    adults = 1 + sum(m.role == PersonRole.CONJOINT for m in members)
    source = rng.choice(list(RESOURCE_AMOUNTS))
    proposal = _proposal(
        ctx,
        rng,
        availability,
        day,
        first_name=first,
        last_name=last,
        birth_date=birth,
        sex=sex,
        composition=composition,
        adults=adults,
        children=len(members) - adults + 1,
        monthly_resources=Decimal(rng.randint(*RESOURCE_AMOUNTS[source])),
        main_resource=source,
        prior_situation=rng.choice(CANDIDATE_PRIOR),
        dalo=rng.random() < 0.05,
        demand_number=_demand_number(rng, availability.siao.head_office_department_id),
    )
    return _with_wishes(ctx, rng, Candidate(proposal, members), availability)


def _demand_number(rng, department: str) -> str:
    """A numéro unique as the candidate's certificate shows it (department, then digits), or none yet."""
    return f"{department:0>3}{rng.randint(10**11, 10**12 - 1)}" if rng.random() < 0.7 else ""


def _invented_members(rng, composition: str, last: str, birth: date) -> list[ProposedMember]:
    members = []
    if composition in (Composition.COUPLE_SANS_ENFANT, Composition.COUPLE_AVEC_ENFANTS):
        members.append(
            ProposedMember(
                role=PersonRole.CONJOINT,
                first_name=rng.choice(names.FIRST_NAMES_F),
                last_name=last,
                sex=Sex.F,
                birth_date=birth + timedelta(days=rng.randint(-1500, 1500)),
            )
        )
    if composition in (Composition.COUPLE_AVEC_ENFANTS, Composition.FAMILLE_MONOPARENTALE):
        for _ in range(rng.randint(1, 3)):
            sex = rng.choice([Sex.F, Sex.M])
            members.append(
                ProposedMember(
                    role=PersonRole.ENFANT,
                    first_name=rng.choice(names.FIRST_NAMES_F if sex == Sex.F else names.FIRST_NAMES_M),
                    last_name=last,
                    sex=sex,
                    birth_date=date(rng.randint(2008, 2024), rng.randint(1, 12), rng.randint(1, 28)),
                )
            )
    return members


def _entrant(ctx: DailyContext, rng, availability: Availability, day: date, stay: StayRow) -> Candidate:
    """The proposal of the household that entered: its summary is the household's own file."""
    reference = ctx.references[stay.household_id]
    adults, children = ctx.members.get(stay.household_id, (1, 0))
    sources = ctx.resources.get(stay.household_id, [])
    main = next((s for s in sources if s in RESOURCE_AMOUNTS), sources[0] if sources else "")
    low, high = RESOURCE_AMOUNTS.get(main, (0, 500))
    proposal = _proposal(
        ctx,
        rng,
        availability,
        day,
        composition=stay.composition,
        adults=max(1, adults),
        children=children,
        monthly_resources=Decimal(rng.randint(low, high)),
        main_resource=main,
        prior_situation=stay.prior_situation,
        dalo=stay.household_dalo,
        demand_number="",  # the household's file carries none
        **reference,
    )
    _decided(proposal, enums.Decision.ACCEPTED)
    proposal.decided_on = max(day, stay.entry_date - timedelta(days=rng.randint(3, 12)))
    proposal.decided_by = ctx.teams[stay.organisation_id].director
    proposal.household_id = stay.household_id
    proposal.stay_id = stay.pk
    members = [ProposedMember(**person) for person in ctx.others.get(stay.household_id, [])]
    return _with_wishes(ctx, rng, Candidate(proposal, members), availability, always=True)


def _decide_other(ctx: DailyContext, rng, proposal: Proposal, day: date) -> None:
    decision = rng.choices(list(OTHER_OUTCOMES), weights=list(OTHER_OUTCOMES.values()))[0]
    if decision == enums.Decision.DECLINED:
        _decline(ctx, rng, proposal, day)
        return
    proposal.decided_on = day
    if decision == enums.Decision.REFUSED:
        proposal.refusal_reason = rng.choice(list(enums.RefusalReason))
        proposal.refusal_detail = texts.COMMISSION_DETAILS[proposal.refusal_reason]
        proposal.decided_by = ctx.teams[proposal.operator_id].director
    else:
        proposal.decided_by = proposal.proposed_by
    _decided(proposal, decision)


def _decline(ctx: DailyContext, rng, proposal: Proposal, day: date) -> None:
    """The household says no: recorded without any penalty on its later proposals."""
    proposal.decided_on = day
    proposal.decided_by = ctx.teams[proposal.operator_id].social_workers[0]
    proposal.household_reason = rng.choice(texts.HOUSEHOLD_REFUSALS)
    _decided(proposal, enums.Decision.DECLINED)


def _decided(proposal: Proposal, decision: str) -> None:
    """The decision as the orientation rules check it, with the household's answer it implies."""
    rules.check_decision(
        decision=decision,
        refusal_reason=proposal.refusal_reason,
        refusal_detail=proposal.refusal_detail,
        household_reason=proposal.household_reason,
    )
    proposal.decision = decision
    proposal.household_answer = rules.household_answer_for(decision, proposal.household_answer)


def _with_wishes(
    ctx, rng, candidate: Candidate, availability: Availability, always: bool = False
) -> Candidate:
    if not always and rng.random() < 0.3:
        return candidate
    commune = ctx.dwellings[availability.dwelling_id]["commune_id"]
    candidate.wishes = Wishes(
        near_school=candidate.proposal.children > 0 and rng.random() < 0.7,
        near_work=candidate.proposal.main_resource == ResourceSource.SALAIRE,
        near_care=rng.random() < 0.2,
        near_family=rng.random() < 0.3,
        environment=rng.choice(list(enums.Environment)),
        accessibility_needed=availability.accessible_pmr and rng.random() < 0.5,
        does_not_want=rng.choice(
            ["", "", "Pas de rez-de-chaussée.", "Pas trop loin des transports en commun."]
        ),
    )
    candidate.communes = [commune] if rng.random() < 0.7 else []
    return candidate


def _copy(wishes: Wishes) -> Wishes:
    fields = [f.name for f in Wishes._meta.concrete_fields if f.name not in ("id", "proposal", "household")]
    return Wishes(**{name: getattr(wishes, name) for name in fields})
