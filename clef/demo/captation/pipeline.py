"""The captation pipeline of the demo operators: communication actions of every kind, leads at every stage
with their stage changes spread over the past year (so that conversion rates and times per stage mean
something), exchanges, next actions (some overdue) and the re-captation leads of the dwellings that left
the park lately.

Three kinds of leads: the signed ones are read backwards from the dwellings whose contract was signed
within `SIGNED_DAYS` (the lead ends with the contract's signature; its offered dwelling is the dwelling of
the park: no dwelling is created, the register stays as it is); the others walk forwards from their first
contact and stop open, or closed with a reason; the re-captation leads open the day their dwelling left.
Two landlords of each operator asked not to be contacted: their lead is closed that day and nothing follows
(`clef.captation.rules.may_contact`, checked on every lead left open).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from clef.captation.enums import ClosedReason, DpeClass, Origin, Stage
from clef.captation.models import Campaign, Landlord, Lead, OfferedDwelling, StageChange
from clef.demo.captation import activities, texts
from clef.demo.captation.context import CaptationContext
from clef.demo.captation.park import Owned, Park, private_landlord
from clef.dwellings.enums import ManagementMode, Typology
from clef.organisations.models import Organisation

LEADS = {"op1": 30, "op2": 45, "op052": 30, "op057": 20}  # leads walking forwards, per operator
DO_NOT_CONTACT = 2  # per operator
# The dwellings whose contract was signed within this many days came from a signed lead: a year and a
# quarter, so that the previous year has signed leads too (and the desk two « logement capté » in the
# Grand Chambéry: contracts signed there in the autumn of the previous year).
SIGNED_DAYS = 450
# Days spent in a stage before the next one, and the chances to close or stall there.
DAYS_IN = {
    Stage.PROSPECT: (2, 20),
    Stage.PREMIER_CONTACT: (5, 30),
    Stage.VISITE: (5, 25),
    Stage.PROPOSITION: (10, 45),
}
CLOSE = {Stage.PROSPECT: 0.15, Stage.PREMIER_CONTACT: 0.2, Stage.VISITE: 0.2, Stage.PROPOSITION: 0.45}
STALL = {Stage.PROSPECT: 0.1, Stage.PREMIER_CONTACT: 0.1, Stage.VISITE: 0.1, Stage.PROPOSITION: 0.55}
SURFACES = {  # habitable m² of an offered dwelling, by typology
    Typology.T1: (18, 32),
    Typology.T2: (35, 50),
    Typology.T3: (55, 70),
    Typology.T4: (72, 90),
    Typology.T5_PLUS: (92, 120),
}
FORWARD_ORIGINS = [Origin.CAMPAGNE, Origin.PROSPECTION, Origin.RESEAU, Origin.AUTRE]


@dataclass(eq=False)
class Plan:
    """One lead, unsaved, with its history."""

    lead: Lead
    changes: list[StageChange] = field(default_factory=list)
    activities: list = field(default_factory=list)
    contract: object = None  # the contract the signed lead led to


@dataclass(eq=False)
class Pipeline:
    campaigns: list[Campaign] = field(default_factory=list)
    landlords: list[Landlord] = field(default_factory=list)  # the prospects' (the park's are in Park)
    offered: list[OfferedDwelling] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)


def build_pipeline(ctx: CaptationContext, park: Park) -> Pipeline:
    pipeline = Pipeline()
    for key, org in ctx.operators.items():
        campaigns = _campaigns(ctx, org)
        pipeline.campaigns += campaigns
        for owned in park.owned:
            if owned.row["organisation_id"] != org.pk:
                continue
            if owned.contract and not owned.contract.ended_on and _entered_lately(ctx, owned):
                pipeline.plans.append(_signed(ctx, pipeline, owned, campaigns))
            elif ctx.left_lately(owned.row):
                pipeline.plans.append(_recaptation(ctx, owned))
        for n in range(LEADS[key]):
            pipeline.plans.append(_forward(ctx, pipeline, org, n, campaigns))
    for plan in pipeline.plans:
        activities.fill(ctx, plan)
    return pipeline


def _entered_lately(ctx: CaptationContext, owned: Owned) -> bool:
    return 0 <= (ctx.recent - owned.contract.signed_on).days <= SIGNED_DAYS


def _campaigns(ctx: CaptationContext, org: Organisation) -> list[Campaign]:
    result = []
    for kind, name in texts.CAMPAIGNS.items():
        rng = ctx.rng("campaign", org.external_id, kind)
        started = ctx.today - timedelta(days=rng.randint(60, 420))
        ended = started + timedelta(days=rng.randint(14, 150))
        result.append(
            Campaign(
                organisation=org,
                kind=kind,
                name=name,
                started_on=started,
                ended_on=None if kind in ("prescripteur", "site_web") or ended > ctx.today else ended,
                authority=ctx.authority if kind == "collectivite" and _savoie(org) else None,
                cost=Decimal(rng.choice([0, 150, 400, 900, 1500])) if kind != "prescripteur" else None,
            )
        )
    return result


def _savoie(org: Organisation) -> bool:
    return org.head_office_department_id == "73"


def _origin(
    ctx: CaptationContext, key, created: date, campaigns: list[Campaign]
) -> tuple[str, Campaign | None]:
    rng = ctx.rng("origin", *key)
    origin = rng.choices(FORWARD_ORIGINS, weights=[45, 25, 22, 8])[0]
    running = [c for c in campaigns if c.started_on <= created]
    if origin != Origin.CAMPAGNE:
        return origin, None
    if not running:
        return Origin.PROSPECTION, None
    return origin, rng.choice(running)


def new_lead(ctx: CaptationContext, org_pk: int, landlord, created: date, **fields) -> Plan:
    lead = Lead(
        organisation_id=org_pk,
        landlord=landlord,
        stage=Stage.PROSPECT,
        stage_since=created,
        managing_operator_id=org_pk,
        created_by=ctx.officers[org_pk],
        **fields,
    )
    lead.created_on = created  # the day it was opened (written as created_at)
    plan = Plan(lead=lead)
    move(ctx, plan, Stage.PROSPECT, created)
    return plan


def move(ctx: CaptationContext, plan: Plan, to_stage: str, on: date) -> None:
    lead = plan.lead
    from_stage = "" if not plan.changes else lead.stage
    plan.changes.append(
        StageChange(
            lead=lead, from_stage=from_stage, to_stage=to_stage, on=on, by=ctx.officers[lead.organisation_id]
        )
    )
    lead.stage, lead.stage_since = to_stage, on


def _offered(ctx: CaptationContext, pipeline: Pipeline, landlord, org: Organisation, key, available: date):
    rng = ctx.rng("offered", *key)
    typology = rng.choices(list(SURFACES), weights=[30, 32, 22, 11, 5])[0]
    surface = Decimal(rng.randint(*SURFACES[typology]))
    offered = OfferedDwelling(
        organisation=org,
        landlord=landlord,
        commune_id=rng.choice(ctx.communes[org.head_office_department_id]),
        address=landlord.address,
        typology=typology,
        surface_m2=surface,
        annexes_m2=Decimal(rng.choice([0, 0, 3, 6, 10])),
        dpe_class=rng.choices(DpeClass.values, weights=[2, 6, 20, 30, 25, 10, 7])[0],
        rent_asked=(surface * Decimal(rng.randint(95, 150)) / 10).quantize(Decimal("1")),
        charges_asked=Decimal(rng.randint(3, 12) * 10),
        available_from=available,
    )
    pipeline.offered.append(offered)
    return offered


def _forward(ctx: CaptationContext, pipeline: Pipeline, org: Organisation, n: int, campaigns) -> Plan:
    key = (org.external_id, n)
    rng = ctx.rng("lead", *key)
    created = ctx.today - timedelta(days=rng.randint(0, 400))
    number = 3000 + int(org.external_id[-3:]) * 100 + n  # the landlord's fictional phone and e-mail
    landlord = private_landlord(ctx, org.pk, f"prospect-{org.external_id}-{n}", None, number)
    landlord.commune_id = rng.choice(ctx.communes[org.head_office_department_id])
    landlord.created_on = created
    pipeline.landlords.append(landlord)
    origin, campaign = _origin(ctx, key, created, campaigns)
    offered = None
    if rng.random() < 0.85:
        offered = _offered(ctx, pipeline, landlord, org, key, created + timedelta(days=rng.randint(15, 90)))
    plan = new_lead(
        ctx,
        org.pk,
        landlord,
        created,
        origin=origin,
        campaign=campaign,
        offered_dwelling=offered,
        preferred_mode=rng.choice(["", *ManagementMode.values]),
    )
    if n < DO_NOT_CONTACT:
        _do_not_contact(ctx, plan, created + timedelta(days=rng.randint(3, 30)))
        return plan
    walk(ctx, plan, rng)
    return plan


def walk(ctx: CaptationContext, plan: Plan, rng) -> None:
    """Forwards from prospect: each stage lasts a while, then the lead moves on, stalls or closes."""
    for next_stage in (Stage.PREMIER_CONTACT, Stage.VISITE, Stage.PROPOSITION, None):
        stage = plan.lead.stage
        step = plan.lead.stage_since + timedelta(days=rng.randint(*DAYS_IN[stage]))
        if step > ctx.today:
            return
        draw = rng.random()
        if draw < CLOSE[stage]:
            closed = Stage.REFUSE if stage in (Stage.VISITE, Stage.PROPOSITION) else Stage.ABANDONNE
            reason, comment = rng.choice(texts.CLOSED[closed])
            move(ctx, plan, closed, step)
            plan.lead.closed_reason, plan.lead.closed_comment = reason, comment
            return
        if next_stage is None or draw < CLOSE[stage] + STALL[stage]:
            return
        move(ctx, plan, next_stage, step)
        _consent(plan.lead.landlord, step)


def _consent(landlord: Landlord, on: date) -> None:
    if not landlord.do_not_contact and not landlord.consent_to_contact:
        landlord.consent_to_contact, landlord.consent_on = True, on


def _do_not_contact(ctx: CaptationContext, plan: Plan, on: date) -> None:
    on = min(on, ctx.today)
    landlord = plan.lead.landlord
    landlord.do_not_contact, landlord.do_not_contact_since = True, on
    landlord.consent_to_contact, landlord.consent_on = False, None
    move(ctx, plan, Stage.ABANDONNE, on)
    plan.lead.closed_reason = ClosedReason.NE_PAS_CONTACTER
    plan.lead.closed_comment = texts.DO_NOT_CONTACT


def _signed(ctx: CaptationContext, pipeline: Pipeline, owned: Owned, campaigns) -> Plan:
    """Backwards from the contract's signature: proposition, visit, first contact, prospect."""
    contract, row = owned.contract, owned.row
    rng = ctx.rng("signed", row["external_id"])
    days = [contract.signed_on]
    for stage in (Stage.PROPOSITION, Stage.VISITE, Stage.PREMIER_CONTACT, Stage.PROSPECT):
        days.insert(0, days[0] - timedelta(days=rng.randint(*DAYS_IN[stage])))
    org = ctx.organisation(row["organisation_id"])
    origin, campaign = _origin(ctx, ("signed", row["external_id"]), days[0], campaigns)
    offered = OfferedDwelling(
        organisation=org,
        landlord=owned.landlord,
        commune_id=row["commune_id"],
        address=row["address"],
        typology=row["typology"],
        surface_m2=row["surface_m2"],
        rent_asked=row["rent_hc"] + Decimal(rng.choice([0, 0, 20, 50])),
        charges_asked=row["charges"],
        available_from=row["entry_date"],
        dwelling_id=row["pk"],
    )
    pipeline.offered.append(offered)
    plan = new_lead(
        ctx,
        org.pk,
        owned.landlord,
        days[0],
        origin=origin,
        campaign=campaign,
        offered_dwelling=offered,
        preferred_mode=row["management_mode"],
    )
    for stage, on in zip((Stage.PREMIER_CONTACT, Stage.VISITE, Stage.PROPOSITION), days[1:4], strict=True):
        move(ctx, plan, stage, on)
    move(ctx, plan, Stage.ENGAGEMENT_SIGNE, contract.signed_on)
    plan.lead.signed_on = contract.signed_on
    plan.contract = contract
    return plan


def _recaptation(ctx: CaptationContext, owned: Owned) -> Plan:
    """The dwelling left the park: one re-captation lead for its managing operator, with its landlord."""
    row = owned.row
    left = row["exit_date"]
    plan = new_lead(
        ctx,
        row["organisation_id"],
        owned.landlord,
        left,
        origin=Origin.RECAPTATION,
        source_dwelling_id=row["pk"],
        source_reason=row["exit_reason"],
        preferred_mode=row["management_mode"],
    )
    rng = ctx.rng("recaptation", row["external_id"])
    step = left + timedelta(days=rng.randint(*DAYS_IN[Stage.PROSPECT]))
    if step <= ctx.today and rng.random() < 0.4:
        move(ctx, plan, Stage.PREMIER_CONTACT, step)
    return plan
