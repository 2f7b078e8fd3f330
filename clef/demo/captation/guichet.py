"""The owners' desk of « ADIL 73 — Louer Solidaire » (slug `louer-solidaire`): its routing rules (the
Grand Chambéry EPCI in rotation between Logis Passerelle and Seuil Commun de la Savoie; La Motte-Servolex
by monthly capacity) and owners' requests in every state of their life, with their history and the shares
a confided request gives its operator (`Share.Access.CAPTATION`, revoked when it came back).

Every date follows the guichet rules (`acknowledge_deadline`, `check_transition`); the requests in charge
have their lead in the operator's pipeline (landlord and offered dwelling taken from the request, origin
« guichet »); the requests « logement capté » are the signed leads of the two operators in the EPCI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from clef.captation import rules as captation_rules
from clef.captation.enums import LandlordKind, Origin, Stage
from clef.captation.models import Landlord
from clef.demo import names
from clef.demo.captation import activities
from clef.demo.captation import pipeline as pipe
from clef.demo.captation.context import CaptationContext
from clef.demo.captation.organisations import GRAND_CHAMBERY_EPCI
from clef.demo.captation.park import ascii_slug, fictional_phone
from clef.guichet import rules
from clef.guichet.enums import EventKind, Outcome, PreferredMode, RoutingMethod, Status
from clef.guichet.models import Desk, OwnerRequest, RequestEvent, RoutingRule, RoutingTarget
from clef.guichet.services import SHARE_REASON
from clef.guichet.tokens import hash_token
from clef.organisations.models import Share

CAPACITY_COMMUNE = "73179"  # La Motte-Servolex
OUTSIDE_COMMUNE = "73008"  # Aix-les-Bains (Grand Lac): outside the desk's territory
COMMUNES = ["73065", "73065", "73213", "73087", "73222", "73064", CAPACITY_COMMUNE]
# (status, outcome, days since received): the life of each request of the demo.
REQUESTS = [
    (Status.RECUE, "", 1),
    (Status.RECUE, "", 0),
    (Status.CONFIEE, "", 1),
    (Status.CONFIEE, "", 2),
    (Status.CONFIEE, "", 3),
    (Status.CONFIEE, "", 9),  # overdue: comes back when the animator opens the list
    (Status.CONFIEE, "", 12),
    (Status.REVENUE, "", 20),
    (Status.REVENUE, "", 34),
    (Status.PRISE_EN_CHARGE, "", 15),
    (Status.PRISE_EN_CHARGE, "", 41),
    (Status.PRISE_EN_CHARGE, "", 63),
    (Status.CLOSE, Outcome.SANS_SUITE, 95),
    (Status.CLOSE, Outcome.SANS_SUITE, 130),
    (Status.CLOSE, Outcome.DOUBLON, 52),
    (Status.CLOSE, Outcome.HORS_TERRITOIRE, 74),
]
# (status, outcome, (month, day) of the previous year): the requests of last year, so that the figures of
# the previous year (« Mon territoire ») are not empty. Appended: the follow links above keep their number.
LAST_YEAR = [
    (Status.CLOSE, Outcome.SANS_SUITE, (2, 16)),
    (Status.PRISE_EN_CHARGE, "", (4, 7)),
    (Status.CLOSE, Outcome.DOUBLON, (6, 23)),
    (Status.REVENUE, "", (9, 8)),
    (Status.PRISE_EN_CHARGE, "", (10, 13)),
    (Status.CLOSE, Outcome.SANS_SUITE, (11, 24)),
]
NOT_TO_CONTACT = 3  # this owner asked Logis Passerelle not to contact them: confided to Seuil Commun
DEMO_TOKEN = "demo-suivi-{n}"  # the follow link of request n: /proprietaires/suivi/demo-suivi-1/
MESSAGES = [
    "Appartement libre après le départ de mon locataire, je cherche une gestion sans souci.",
    "J'ai hérité de ce logement et je voudrais le louer à un loyer raisonnable.",
    "Logement rénové l'an dernier, disponible rapidement.",
    "",
]


@dataclass(eq=False)
class Guichet:
    desk: Desk
    rules: list[RoutingRule] = field(default_factory=list)
    targets: list[RoutingTarget] = field(default_factory=list)
    requests: list[OwnerRequest] = field(default_factory=list)
    events: list[RequestEvent] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    plans: list = field(default_factory=list)  # the leads opened by taking requests in charge
    landlords: list[Landlord] = field(default_factory=list)


def build_guichet(ctx: CaptationContext, pipeline) -> Guichet:
    desk = Desk(
        platform=ctx.platform,
        slug="louer-solidaire",
        title="Louer Solidaire — Grand Chambéry",
        intro="Vous êtes propriétaire d'un logement dans le Grand Chambéry ? Louez-le à un ménage "
        "accompagné : loyers garantis, gestion par une structure agréée, avantage fiscal Loc'Avantages "
        "et prime de l'agglomération.",
        contact_email="contact@louer-solidaire.exemple.test",
        animator=ctx.animator,
    )
    guichet = Guichet(desk=desk)
    op052, op057 = ctx.operators["op052"], ctx.operators["op057"]
    epci_rule = RoutingRule(desk=desk, epci_id=GRAND_CHAMBERY_EPCI, method=RoutingMethod.ROTATION)
    capacity_rule = RoutingRule(desk=desk, commune_id=CAPACITY_COMMUNE, method=RoutingMethod.CAPACITE)
    guichet.rules = [epci_rule, capacity_rule]
    rules.check_capacities(RoutingMethod.CAPACITE, [2, 1])
    guichet.targets = [
        RoutingTarget(rule=epci_rule, operator=op052, position=1),
        RoutingTarget(rule=epci_rule, operator=op057, position=2),
        RoutingTarget(rule=capacity_rule, operator=op052, capacity_per_month=2, position=1),
        RoutingTarget(rule=capacity_rule, operator=op057, capacity_per_month=1, position=2),
    ]
    operators = [op052, op057]
    lives = [(status, outcome, ctx.today - timedelta(days=days)) for status, outcome, days in REQUESTS]
    last_year = ctx.today.year - 1
    lives += [(status, outcome, date(last_year, *day)) for status, outcome, day in LAST_YEAR]
    for n, (status, outcome, received) in enumerate(lives, start=1):
        request = _request(ctx, guichet, n, received)
        operator = operators[n % 2]
        if n == NOT_TO_CONTACT:
            operator = _not_to_contact(guichet, request, pipeline, op052)
        _live(ctx, guichet, request, status, outcome, operator, epci_rule)
    _captured(ctx, guichet, pipeline, epci_rule)
    return guichet


def _request(ctx: CaptationContext, guichet: Guichet, n: int, received, commune: str | None = None):
    rng = ctx.rng("request", n)
    typology = rng.choices(list(pipe.SURFACES), weights=[30, 32, 22, 11, 5])[0]
    surface = Decimal(rng.randint(*pipe.SURFACES[typology]))
    first = rng.choice(names.FIRST_NAMES_F + names.FIRST_NAMES_M)
    last = rng.choice(names.LAST_NAMES)
    request = OwnerRequest(
        desk=guichet.desk,
        platform=ctx.platform,
        commune_id=commune or rng.choice(COMMUNES),
        typology=typology,
        surface_m2=surface,
        rent_asked=(surface * Decimal(rng.randint(95, 140)) / 10).quantize(Decimal("1")),
        available_from=received + timedelta(days=rng.randint(10, 75)),
        preferred_mode=rng.choice(PreferredMode.values),
        first_name=first,
        last_name=last,
        email=f"{ascii_slug(first)}.{ascii_slug(last)}.{n}@proprietaire.exemple.test",
        phone=fictional_phone(7000 + n),
        consent=True,
        message=rng.choice(MESSAGES),
        token_hash=hash_token(DEMO_TOKEN.format(n=n)),
    )
    request.received_on = received
    guichet.requests.append(request)
    _event(guichet, request, EventKind.RECUE, received)
    return request


def _not_to_contact(guichet: Guichet, request, pipeline, operator):
    """The owner is a landlord `operator` may not contact (`may_contact`): the desk passes it by, with the
    reason in the request's history, and the rule's next operator gets the request."""
    other = next(target.operator for target in guichet.targets if target.operator != operator)
    landlord = next(
        (
            landlord
            for landlord in pipeline.landlords
            if landlord.organisation_id == operator.pk
            and landlord.first_name
            and not captation_rules.may_contact(landlord)
        ),
        None,
    )
    if landlord is None:
        return other
    request.first_name, request.last_name, request.email = landlord.first_name, landlord.name, landlord.email
    note = rules.do_not_contact_message(landlord)
    _event(guichet, request, EventKind.NE_PAS_CONTACTER, request.received_on, operator=operator, note=note)
    return other


def _event(guichet: Guichet, request, kind: str, on, **fields) -> None:
    event = RequestEvent(request=request, kind=kind, **fields)
    event.on = on
    guichet.events.append(event)


def _confide(ctx: CaptationContext, guichet: Guichet, request, operator, on, rule) -> None:
    rules.check_transition(request.status, Status.CONFIEE)
    request.status, request.assigned_operator, request.assigned_on = Status.CONFIEE, operator, on
    request.acknowledge_by = rules.acknowledge_deadline(guichet.desk, on)
    share = Share(
        organisation=ctx.platform,
        partner=operator,
        access=Share.Access.CAPTATION,
        reason=SHARE_REASON,
        starts_on=on,
        created_by=ctx.animator,
    )
    share.request = request  # its content type and id are set once the request is written
    guichet.shares.append(share)
    _event(
        guichet,
        request,
        EventKind.CONFIEE,
        on,
        by=None if rule else ctx.animator,
        operator=operator,
        rule=rule,
    )


def _live(ctx: CaptationContext, guichet: Guichet, request, status, outcome, operator, rule) -> None:
    received = request.received_on
    if status == Status.RECUE:
        note = "Aucune structure disponible selon la règle : à confier."
        request.commune_id = CAPACITY_COMMUNE
        _event(guichet, request, EventKind.SANS_REGLE, received, note=note)
        return
    if outcome == Outcome.HORS_TERRITOIRE:
        request.commune_id = OUTSIDE_COMMUNE
    else:
        _confide(ctx, guichet, request, operator, received, rule)
    if status == Status.REVENUE:
        _come_back(ctx, guichet, request)
    elif status == Status.PRISE_EN_CHARGE:
        _take_in_charge(ctx, guichet, request, operator)
    elif status == Status.CLOSE:
        _close(ctx, guichet, request, outcome, received + timedelta(days=4))


def _come_back(ctx: CaptationContext, guichet: Guichet, request) -> None:
    deadline, operator = request.acknowledge_by, request.assigned_operator
    rules.check_transition(request.status, Status.REVENUE)
    back = deadline + timedelta(days=1)
    guichet.shares[-1].revoked_at, guichet.shares[-1].revoked_by = ctx.stamp(back), ctx.animator
    request.status = Status.REVENUE
    request.assigned_operator = request.assigned_on = request.acknowledge_by = None
    note = f"Délai de prise en charge dépassé (au plus tard le {deadline:%d/%m/%Y})."
    _event(guichet, request, EventKind.REVENUE, back, operator=operator, note=note)


def _close(ctx: CaptationContext, guichet: Guichet, request, outcome: str, on) -> None:
    rules.check_transition(request.status, Status.CLOSE)
    if request.status == Status.CONFIEE:
        guichet.shares[-1].revoked_at, guichet.shares[-1].revoked_by = ctx.stamp(on), ctx.animator
    request.status, request.outcome, request.closed_on = Status.CLOSE, outcome, on
    _event(guichet, request, EventKind.CLOSE, on, by=ctx.animator, note=Outcome(outcome).label)


def _take_in_charge(ctx: CaptationContext, guichet: Guichet, request, operator) -> None:
    """The operator takes the request in charge: a lead opens in its pipeline (nothing retyped)."""
    on = request.assigned_on + timedelta(days=ctx.rng("ack", request.email).randint(0, 4))
    rules.check_transition(request.status, Status.PRISE_EN_CHARGE)
    officer = ctx.officers[operator.pk]
    landlord = Landlord(
        organisation=operator,
        kind=LandlordKind.PARTICULIER,
        name=request.last_name,
        first_name=request.first_name,
        email=request.email,
        phone=request.phone,
        commune_id=request.commune_id,
        consent_to_contact=True,
        consent_on=request.received_on,
        created_by=officer,
    )
    landlord.created_on = on
    guichet.landlords.append(landlord)
    offered = pipe.OfferedDwelling(
        organisation=operator,
        landlord=landlord,
        commune_id=request.commune_id,
        typology=request.typology,
        surface_m2=request.surface_m2,
        rent_asked=request.rent_asked,
        available_from=request.available_from,
        comments=request.message,
    )
    mode = "" if request.preferred_mode == PreferredMode.INDIFFERENT else request.preferred_mode
    plan = pipe.new_lead(
        ctx, operator.pk, landlord, on, origin=Origin.GUICHET, offered_dwelling=offered, preferred_mode=mode
    )
    pipe.walk(ctx, plan, ctx.rng("guichet-lead", request.email))
    activities.fill(ctx, plan)
    guichet.plans.append(plan)
    request.status, request.acknowledged_on, request.acknowledged_by = Status.PRISE_EN_CHARGE, on, officer
    request.lead = plan.lead
    _event(guichet, request, EventKind.PRISE_EN_CHARGE, on, by=officer, operator=operator)


def _captured(ctx: CaptationContext, guichet: Guichet, pipeline, rule) -> None:
    """The signed leads of the two Savoie operators in the EPCI came through the desk: « logement capté »."""
    epci_of = {row["pk"]: row["commune__epci_id"] for rows in ctx.dwellings.values() for row in rows}
    savoie = {ctx.operators["op052"].pk, ctx.operators["op057"].pk}
    for plan in pipeline.plans:
        lead = plan.lead
        offered = lead.offered_dwelling
        if lead.stage != Stage.ENGAGEMENT_SIGNE or lead.organisation_id not in savoie:
            continue
        if epci_of.get(offered.dwelling_id) != GRAND_CHAMBERY_EPCI:
            continue
        lead.origin, lead.campaign = Origin.GUICHET, None
        n = len(guichet.requests) + 1
        request = _request(ctx, guichet, n, lead.created_on - timedelta(days=2), offered.commune_id)
        request.first_name = lead.landlord.first_name or "Service gestion"
        request.last_name, request.email = lead.landlord.name, lead.landlord.email
        request.typology, request.surface_m2 = offered.typology, offered.surface_m2 or Decimal(40)
        request.rent_asked, request.available_from = offered.rent_asked, offered.available_from
        operator = ctx.organisation(lead.organisation_id)
        _confide(ctx, guichet, request, operator, request.received_on, rule)
        request.status, request.acknowledged_on = Status.PRISE_EN_CHARGE, lead.created_on
        request.acknowledged_by, request.lead = ctx.officers[operator.pk], lead
        _event(
            guichet,
            request,
            EventKind.PRISE_EN_CHARGE,
            lead.created_on,
            by=request.acknowledged_by,
            operator=operator,
        )
        _close(ctx, guichet, request, Outcome.CAPTEE, lead.signed_on)
