"""The « Accompagnement » panel of the household page (`clef.www.households.panels`).

What the member sees follows `clef.support.perms`: the support team sees everything (agreement with its
objectives and reviews, consent, appointments with their notes, notes, relays: every note shown goes to
the access log); the managing operator and the other roles see that support exists, which organisation
does it, its intensity and its cadence; anybody else sees no panel. Constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clef.households.models import Household
from clef.organisations.models import Organisation
from clef.organisations.practice import practice_for
from clef.support import rules
from clef.support.models import SupportAgreement
from clef.support.perms import team_writings
from clef.support.queries import with_cadence
from clef.support.reads import log_note_reads
from clef.www.households.panels import Panel
from clef.www.support.access import support_of

NOTES_SHOWN = 5
APPOINTMENTS_SHOWN = 10


@dataclass(frozen=True)
class Cadence:
    """When the household was last met and visited jointly, when the next ones are due, and whether late."""

    last_meeting: date | None
    last_joint_visit: date | None
    since: date | None  # entry into the current dwelling (None: not housed today)
    meeting_due: date | None
    meeting_overdue: bool
    joint_visit_due: date | None
    joint_visit_overdue: bool
    meeting_every_months: int
    joint_visit_every_months: int


def cadence_of(household: Household, organisation_id: int, today: date) -> Cadence:
    """The cadence of the household's support, with the practice of the organisation doing it (2 queries)."""
    practice = practice_for(organisation_id)
    row = with_cadence(Household.objects.filter(pk=household.pk), today).values(
        "last_meeting", "last_joint_visit", "since"
    )[0]
    since = row["since"]
    meeting_ref = row["last_meeting"] or since
    joint_ref = row["last_joint_visit"] or since
    meeting_every, joint_every = practice.meeting_every_months, practice.joint_visit_every_months
    return Cadence(
        last_meeting=row["last_meeting"],
        last_joint_visit=row["last_joint_visit"],
        since=since,
        meeting_due=rules.due_on(meeting_ref, meeting_every) if since and meeting_ref else None,
        meeting_overdue=bool(since) and rules.is_overdue(meeting_ref, meeting_every, today),
        joint_visit_due=rules.due_on(joint_ref, joint_every) if since and joint_ref else None,
        joint_visit_overdue=bool(since) and rules.is_overdue(joint_ref, joint_every, today),
        meeting_every_months=meeting_every,
        joint_visit_every_months=joint_every,
    )


def _agreement(household: Household, today: date, *, team: bool) -> SupportAgreement | None:
    queryset = household.support_agreements.filter(rules.in_force_q(today)).select_related(
        "social_worker", "rental_manager"
    )
    if team:
        queryset = queryset.prefetch_related("objectives", "reviews")
    return queryset.first()


def team_context(request, household: Household, today: date, support_organisation_id: int) -> dict:
    """What only the support team reads (the notes shown are logged in one insert): the appointments held
    (« Derniers rendez-vous ») apart from those planned (« à venir », never shown as held); its own
    organisation's notes and appointment notes (`clef.support.perms.team_writings`); the appointments of
    another organisation show without their note (dates and kinds are the cadence, seen anyway)."""
    appointments = list(
        household.appointments.select_related("recorded_by")
        .prefetch_related("attendees")
        .order_by("-held_on", "-pk")[:APPOINTMENTS_SHOWN]
    )
    for appointment in appointments:
        if appointment.organisation_id != support_organisation_id:
            appointment.note = ""  # shown, never saved: the note belongs to the other organisation's team
    notes = list(
        team_writings(household.support_notes, support_organisation_id)
        .select_related("author")
        .order_by("-written_at", "-pk")[:NOTES_SHOWN]
    )
    relays = list(household.relay_orientations.select_related("resource").order_by("-oriented_on", "-pk"))
    log_note_reads(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        household_id=household.pk,
        subjects=notes + [a for a in appointments if a.note],
    )
    upcoming = [a for a in reversed(appointments) if a.held_on > today]  # planned, soonest first
    held = [a for a in appointments if a.held_on <= today]
    return {"appointments": held, "upcoming": upcoming, "notes": notes, "relays": relays}


def support_context(request, household: Household, today: date, rights) -> dict:
    """The panel's context for a member with `rights` (`clef.support.perms.SupportRights`)."""
    organisation_id = rights.support_organisation_id
    if organisation_id == household.organisation_id:
        support_organisation = household.organisation
    else:
        support_organisation = Organisation.objects.only("name").get(pk=organisation_id)
    agreement = _agreement(household, today, team=rights.team)
    context = {
        "household": household,
        "rights": rights,
        "support_organisation": support_organisation,
        "agreement": agreement,
        "objectives": rules.objectives_by_domain(agreement.objectives.all())
        if agreement and rights.team
        else [],
        "consent": household.home_visit_consents.filter(rules.consent_in_force_q(today)).first(),
        "cadence": cadence_of(household, organisation_id, today),
        "today": today,
    }
    if rights.team:
        context |= team_context(request, household, today, rights.support_organisation_id)
    return context


def household_panel(request, household: Household, today: date) -> Panel | None:
    rights = support_of(request, household, today)
    if not rights.overview:
        return None
    return Panel("support/panel.html", support_context(request, household, today, rights))
