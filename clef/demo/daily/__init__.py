"""The daily work of issue 8 in the demo region: SIAO orientation, occupancy terms and demands, support,
guided exits and solicitations, the monthly IML meeting (one module each, `generate` functions that
return unsaved rows; this module writes them with bulk inserts, like `clef/demo/loader.py`).

The published figures stay as they are: the register (organisations, dwellings, households, persons,
stays) is read, never rewritten; new rows only go to the new tables and to shares. Records dated up to
the register's horizon depend on the seed only; the current ones (terms to decide, appointments, open
availabilities) follow the day the demo is loaded (`today`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from clef.agenda.models import Meeting
from clef.demo.daily import agenda, entries, exits, occupancy, orientation, support
from clef.demo.daily.context import DailyContext, at_noon, build_context
from clef.exits.models import ExitAssessment
from clef.occupancy.models import OccupancyTerm
from clef.organisations.models import Organisation, Share
from clef.orientation.models import Availability, Wishes
from clef.support.models import Appointment, SupportAgreement, SupportNote
from clef.utils.bulk import analyze_after_bulk_load

BATCH = 2000


DEMO_OPERATORS = ["demo-op-001", "demo-op-002"]


def daily_work_loaded() -> bool:
    """The demo operators already have daily-work records (the demo's, or some entered in the pages of
    a demo loaded before issue 8): the generation never mixes with them."""
    return any(
        model.objects.filter(organisation__external_id__in=DEMO_OPERATORS).exists()
        for model in (OccupancyTerm, Availability, SupportAgreement, ExitAssessment, Meeting)
    )


@transaction.atomic
def load_daily_work(today: date | None = None) -> dict[str, int]:
    """Generate and write the daily work once (nothing if it is already there)."""
    if daily_work_loaded() or Organisation.objects.filter(external_id__in=DEMO_OPERATORS).count() != 2:
        return {}
    ctx = build_context(today or timezone.localdate())
    counts = {}
    counts |= _write_orientation(ctx)
    counts |= _write_occupancy(ctx)
    counts |= _write_support(ctx)
    counts |= _write_exits(ctx)
    counts |= agenda.write_meetings(ctx)
    analyze_after_bulk_load(OccupancyTerm, Appointment, SupportNote, Share)
    return counts


def insert(objects: list[models.Model], dated: tuple[str, Callable[[Any], date]] | None = None) -> None:
    """Bulk insert `objects` (one model). `dated`: an `auto_now_add` field and the record's own day,
    written as such (a bulk insert would fill that field with now)."""
    if not objects:
        return
    model = type(objects[0])
    if dated is None:
        model.objects.bulk_create(objects, batch_size=BATCH)
        return
    name, day_of = dated
    for obj in objects:
        setattr(obj, name, at_noon(day_of(obj)))
    field = model._meta.get_field(name)
    field.auto_now_add = False  # only for this insert: the values set above are kept
    try:
        model.objects.bulk_create(objects, batch_size=BATCH)
    finally:
        field.auto_now_add = True


def _shares(records: list[models.Model], *, partner_of, starts_of, reason: str, created_by_of) -> list[Share]:
    if not records:
        return []
    content_type = ContentType.objects.get_for_model(type(records[0]))
    shares = [
        Share(
            content_type=content_type,
            object_id=record.pk,
            organisation_id=record.organisation_id,
            partner=partner_of(record),
            access=Share.Access.ORIENTATION,
            reason=reason,
            starts_on=starts_of(record),
            created_by=created_by_of(record),
        )
        for record in records
    ]
    insert(shares, ("created_at", lambda share: share.starts_on))
    return shares


def _write_orientation(ctx: DailyContext) -> dict[str, int]:
    offers = orientation.history(ctx) + orientation.today(ctx)
    availabilities = [offer.availability for offer in offers]
    insert(availabilities, ("created_at", lambda a: a.available_from))
    _shares(
        availabilities,
        partner_of=lambda a: a.siao,
        starts_of=lambda a: a.available_from,
        reason="Mise à disposition au SIAO",
        created_by_of=lambda a: a.created_by,
    )
    candidates = [c for offer in offers for c in offer.candidates]
    proposals = [c.proposal for c in candidates]
    insert(proposals, ("created_at", lambda p: p.proposed_on))
    _shares(
        proposals,
        partner_of=lambda p: Organisation(pk=p.operator_id),
        starts_of=lambda p: p.proposed_on,
        reason="Proposition du SIAO",
        created_by_of=lambda p: p.proposed_by,
    )
    _write_candidates_details(offers)
    choices = entries.entry_choices(ctx)
    insert(choices, ("recorded_at", lambda c: c.entry_date))
    requests = entries.reorientations(ctx)
    insert(requests)
    _shares(
        requests,
        partner_of=lambda r: r.siao,
        starts_of=lambda r: r.requested_on,
        reason="Demande de réorientation",
        created_by_of=lambda r: r.requested_by,
    )
    return {
        "mises à disposition": len(availabilities),
        "propositions": len(proposals),
        "choix à l'entrée": len(choices),
        "demandes de réorientation": len(requests),
    }


def _write_candidates_details(offers: list[orientation.Offer]) -> None:
    """The candidates' other members, their wishes, and the wishes copied to the households who entered."""
    candidates = [c for offer in offers for c in offer.candidates]
    members = []
    for candidate in candidates:
        for member in candidate.members:
            member.proposal = candidate.proposal
            members.append(member)
    insert(members)
    wishes, communes = [], []
    for candidate in candidates:
        if candidate.wishes is not None:
            candidate.wishes.proposal = candidate.proposal
            wishes.append(candidate.wishes)
            communes.append(candidate.communes)
    latest = {offer.household_wishes[0]: offer.household_wishes for offer in offers if offer.household_wishes}
    for household_id, household_wishes, household_communes in latest.values():
        household_wishes.household_id = household_id  # the household's wishes: its latest proposal's
        wishes.append(household_wishes)
        communes.append(household_communes)
    insert(wishes)
    through = Wishes.communes.through
    through.objects.bulk_create(
        [
            through(wishes_id=w.pk, commune_id=code)
            for w, codes in zip(wishes, communes, strict=True)
            for code in codes
        ],
        batch_size=BATCH,
    )


