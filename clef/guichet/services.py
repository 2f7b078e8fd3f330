"""Workflows of the owners' desk: each one transaction, journaled (without the owner's identity: the
journal reads the status, the structure, the dates), the request shared with the operator it is confided
to through the one sharing rule (`clef.organisations.services.share_record`, access « captation »)
and the share revoked when it comes back or is closed before being taken in charge.

- `submit`: the public form (the view applies the honeypot and the rate limit), then `route`.
- `route`: the desk's rule picks an operator; no rule, no room, or the owner asked every candidate not
  to contact them: the request stays « reçue » with the animator, and its history says why.
- `assign`: the animator confides (or confides again) a request by hand.
- `acknowledge`: the operator takes it in charge: landlord, offered dwelling and lead are opened in its
  pipeline by `clef.captation.services.open_lead` (origin « guichet »), from what the owner typed.
- `return_overdue`: not taken in charge by its deadline, a request comes back to the animator.
- `close`; `sync_captured`: a request whose lead is signed is closed « logement capté » (run when the
  animator's pages, the operator's list or the owner's follow page are read).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clef.captation import services as captation
from clef.captation.enums import LandlordKind, Origin, Stage
from clef.captation.models import Landlord
from clef.guichet import rules
from clef.guichet.enums import EventKind, Outcome, PreferredMode, Status
from clef.guichet.mail import send_confirmation
from clef.guichet.models import Desk, OwnerRequest, RequestEvent
from clef.guichet.tokens import hash_token, new_token
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.organisations import perms
from clef.organisations.models import Membership, Organisation, OrganisationKind, Share
from clef.organisations.services import revoke_share, share_record
from clef.utils.writes import lock_and_check_version, register_write

Action = JournalEntry.Action
# What the journal reads of a request: its life, never the owner's identity.
TRACKED = [
    "status",
    "outcome",
    "closed_on",
    "assigned_operator",
    "assigned_on",
    "acknowledge_by",
    "acknowledged_on",
    "acknowledged_by",
    "lead",
]
PUBLIC_SUMMARY = ["commune", "typology", "surface_m2", "rent_asked", "available_from", "preferred_mode"]
SHARE_REASON = "Demande d'un propriétaire confiée par le guichet unique"


@dataclass
class Submission:
    """What the owner typed in the public form."""

    commune: object
    typology: str
    surface_m2: Decimal
    rent_asked: Decimal
    available_from: date
    preferred_mode: str
    first_name: str
    last_name: str
    email: str
    phone: str
    consent: bool
    message: str = ""


def _event(request: OwnerRequest, kind: str, *, by=None, operator=None, rule=None, note: str = "") -> None:
    RequestEvent.objects.create(
        request=request, kind=kind, by=by, operator=operator, rule=rule, note=note[:300]
    )


def _journal(request: OwnerRequest, *, acting_user, before: dict | None, action: str = Action.UPDATE) -> None:
    fields = PUBLIC_SUMMARY + TRACKED if before is None else TRACKED
    changes = journal.diff(before, journal.snapshot(request, fields))
    journal.record_action(
        acting_user=acting_user,
        organisation_id=request.platform_id,
        subject=request,
        action=action,
        changes=changes,
        label=str(request),
    )


def _save(request: OwnerRequest) -> None:
    request.version += 1
    request.full_clean()
    request.save()


@register_write
def submit(
    *, desk: Desk, data: Submission, today: date, follow_url: Callable[[str], str]
) -> tuple[OwnerRequest, str]:
    """Record an owner's proposal, route it, and e-mail the owner the private follow link (after commit).
    Returns the request and the token (given once; only its hash is stored)."""
    if not desk.is_open:
        raise ValidationError("Ce guichet ne reçoit plus de propositions pour le moment.", code="desk_closed")
    rules.check_consent(data.consent)
    rules.check_commune(desk, data.commune)
    token = new_token()
    fields = {f.name: getattr(data, f.name) for f in dataclass_fields(data)} | {"email": data.email.strip()}
    request = OwnerRequest(desk=desk, platform_id=desk.platform_id, token_hash=hash_token(token), **fields)
    request.full_clean()
    request.save()
    _event(request, EventKind.RECUE)
    _journal(request, acting_user=None, before=None, action=Action.CREATE)
    route(request=request, today=today, acting_user=None)
    link = follow_url(token)
    transaction.on_commit(lambda: send_confirmation(request, link))
    return request, token


def route(*, request: OwnerRequest, today: date, acting_user=None) -> Organisation | None:
    """Confide the request by the desk's rule; None when it stays with the animator (the history says
    why). Automatic routing (no acting user) shares in the name of the desk's responsible animator."""
    desk = request.desk
    rule = rules.matching_rule(desk, request.commune)
    if rule is None:
        _event(request, EventKind.SANS_REGLE, note="Aucune règle pour cette commune : à confier à la main.")
        return None
    excluded: set[int] = set()
    while (operator := rules.choose_operator(rule, today, excluding=excluded)) is not None:
        landlord = rules.do_not_contact_landlord(operator, request.email)
        if landlord is None:
            break
        excluded.add(operator.pk)
        _event(
            request,
            EventKind.NE_PAS_CONTACTER,
            operator=operator,
            note=rules.do_not_contact_message(landlord),
        )
    if operator is None:
        _event(request, EventKind.SANS_REGLE, note="Aucune structure disponible selon la règle : à confier.")
        return None
    sharer = acting_user or routing_user(desk)
    if sharer is None:
        _event(request, EventKind.SANS_REGLE, note="Le guichet n'a pas d'animateur responsable : à confier.")
        return None
    _confide(request, operator, today=today, by=acting_user, sharer=sharer, rule=rule)
    return operator


