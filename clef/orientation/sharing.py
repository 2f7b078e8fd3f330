"""Every orientation record is written, journaled and shared the same way: with the other organisation
of the orientation (the SIAO for an availability or a re-orientation request, the operator for a
proposal), through the one sharing rule of `clef.organisations` (access « orientation »), from the day it
is written or the earlier day it concerns."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone

from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.organisations.models import Organisation, Share
from clef.organisations.services import share_record


def share_with(record: models.Model, *, partner: Organisation, reason: str, on: date, acting_user) -> None:
    """Share `record` with `partner` from `on` (or today, if earlier)."""
    share_record(
        record=record,
        partner=partner,
        access=Share.Access.ORIENTATION,
        reason=reason,
        starts_on=min(timezone.localdate(), on),
        acting_user=acting_user,
    )


def create_shared(
    record: models.Model, *, partner: Organisation, reason: str, on: date, acting_user, **journal_ids
) -> models.Model:
    """Validate and save a new `record`, journal its creation (`journal_ids`: household_id, dwelling_id),
    and share it with `partner`."""
    record.full_clean()
    record.save()
    journal.record(acting_user=acting_user, instance=record, action=JournalEntry.Action.CREATE, **journal_ids)
    share_with(record, partner=partner, reason=reason, on=on, acting_user=acting_user)
    return record
