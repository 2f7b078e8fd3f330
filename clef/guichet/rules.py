"""Rules of the owners' desk, each written once: forms, services and the management command call them.

- Routing (`matching_rule`, `choose_operator`): a rule on the request's commune wins over a rule on its
  EPCI; « à tour de rôle » gives the request to the operator after the one the rule last chose, « selon
  la capacité » to the operator with the most room left this month; no rule, or no room: the request
  stays « reçue » with the animator.
- The acknowledgement deadline (`acknowledge_deadline`): the day of assignment + the desk's days.
- The status transitions (`check_transition`), the owner's consent (`check_consent`), the desk's
  territory (`check_commune`).
- The do-not-contact rule of captation (`clef.captation.rules.may_contact`, `contactable_q`) is honoured before a request
  is confided: `do_not_contact_landlord` finds a landlord with the owner's e-mail who asked not to be
  contacted by the operator; the request is then not routed to it, and the animator is told.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from clef.captation import rules as captation_rules
from clef.captation.models import Landlord
from clef.captation.rules import contactable_q
from clef.guichet.enums import OPEN_STATUSES, EventKind, RoutingMethod, Status
from clef.guichet.models import Desk, OwnerRequest, RequestEvent, RoutingRule, RoutingTarget
from clef.organisations.models import Organisation
from clef.organisations.territory import territory_communes

# status → the statuses it may move to (« confiée » → « confiée »: a reassignment).
TRANSITIONS: dict[str, set[str]] = {
    Status.RECUE: {Status.CONFIEE, Status.CLOSE},
    Status.CONFIEE: {Status.CONFIEE, Status.PRISE_EN_CHARGE, Status.REVENUE, Status.CLOSE},
    Status.REVENUE: {Status.CONFIEE, Status.CLOSE},
    Status.PRISE_EN_CHARGE: {Status.CLOSE},
    Status.CLOSE: set(),
}
CONSENT_REQUIRED = (
    "Cochez la case d'accord : sans elle, la plateforme ne peut pas transmettre votre proposition ni "
    "vous recontacter."
)


def check_transition(current: str, target: str) -> None:
    """Refuses a move the life of a request does not allow, with the reason in French."""
    if target in TRANSITIONS[current]:
        return
    if current == Status.CLOSE:
        raise ValidationError("Cette demande est close : elle ne peut plus changer.", code="closed")
    if current == Status.PRISE_EN_CHARGE:
        raise ValidationError(
            "Cette demande est déjà prise en charge par une structure : le dossier de captation suit son "
            "cours.",
            code="taken",
        )
    if target == Status.PRISE_EN_CHARGE:
        raise ValidationError(
            "Cette demande n'est pas confiée à votre structure : elle ne peut pas être prise en charge.",
            code="not_confided",
        )
    raise ValidationError(
        f"Une demande « {Status(current).label} » ne peut pas passer à « {Status(target).label} ».",
        code="transition",
    )


def check_consent(consent: bool) -> None:
    if not consent:
        raise ValidationError({"consent": CONSENT_REQUIRED}, code="consent")


def check_commune(desk: Desk, commune) -> None:
    """The desk answers for the communes of its platform's territory only."""
    if commune is None or not territory_communes(desk.platform).filter(pk=commune.pk).exists():
        raise ValidationError(
            {"commune": "Cette commune n'est pas couverte par ce guichet : choisissez-la dans la liste."},
            code="territory",
        )


def acknowledge_deadline(desk: Desk, assigned_on: date) -> date:
    """The last day the operator may take the request in charge (included)."""
    return assigned_on + timedelta(days=desk.acknowledge_days)


def is_overdue(request: OwnerRequest, today: date) -> bool:
    return (
        request.status == Status.CONFIEE
        and request.acknowledge_by is not None
        and request.acknowledge_by < today
    )


def automatic_return_note(deadline: date) -> str:
    """The one reason of an automatic return (no author: nobody sent it back)."""
    return f"automatiquement, délai de prise en charge dépassé le {deadline:%d/%m/%Y}"


def matching_rule(desk: Desk, commune) -> RoutingRule | None:
    """The commune's rule, else its EPCI's rule, else None (one query)."""
    rules = list(RoutingRule.objects.filter(desk=desk, commune=commune))
    if not rules and commune.epci_id:
        rules = list(RoutingRule.objects.filter(desk=desk, epci_id=commune.epci_id))
    return rules[0] if rules else None


def _month_start(day: date) -> date:
    return day.replace(day=1)


def choose_operator(rule: RoutingRule, today: date, *, excluding: set[int] = frozenset()):
    """The operator the rule gives the next request to (None: nobody; the request stays with the
    animator). `excluding`: operators the request may not go to (an owner who asked one of them not to
    be contacted)."""
    targets = [t for t in rule.targets.select_related("operator") if t.operator_id not in excluding]
    if not targets:
        return None
    if rule.method == RoutingMethod.ROTATION:
        return _next_in_rotation(rule, targets)
    return _most_room(rule, targets, today)


