"""Writes of the IML meeting and of the practice settings: one transaction each, journaled."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone

from clef.agenda import sections as registry
from clef.agenda.models import AgendaItem, Meeting
from clef.agenda.rules import check_meeting_date
from clef.journal.models import JournalEntry
from clef.journal.services import change, record, record_action, snapshot
from clef.organisations.models import Organisation, PracticeSettings
from clef.organisations.practice import practice_for, read_once
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

register_constraint_errors(
    {
        "agenda_meeting_one_per_day": {
            "held_on": "Une réunion IML existe déjà à cette date : ouvrez-la dans la liste des réunions."
        },
    }
)


@register_write
def prepare_meeting(*, organisation: Organisation, on: date, acting_user) -> Meeting:
    """The meeting of `organisation` on `on`, with a snapshot of what every section finds due that day.

    Idempotent: preparing it again adds the items that appeared since, in their section, and keeps the
    items already there with their decisions (an item no longer due stays: it was discussed)."""
    meeting, created = Meeting.objects.get_or_create(
        organisation=organisation, held_on=on, defaults={"created_by": acting_user}
    )
    if created:
        check_meeting_date(on)  # a new meeting only: one prepared long ago may still be refreshed
        meeting.full_clean()
        record(acting_user=acting_user, instance=meeting, action=JournalEntry.Action.CREATE)
    else:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)  # one preparation at a time
    existing = set(meeting.items.values_list("section", "subject_type_id", "subject_id"))
    position = meeting.items.aggregate(last=Max("position"))["last"] or 0
    new_items = []
    with read_once():  # the sections reading the practice settings read them once
        found = [(section, section.items(organisation.pk, on)) for section in registry.meeting_sections()]
    for section, items in found:
        for item in items:
            subject_type = ContentType.objects.get_for_model(item.subject, for_concrete_model=False)
            if (section.code, subject_type.pk, item.subject.pk) in existing:
                continue
            existing.add((section.code, subject_type.pk, item.subject.pk))
            position += 1
            new_items.append(_item_row(meeting, section.code, subject_type, item, position))
    for row in new_items:
        row.full_clean(exclude=["meeting", "subject_type", "household"])
    AgendaItem.objects.bulk_create(new_items)
    if new_items and not created:
        record_action(
            acting_user=acting_user,
            organisation_id=organisation.pk,
            subject=meeting,
            action=JournalEntry.Action.UPDATE,
            label=str(meeting),
            changes={"items": change("Points ajoutés à l'ordre du jour", new=str(len(new_items)))},
        )
    return meeting


def _item_row(meeting: Meeting, code: str, subject_type, item: registry.Item, position: int) -> AgendaItem:
    return AgendaItem(
        meeting=meeting,
        section=code,
        subject_type=subject_type,
        subject_id=item.subject.pk,
        household_id=item.household_id,
        label=item.label[: AgendaItem._meta.get_field("label").max_length],
        due_on=item.due_on,
        url_name=item.url_name,
        url_args=list(item.url_args),
        position=position,
    )


@register_write
def record_decision(*, item: AgendaItem, text: str, acting_user, expected_version: int | None) -> AgendaItem:
    """Write (or clear, with an empty text) the decision taken on one item. Refused when someone saved
    a decision on it since the form was shown (StaleEditError)."""
    stored = lock_and_check_version(item, expected_version)
    before = snapshot(stored, ["decision", "decided_by", "decided_at"])
    text = (text or "").strip().replace("\r\n", "\n")
    if text == stored.decision:
        return stored
    stored.decision = text
    stored.decided_by = acting_user if text else None
    stored.decided_at = timezone.now() if text else None
    stored.version += 1
    stored.full_clean(exclude=["meeting", "subject_type", "household"])
    stored.save()
    meeting = Meeting.objects.only("organisation_id").get(pk=stored.meeting_id)
    record(
        acting_user=acting_user,
        instance=stored,
        action=JournalEntry.Action.UPDATE,
        before=before,
        household_id=stored.household_id,
        organisation_id=meeting.organisation_id,
    )
    return stored


PRACTICE_FIELDS = [
    "occupancy_term_months",
    "occupancy_max_renewals",
    "term_alert_days",
    "demand_validity_months",
    "demand_alert_days",
    "meeting_every_months",
    "joint_visit_every_months",
    "slide_review_every_months",
    "contract_alert_days",
    "management_fee_percent",
]


@register_write
def save_practice_settings(
    *, organisation: Organisation, values: dict, acting_user, expected_updated_at=None
) -> PracticeSettings:
    """Save the operator's practice settings (the director's page), journaled field by field. Refused when
    another director saved them since the form was shown (`expected_updated_at`)."""
    current = PracticeSettings.objects.select_for_update().filter(organisation=organisation).first()
    if current is not None and expected_updated_at is not None and current.updated_at != expected_updated_at:
        raise ValidationError(
            "Les pratiques de la structure ont été modifiées depuis l'ouverture de ce formulaire (par un "
            "collègue, ou par vous dans un autre onglet) : rien n'a été enregistré. Rechargez la page.",
            code="stale",
        )
    settings_row = current or practice_for(organisation.pk)
    before = snapshot(settings_row, PRACTICE_FIELDS) if current is not None else None
    for name in PRACTICE_FIELDS:
        setattr(settings_row, name, values[name])
    settings_row.full_clean(exclude=["organisation"])
    settings_row.save()
    record(
        acting_user=acting_user,
        instance=settings_row,
        action=JournalEntry.Action.UPDATE if current is not None else JournalEntry.Action.CREATE,
        before=before,
        organisation_id=organisation.pk,
    )
    return settings_row
