"""Support of the demo households: agreements with objectives and reviews, consents to home visits (one
withdrawn), appointments at the practice cadences (monthly meeting, joint visit each semester) with some
overdue, the support team's notes, orientations to relays, and the partner arrangement of the reference
text (Entre2Toits): op2 « Clé Solidaire » does the support of part of op1 « Toit Partagé »'s households,
by a SUPPORT share of the household and the agreement naming op2 as the organisation doing the support.

Records concern the households of the demo operators present today or whose stay ended since the daily
tools are in use; appointments and notes, the households present today (the last twelve months).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType

from clef.accounts.models import User
from clef.demo.daily import texts
from clef.demo.daily.context import DAILY_SINCE, DailyContext, StayRow
from clef.households.models import Household
from clef.organisations.models import Share
from clef.organisations.practice import practice_for
from clef.support import rules
from clef.support.enums import AppointmentKind, Domain, Intensity, ObjectiveStatus, RelayOutcome
from clef.support.models import (
    Appointment,
    HomeVisitConsent,
    RelayOrientation,
    RelayResource,
    SupportAgreement,
    SupportNote,
    SupportObjective,
    SupportReview,
)
from clef.utils.dates import add_months

PARTNER_SHARE = 0.4  # op1's households whose support op2 does
PARTNER_REASON = "Convention de partenariat : accompagnement social assuré par Clé Solidaire"
INTENSITY_SHARES = {Intensity.LEGERE: 30, Intensity.MODEREE: 50, Intensity.RENFORCEE: 20}
OVERDUE_MEETINGS = 0.12
OVERDUE_JOINT_VISITS = 0.15


@dataclass(eq=False)
class Supported:
    """One household's support, as generated (its agreement gets its pk when written)."""

    stay: StayRow
    agreement: SupportAgreement
    share: Share | None
    worker: User
    objectives: list[SupportObjective]
    reviews: list[SupportReview]
    consent: HomeVisitConsent | None


def supported_stays(ctx: DailyContext) -> list[StayRow]:
    """The last stay of each household present today or gone since the daily tools are in use."""
    return [
        stay for stay in ctx.stays if not stay.later_stay and (stay.present or stay.exit_date >= DAILY_SINCE)
    ]


def agreements(ctx: DailyContext) -> list[Supported]:
    household_type = ContentType.objects.get_for_model(Household)
    result = [_supported(ctx, stay, household_type) for stay in supported_stays(ctx)]
    _withdraw_one_consent(ctx, result)
    return result


def _supported(ctx: DailyContext, stay: StayRow, household_type: ContentType) -> Supported:
    """The agreement of one household, done by its operator or, for part of op1's, by op2 (delegated by
    a SUPPORT share of the household, dated like the agreement)."""
    op1, op2 = ctx.operators["op1"], ctx.operators["op2"]
    rng = ctx.rng("support", stay.external_id)
    owner = ctx.teams[stay.organisation_id]
    partner = stay.organisation_id == op1.pk and rng.random() < PARTNER_SHARE
    support_org = op2 if partner else (op1 if stay.organisation_id == op1.pk else op2)
    team = ctx.teams[support_org.pk]
    worker = team.social_workers[0] if rng.random() < 0.75 else team.social_workers[1]
    signed = min(stay.entry_date + timedelta(days=rng.randint(0, 20)), stay.exit_date or ctx.today, ctx.today)
    share = None
    if partner:
        share = Share(
            content_type=household_type,
            object_id=stay.household_id,
            organisation_id=op1.pk,
            partner=op2,
            access=Share.Access.SUPPORT,
            reason=PARTNER_REASON,
            starts_on=signed,
            ends_on=stay.exit_date,
            created_by=owner.director,
        )
    agreement = SupportAgreement(
        organisation_id=stay.organisation_id,
        household_id=stay.household_id,
        support_organisation=support_org,
        signed_on=signed,
        ends_on=stay.exit_date,
        intensity=rng.choices(list(INTENSITY_SHARES), weights=list(INTENSITY_SHARES.values()))[0],
        social_worker=worker,
        rental_manager=owner.rental_manager,
        created_by=worker,
    )
    consent = None
    if rng.random() < 0.85:
        consent = HomeVisitConsent(
            organisation_id=stay.organisation_id,
            household_id=stay.household_id,
            given_on=signed,
            recorded_by=worker,
        )
    reviews = _reviews(rng, signed, stay.exit_date or ctx.today)
    return Supported(stay, agreement, share, worker, _objectives(rng, stay), reviews, consent)


def _withdraw_one_consent(ctx: DailyContext, supported: list[Supported]) -> None:
    """One household of op1, supported by op1 itself, withdrew its consent to home visits (« le cadre du
    ménage ») forty days ago: no home visit since."""
    op1 = ctx.operators["op1"]
    for item in supported:
        if (
            item.consent is not None
            and item.stay.present
            and item.share is None
            and item.stay.organisation_id == op1.pk
        ):
            item.consent.withdrawn_on = max(item.consent.given_on, ctx.today - timedelta(days=40))
            rules.check_consent_dates(item.consent.given_on, item.consent.withdrawn_on)
            return


