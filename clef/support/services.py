"""Writes of the support: one transaction each (`clef.utils.writes.register_write`), journaled in it.

Who may call them is decided by `clef.support.perms` (the views call it first). The journal never holds
the text of a note, of an appointment's note, of an objective or of a review, nor the relay a household
was oriented to: the household's history is read by roles outside the support team.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.support import rules
from clef.support.enums import RelayOutcome
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
from clef.support.rules import ObjectiveData
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

register_constraint_errors(
    {
        "support_one_open_agreement_per_household": "Un autre contrat d'accompagnement sans date de fin vient "
        "d'être enregistré pour ce ménage : rechargez la page.",
        "support_one_open_consent_per_household": "L'accord du ménage vient d'être enregistré par un collègue : "
        "rechargez la page.",
    }
)

APPOINTMENT_JOURNALED = ["held_on", "kind", "other_attendees"]
ORIENTATION_JOURNALED = ["oriented_on", "outcome", "outcome_on"]


# --- Agreement -----------------------------------------------------------------------------------------


def _objectives_line(objectives) -> str | None:
    """The objectives as the journal shows them: how many, in which state — never their domain (« santé »
    is itself sensitive, and the journal and the household's history are read by the managing operator
    even when a partner does the support) nor their text."""
    status = SupportObjective._meta.get_field("status")
    counts: dict[str, int] = {}
    for objective in objectives:
        label = str(journal.readable(status, objective.status)).lower()
        counts[label] = counts.get(label, 0) + 1
    total = sum(counts.values())
    if not total:
        return None
    states = ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))
    return f"{total} objectif{'s' if total > 1 else ''} ({states})"


def _write_objectives(agreement: SupportAgreement, objectives: list[ObjectiveData]) -> None:
    existing = {o.pk: o for o in agreement.objectives.all()}
    if any(o.pk and o.pk not in existing for o in objectives):
        raise ValidationError("Les objectifs ont été modifiés entre-temps : rechargez la page.", code="stale")
    for data in objectives:
        objective = existing.get(data.pk) if data.pk else None
        if data.delete:
            if objective is not None:
                objective.delete()
            continue
        objective = objective or SupportObjective(agreement=agreement)
        objective.domain, objective.text, objective.status = data.domain, data.text.strip(), data.status
        objective.full_clean(exclude=["agreement"])
        objective.save()


@register_write
def save_agreement(
    *,
    agreement: SupportAgreement,
    objectives: list[ObjectiveData],
    acting_user,
    expected_version: int | None = None,
) -> SupportAgreement:
    """Create or update a support agreement with its objectives (one agreement in force at a time)."""
    rules.check_agreement_dates(agreement.signed_on, agreement.ends_on)
    rules.check_objectives(objectives)
    creating = agreement.pk is None
    stored = None
    old_objectives = None
    if not creating:
        stored = lock_and_check_version(agreement, expected_version)
        agreement.version = stored.version + 1
        old_objectives = _objectives_line(stored.objectives.all())
    else:
        agreement.created_by = acting_user
    rules.check_one_agreement_in_force(
        household_id=agreement.household_id,
        signed_on=agreement.signed_on,
        ends_on=agreement.ends_on,
        exclude_pk=agreement.pk,
    )
    agreement.full_clean()
    agreement.save()
    _write_objectives(agreement, objectives)
    new_objectives = _objectives_line(agreement.objectives.all())
    extra = {}
    if new_objectives != old_objectives:
        extra["objectives"] = journal.change("objectifs", old_objectives, new_objectives)
    journal.record(
        acting_user=acting_user,
        instance=agreement,
        action=Action.CREATE if creating else Action.UPDATE,
        before=journal.snapshot(stored) if stored else None,
        household_id=agreement.household_id,
        extra=extra,
    )
    return agreement


@register_write
def add_review(*, agreement: SupportAgreement, reviewed_on: date, summary: str, acting_user) -> SupportReview:
    """A review (bilan) of the agreement; the journal keeps its date, not its text."""
    review = SupportReview(agreement=agreement, reviewed_on=reviewed_on, summary=summary.strip())
    if reviewed_on is not None and reviewed_on < agreement.signed_on:
        raise ValidationError({"reviewed_on": "Le bilan ne peut pas précéder la signature du contrat."})
    review.full_clean()
    review.save()
    journal.record_action(
        acting_user=acting_user,
        organisation_id=agreement.organisation_id,
        subject=review,
        action=Action.CREATE,
        changes={"reviewed_on": journal.change("date du bilan", None, f"{reviewed_on:%d/%m/%Y}")},
        household_id=agreement.household_id,
    )
    return review


# --- Consent to home visits ----------------------------------------------------------------------------


@register_write
def give_consent(*, household, organisation_id: int, given_on: date, acting_user) -> HomeVisitConsent:
    """The household agrees to home visits from `given_on` (until it withdraws its agreement)."""
    if HomeVisitConsent.objects.filter(household=household, withdrawn_on__isnull=True).exists():
        raise ValidationError({"given_on": "L'accord du ménage est déjà enregistré et n'a pas été retiré."})
    consent = HomeVisitConsent(
        household=household, organisation_id=organisation_id, given_on=given_on, recorded_by=acting_user
    )
    consent.full_clean()
    consent.save()
    journal.record(acting_user=acting_user, instance=consent, action=Action.CREATE, household_id=household.pk)
    return consent


@register_write
def withdraw_consent(*, consent: HomeVisitConsent, withdrawn_on: date, acting_user) -> HomeVisitConsent:
    """The household withdraws its agreement from `withdrawn_on` (no home visit from that day)."""
    stored = HomeVisitConsent.objects.select_for_update().get(pk=consent.pk)
    if stored.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": "Cet accord a déjà été retiré."})
    rules.check_consent_dates(stored.given_on, withdrawn_on)
    before = journal.snapshot(stored)
    stored.withdrawn_on = withdrawn_on
    stored.full_clean()
    stored.save(update_fields=["withdrawn_on"])
    journal.record(
        acting_user=acting_user,
        instance=stored,
        action=Action.UPDATE,
        before=before,
        household_id=stored.household_id,
    )
    return stored


# --- Appointments and notes ----------------------------------------------------------------------------


@register_write
def record_appointment(
    *,
    household,
    organisation_id: int,
    held_on: date,
    kind: str,
    attendees: list,
    other_attendees: str,
    note: str,
    acting_user,
    today: date | None = None,
) -> Appointment:
    """An interview or a visit (a home or joint visit needs the household's consent in force that day),
    with somebody present (a joint visit: a rental manager and a social worker)."""
    today = today or timezone.localdate()
    appointment = Appointment(
        household=household,
        organisation_id=organisation_id,
        held_on=held_on,
        kind=kind,
        other_attendees=other_attendees.strip(),
        note=note.strip(),
        recorded_by=acting_user,
    )
    appointment.full_clean()
    rules.check_appointment(held_on=held_on, note=appointment.note, today=today)
    rules.check_attendees(
        kind=kind,
        attendee_ids=[user.pk for user in attendees],
        other_attendees=appointment.other_attendees,
        organisation_ids={household.organisation_id, organisation_id},
    )
    rules.check_home_visit_allowed(household, kind, held_on)
    appointment.save()
    appointment.attendees.set(attendees)
    changes = journal.snapshot(appointment, APPOINTMENT_JOURNALED)
    changes = {name: journal.change(line["label"], None, line["value"]) for name, line in changes.items()}
    changes["note"] = journal.change("note", None, "rédigée" if appointment.note else None)
    journal.record_action(
        acting_user=acting_user,
        organisation_id=organisation_id,
        subject=appointment,
        action=Action.CREATE,
        changes=changes,
        household_id=household.pk,
    )
    return appointment


@register_write
def write_note(*, household, organisation_id: int, text: str, acting_user) -> SupportNote:
    """A note of the support team (the journal says a note was written, never what it says)."""
    note = SupportNote(
        household=household, organisation_id=organisation_id, author=acting_user, text=text.strip()
    )
    if not note.text:
        raise ValidationError({"text": "La note est vide."})
    note.full_clean()
    note.save()
    journal.record_action(
        acting_user=acting_user,
        organisation_id=organisation_id,
        subject=note,
        action=Action.CREATE,
        household_id=household.pk,
    )
    return note


# --- Relays --------------------------------------------------------------------------------------------


@register_write
def orient_to_relay(
    *, household, organisation_id: int, resource: RelayResource, oriented_on: date, reason: str, acting_user
) -> RelayOrientation:
    orientation = RelayOrientation(
        household=household,
        organisation_id=organisation_id,
        resource=resource,
        oriented_on=oriented_on,
        reason=reason.strip(),
        recorded_by=acting_user,
    )
    orientation.full_clean()
    orientation.save()
    changes = journal.snapshot(orientation, ORIENTATION_JOURNALED)
    journal.record_action(
        acting_user=acting_user,
        organisation_id=organisation_id,
        subject=orientation,
        action=Action.CREATE,
        changes={name: journal.change(line["label"], None, line["value"]) for name, line in changes.items()},
        household_id=household.pk,
    )
    return orientation


@register_write
def record_relay_outcome(
    *,
    orientation: RelayOrientation,
    outcome: str,
    outcome_on: date | None,
    acting_user,
    expected_version: int | None = None,
) -> RelayOrientation:
    """What came of an orientation (pending: no date; otherwise dated on or after the orientation)."""
    stored = lock_and_check_version(orientation, expected_version)
    before = journal.snapshot(stored, ORIENTATION_JOURNALED)
    if outcome == RelayOutcome.EN_ATTENTE:
        outcome_on = None
    elif outcome_on is None:
        raise ValidationError({"outcome_on": "Indiquez la date à laquelle la suite a été connue."})
    elif outcome_on < stored.oriented_on:
        raise ValidationError({"outcome_on": "La suite ne peut pas précéder l'orientation."})
    stored.outcome, stored.outcome_on, stored.version = outcome, outcome_on, stored.version + 1
    stored.full_clean()
    stored.save(update_fields=["outcome", "outcome_on", "version"])
    journal.record_action(
        acting_user=acting_user,
        organisation_id=stored.organisation_id,
        subject=stored,
        action=Action.UPDATE,
        changes=journal.diff(before, journal.snapshot(stored, ORIENTATION_JOURNALED)),
        household_id=stored.household_id,
    )
    return stored


@register_write
def add_relay_resource(*, resource: RelayResource, acting_user) -> RelayResource:
    """An operator's own entry in the relay directory (`resource.organisation` set by the caller)."""
    if resource.organisation_id is None:
        raise ValidationError("Une entrée locale appartient à une structure.")
    resource.full_clean()
    resource.save()
    journal.record(acting_user=acting_user, instance=resource, action=Action.CREATE)
    return resource


@register_write
def deactivate_relay_resource(*, resource: RelayResource, acting_user) -> RelayResource:
    """Remove an operator's own entry from its directory (kept for the orientations that name it)."""
    before = journal.snapshot(resource)
    resource.is_active = False
    resource.save(update_fields=["is_active"])
    journal.record(acting_user=acting_user, instance=resource, action=Action.UPDATE, before=before)
    return resource