def _next_in_rotation(rule: RoutingRule, targets: list[RoutingTarget]):
    last = (
        RequestEvent.objects.filter(rule=rule, kind=EventKind.CONFIEE)
        .order_by("-at", "-pk")
        .values_list("operator_id", flat=True)
        .first()
    )
    positions = [t.operator_id for t in targets]
    if last not in positions:
        return targets[0].operator
    return targets[(positions.index(last) + 1) % len(targets)].operator


def confided_this_month(desk: Desk, today: date):
    """Requests of the desk confided to each operator since the first of the month (a subquery by
    operator: `OuterRef("operator_id")`)."""
    return (
        RequestEvent.objects.filter(
            request__desk=desk,
            kind=EventKind.CONFIEE,
            operator_id=OuterRef("operator_id"),
            at__date__gte=_month_start(today),
        )
        .values("operator_id")
        .annotate(n=Count("pk"))
        .values("n")
    )


def _most_room(rule: RoutingRule, targets: list[RoutingTarget], today: date):
    counts = dict(
        RoutingTarget.objects.filter(pk__in=[t.pk for t in targets])
        .annotate(
            used=Coalesce(
                Subquery(confided_this_month(rule.desk, today), output_field=IntegerField()), Value(0)
            )
        )
        .values_list("pk", "used")
    )
    best, best_room = None, 0
    for target in targets:  # in rank order: the first of equals wins
        room = (target.capacity_per_month or 0) - counts.get(target.pk, 0)
        if room > best_room:
            best, best_room = target.operator, room
    return best


def check_capacities(method: str, capacities: list[int | None]) -> None:
    """« Selon la capacité »: every operator of the rule has a monthly capacity."""
    if method == RoutingMethod.CAPACITE and any(c is None for c in capacities):
        raise ValidationError(
            "Répartition selon la capacité : indiquez le nombre de demandes par mois de chaque structure.",
            code="capacity",
        )


def do_not_contact_landlord(operator, email: str) -> Landlord | None:
    """A landlord of the operator's pipeline with this e-mail who may not be contacted (captation's
    do-not-contact rule, `may_contact`, as a query condition), or None."""
    return (
        Landlord.objects.filter(organisation=operator, email__iexact=email.strip())
        .exclude(contactable_q())
        .order_by("pk")
        .first()
    )


def do_not_contact_message(landlord: Landlord) -> str:
    """Captation's one refusal, and what the animator does about it."""
    return (
        f"{captation_rules.do_not_contact_message(landlord)} La demande n'est pas confiée à "
        f"cette structure, qui le connaît : confiez-la à une autre structure, ou close-la."
    )


def _rule_operator_ids(desk: Desk):
    return RoutingTarget.objects.filter(rule__desk=desk).values("operator_id")


def territory_operators(desk: Desk):
    """Every operator the animator may confide to: those of the desk's rules, and those whose head office
    is in a department of the platform's territory (never all the operators of the region); `in_rules`
    says which are the rules' (the animator's first choice)."""
    departments = territory_communes(desk.platform).values("department_id")
    return (
        Organisation.objects.operators()
        .annotate(in_rules=Exists(RoutingTarget.objects.filter(rule__desk=desk, operator_id=OuterRef("pk"))))
        .filter(Q(pk__in=_rule_operator_ids(desk)) | Q(head_office_department_id__in=departments))
        .order_by("name")
    )


def last_return(request: OwnerRequest) -> RequestEvent | None:
    """The last time the request came back to the desk, with the operator that let the deadline pass
    (None when it never came back)."""
    return (
        request.events.filter(kind=EventKind.REVENUE)
        .select_related("operator")
        .order_by("-at", "-pk")
        .first()
    )


def late_operator_warning(request: OwnerRequest, operator, returned: RequestEvent | None) -> str:
    """Said when the animator is about to confide the request again to the operator that just let it
    come back (allowed: it may have had a good reason), else ""."""
    if returned is None or returned.operator_id != operator.pk:
        return ""
    return (
        f"Attention : « {operator.name} » n'a pas pris cette demande en charge dans le délai (revenue le "
        f"{timezone.localdate(returned.at):%d/%m/%Y}). Assurez-vous qu'elle le fera cette fois."
    )


def french_sort_key(text: str) -> str:
    """The order of a French list: accents folded, case ignored, hyphens, spaces and apostrophes
    ignored (« École » among the E, « La Motte-en-Bauges » before « La Motte-Servolex »)."""
    folded = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae"))
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    return "".join(c for c in letters.casefold() if c.isalnum())


def plain_number(text: str) -> str:
    """What a person types for an amount or a surface, as a number Django reads with the French locale:
    spaces (also non-breaking, as in « 1 234,5 ») and a unit (« € », « m² ») dropped."""
    for unit in ("€", "m²", "m2", "euros", "euro"):
        text = text.replace(unit, "")
    return "".join(text.split())  # every Unicode space, the non-breaking ones too


def is_open(request: OwnerRequest) -> bool:
    return request.status in OPEN_STATUSES