def _objectives(rng, stay: StayRow) -> list[SupportObjective]:
    domains = rng.sample(list(Domain), rng.randint(2, 4))
    if Domain.LOGEMENT not in domains:
        domains[0] = Domain.LOGEMENT
    result = []
    for domain in domains:
        if stay.present:
            status = ObjectiveStatus.ATTEINT if rng.random() < 0.25 else ObjectiveStatus.EN_COURS
        else:
            status = ObjectiveStatus.ATTEINT if rng.random() < 0.7 else ObjectiveStatus.ABANDONNE
        result.append(
            SupportObjective(domain=domain, text=rng.choice(texts.OBJECTIVES[domain]), status=status)
        )
    return result


def _reviews(rng, signed: date, until: date) -> list[SupportReview]:
    result = []
    day = add_months(signed, 6)
    while day <= until:
        result.append(SupportReview(reviewed_on=day, summary=rng.choice(texts.REVIEWS)))
        day = add_months(day, 6)
    return result


def appointments(ctx: DailyContext, supported: list[Supported]) -> list[tuple[Appointment, list[User]]]:
    """Meetings and visits of the households present today over the last twelve months."""
    result = []
    for item in supported:
        stay, agreement = item.stay, item.agreement
        if not stay.present:
            continue
        rng = ctx.rng("appointments", stay.external_id)
        org_id = agreement.support_organisation.pk
        practice = practice_for(org_id)
        start = max(agreement.signed_on, ctx.today - timedelta(days=365))
        manager = agreement.rental_manager
        last_meeting = ctx.today - timedelta(
            days=rng.randint(75, 120) if rng.random() < OVERDUE_MEETINGS else 0
        )
        day = start + timedelta(days=rng.randint(0, 10))
        while day <= last_meeting:
            kind = AppointmentKind.ENTRETIEN
            if _visits_allowed(item.consent, day) and rng.random() < 0.25:
                kind = AppointmentKind.VISITE_DOMICILE
            result.append(_appointment(rng, org_id, stay, day, kind, item.worker, [item.worker]))
            day = add_months(day, practice.meeting_every_months) + timedelta(days=rng.randint(-5, 5))
        last_joint = ctx.today - timedelta(
            days=rng.randint(200, 300) if rng.random() < OVERDUE_JOINT_VISITS else 0
        )
        day = add_months(agreement.signed_on, 1) + timedelta(days=rng.randint(0, 20))
        while day <= last_joint:
            if day >= start and _visits_allowed(item.consent, day):
                result.append(
                    _appointment(
                        rng,
                        org_id,
                        stay,
                        day,
                        AppointmentKind.VISITE_CONJOINTE,
                        item.worker,
                        [item.worker, manager],
                    )
                )
            day = add_months(day, practice.joint_visit_every_months)
    return result


def _visits_allowed(consent: HomeVisitConsent | None, day: date) -> bool:
    return (
        consent is not None
        and consent.given_on <= day
        and (consent.withdrawn_on is None or day < consent.withdrawn_on)
    )


def _appointment(rng, org_id, stay, day, kind, worker, attendees) -> tuple[Appointment, list[User]]:
    note = rng.choice(texts.APPOINTMENT_NOTES[kind])
    appointment = Appointment(
        organisation_id=org_id,
        household_id=stay.household_id,
        held_on=day,
        kind=kind,
        note=note,
        recorded_by=worker,
    )
    return appointment, attendees


def notes(ctx: DailyContext, supported: list[Supported]) -> list[SupportNote]:
    """One to four notes of the support team in the last year, for the households present today."""
    result = []
    for item in supported:
        if not item.stay.present:
            continue
        rng = ctx.rng("notes", item.stay.external_id)
        since = max(item.agreement.signed_on, ctx.today - timedelta(days=365))
        for _ in range(rng.randint(1, 4)):
            note = SupportNote(
                organisation_id=item.agreement.support_organisation.pk,
                household_id=item.stay.household_id,
                author=item.worker,
                text=rng.choice(texts.NOTES),
            )
            note.written_on = since + timedelta(days=rng.randint(0, max(0, (ctx.today - since).days)))
            result.append(note)
    return result


def relay_orientations(ctx: DailyContext, supported: list[Supported]) -> list[RelayOrientation]:
    resources = list(
        RelayResource.objects.filter(organisation=None, is_active=True)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    result = []
    for item in supported:
        rng = ctx.rng("relay", item.stay.external_id)
        if not resources or rng.random() >= 0.25:
            continue
        until = min(ctx.today, item.stay.exit_date or ctx.today)
        oriented = max(item.agreement.signed_on, until - timedelta(days=rng.randint(10, 300)))
        outcome = rng.choices(list(RelayOutcome), weights=[25, 45, 15, 15])[0]
        outcome_on = None
        if outcome != RelayOutcome.EN_ATTENTE:
            outcome_on = min(until, oriented + timedelta(days=rng.randint(7, 60)))
        result.append(
            RelayOrientation(
                organisation_id=item.agreement.support_organisation.pk,
                household_id=item.stay.household_id,
                resource_id=rng.choice(resources),
                oriented_on=oriented,
                reason=rng.choice(texts.RELAY_REASONS),
                outcome=outcome,
                outcome_on=outcome_on,
                recorded_by=item.worker,
            )
        )
    return result