def routing_user(desk: Desk):
    """In whose name automatic routing shares a request (`Share.created_by` names a person): the desk's
    responsible animator, else the platform's first active animator (direction, captation officer)."""
    if desk.animator_id:
        return desk.animator
    membership = (
        Membership.objects.filter(
            organisation_id=desk.platform_id, is_active=True, role__in=perms.CAPTATION_EDITORS
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _active_shares(request: OwnerRequest):
    return Share.objects.of_model(OwnerRequest).filter(object_id=request.pk, revoked_at__isnull=True)


def _revoke_shares(request: OwnerRequest, acting_user) -> None:
    for share in _active_shares(request):
        revoke_share(share=share, acting_user=acting_user)


def _confide(request: OwnerRequest, operator: Organisation, *, today: date, by, sharer, rule=None) -> None:
    rules.check_transition(request.status, Status.CONFIEE)
    before = journal.snapshot(request, TRACKED)
    if request.status == Status.CONFIEE:
        _revoke_shares(request, by or sharer)
    request.status = Status.CONFIEE
    request.assigned_operator = operator
    request.assigned_on = today
    request.acknowledge_by = rules.acknowledge_deadline(request.desk, today)
    _save(request)
    share_record(
        record=request,
        partner=operator,
        access=Share.Access.CAPTATION,
        reason=SHARE_REASON,
        starts_on=today,
        acting_user=sharer,
    )
    _event(request, EventKind.CONFIEE, by=by, operator=operator, rule=rule)
    _journal(request, acting_user=by, before=before)


@register_write
def assign(
    *, request: OwnerRequest, operator: Organisation, acting_user, today: date, version: int | None = None
) -> OwnerRequest:
    """The animator confides the request to `operator` (again, to another one: the first loses it)."""
    locked = lock_and_check_version(request, version)
    if operator.kind != OrganisationKind.OPERATOR:
        raise ValidationError({"operator": "Choisissez une structure agréée."}, code="not_operator")
    if locked.status == Status.CONFIEE and locked.assigned_operator_id == operator.pk:
        raise ValidationError({"operator": "La demande est déjà confiée à cette structure."}, code="same")
    rules.check_transition(locked.status, Status.CONFIEE)
    landlord = rules.do_not_contact_landlord(operator, locked.email)
    if landlord is not None:
        raise ValidationError({"operator": rules.do_not_contact_message(landlord)}, code="do_not_contact")
    _confide(locked, operator, today=today, by=acting_user, sharer=acting_user)
    return locked


@register_write
def acknowledge(*, request: OwnerRequest, operator: Organisation, acting_user, today: date) -> OwnerRequest:
    """`operator` takes the request in charge by its deadline: the lead opens in its pipeline."""
    locked = lock_and_check_version(request, None)
    rules.check_transition(locked.status, Status.PRISE_EN_CHARGE)
    if locked.assigned_operator_id != operator.pk:
        raise ValidationError(
            "Cette demande n'est pas confiée à votre structure : elle ne peut pas être prise en charge.",
            code="not_confided",
        )
    if rules.is_overdue(locked, today):
        raise ValidationError(
            f"Le délai de prise en charge est dépassé (au plus tard le {locked.acknowledge_by:%d/%m/%Y}) : "
            "la demande revient au guichet.",
            code="overdue",
        )
    before = journal.snapshot(locked, TRACKED)
    lead = captation.open_lead(**_lead_data(locked, operator, today), acting_user=acting_user)
    locked.status = Status.PRISE_EN_CHARGE
    locked.acknowledged_on = today
    locked.acknowledged_by = acting_user
    locked.lead = lead
    _save(locked)
    _event(locked, EventKind.PRISE_EN_CHARGE, by=acting_user, operator=operator)
    _journal(locked, acting_user=acting_user, before=before)
    return locked


def _lead_data(request: OwnerRequest, operator: Organisation, today: date) -> dict:
    """What the lead, its landlord and offered dwelling take from the request (nothing retyped)."""
    mode = request.preferred_mode if request.preferred_mode != PreferredMode.INDIFFERENT else ""
    known = Landlord.objects.filter(organisation=operator, email__iexact=request.email).order_by("pk").first()
    landlord = {"landlord": known} if known else {"landlord_data": _landlord_data(request)}
    return landlord | {
        "organisation": operator,
        "on": today,
        "origin": Origin.GUICHET,
        "preferred_mode": mode,
        "dwelling_data": {
            "commune": request.commune,
            "typology": request.typology,
            "surface_m2": request.surface_m2,
            "rent_asked": request.rent_asked,
            "available_from": request.available_from,
            "comments": request.message,
        },
    }


def _landlord_data(request: OwnerRequest) -> dict:
    return {
        "kind": LandlordKind.PARTICULIER,
        "name": request.last_name,
        "first_name": request.first_name,
        "email": request.email,
        "phone": request.phone,
        "commune": request.commune,
        "consent_to_contact": True,
        "consent_on": timezone.localdate(request.created_at),
    }


@register_write
def return_overdue(*, today: date, desk: Desk | None = None) -> int:
    """Requests not taken in charge by their deadline come back to the animator (share revoked). An
    automatic return, whoever's visit or the nightly command triggered it: no author in the history, the
    journal or the share's revocation, and the reason said once."""
    overdue = OwnerRequest.objects.overdue_on(today).select_for_update()
    if desk is not None:
        overdue = overdue.filter(desk=desk)
    count = 0
    for request in overdue:
        before = journal.snapshot(request, TRACKED)
        operator, deadline = request.assigned_operator, request.acknowledge_by
        _revoke_shares(request, None)
        request.status = Status.REVENUE
        request.assigned_operator = None
        request.assigned_on = request.acknowledge_by = None
        _save(request)
        _event(request, EventKind.REVENUE, operator=operator, note=rules.automatic_return_note(deadline))
        _journal(request, acting_user=None, before=before)
        count += 1
    return count


@register_write
def close(
    *,
    request: OwnerRequest,
    outcome: str,
    acting_user,
    today: date,
    note: str = "",
    version: int | None = None,
) -> OwnerRequest:
    """Close the request; « logement capté » only once its lead is signed (`sync_captured` does it)."""
    locked = lock_and_check_version(request, version)
    rules.check_transition(locked.status, Status.CLOSE)
    if outcome == Outcome.CAPTEE and not (locked.lead_id and locked.lead.stage == Stage.ENGAGEMENT_SIGNE):
        raise ValidationError(
            {"outcome": "« Logement capté » se constate à la signature de l'engagement du propriétaire."},
            code="not_signed",
        )
    _close(locked, outcome, acting_user=acting_user, on=today, note=note)
    return locked


def _close(request: OwnerRequest, outcome: str, *, acting_user, on: date, note: str = "") -> None:
    before = journal.snapshot(request, TRACKED)
    if request.status == Status.CONFIEE:
        _revoke_shares(request, acting_user)
    request.status = Status.CLOSE
    request.outcome = outcome
    request.closed_on = on
    _save(request)
    label = Outcome(outcome).label
    _event(request, EventKind.CLOSE, by=acting_user, note=f"{label} : {note}" if note else label)
    _journal(request, acting_user=acting_user, before=before)


@register_write
def sync_captured(*, requests=None) -> int:
    """Close « logement capté » the requests in charge whose lead is signed (one query when none is)."""
    queryset = (requests if requests is not None else OwnerRequest.objects.all()).filter(
        status=Status.PRISE_EN_CHARGE, lead__stage=Stage.ENGAGEMENT_SIGNE
    )
    count = 0
    for request in queryset.select_related("lead").select_for_update(of=("self",)):
        _close(request, Outcome.CAPTEE, acting_user=None, on=request.lead.signed_on)
        count += 1
    return count