def _write_occupancy(ctx: DailyContext) -> dict[str, int]:
    terms = occupancy.terms(ctx)
    insert(terms)
    demands = occupancy.demands(ctx)
    insert(demands)
    reviews = occupancy.slide_reviews(ctx)
    insert(reviews, ("created_at", lambda r: r.reviewed_on))
    slides = occupancy.lease_slides(ctx)
    insert(slides, ("created_at", lambda s: s.slid_on))
    return {
        "périodes d'occupation": len(terms),
        "demandes de logement social": len(demands),
        "points sur le glissement": len(reviews),
        "glissements de bail": len(slides),
    }


def _write_support(ctx: DailyContext) -> dict[str, int]:
    supported = support.agreements(ctx)
    shares = [item.share for item in supported if item.share is not None]
    insert(shares, ("created_at", lambda share: share.starts_on))
    for item in supported:
        item.agreement.share = item.share
    agreements = [item.agreement for item in supported]
    insert(agreements, ("created_at", lambda a: a.signed_on))
    objectives, reviews = [], []
    for item in supported:
        for row in item.objectives + item.reviews:
            row.agreement = item.agreement
        objectives += item.objectives
        reviews += item.reviews
    insert(objectives)
    insert(reviews)
    consents = [item.consent for item in supported if item.consent is not None]
    insert(consents, ("created_at", lambda c: c.given_on))
    appointments = support.appointments(ctx, supported)
    insert([a for a, _ in appointments], ("created_at", lambda a: a.held_on))
    through = Appointment.attendees.through
    through.objects.bulk_create(
        [through(appointment_id=a.pk, user_id=user.pk) for a, users in appointments for user in users],
        batch_size=BATCH,
    )
    notes = support.notes(ctx, supported)
    insert(notes, ("written_at", lambda n: n.written_on))
    relays = support.relay_orientations(ctx, supported)
    insert(relays)
    return {
        "contrats d'accompagnement": len(agreements),
        "délégations à un partenaire": len(shares),
        "rendez-vous": len(appointments),
        "notes": len(notes),
        "orientations vers un relais": len(relays),
    }


def _write_exits(ctx: DailyContext) -> dict[str, int]:
    readiness = exits.readiness(ctx)
    insert(readiness)
    assessments, perspectives = exits.assessments(ctx)
    insert(assessments)
    rows = []
    for assessment in assessments:
        for perspective in perspectives[assessment.stay_id]:
            perspective.assessment = assessment
            rows.append(perspective)
    insert(rows)
    solicitations = exits.solicitations(ctx)
    insert(solicitations, ("created_at", lambda s: s.solicited_on))
    return {
        "bilans de sortie": len(assessments),
        "sollicitations après la sortie": len(solicitations),
    }
