"""Writes of shares between organisations: each one journaled in the same transaction.

What a share lets the partner do is decided by `clef.organisations.perms.share_rights`, not here.
"""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.organisations.models import Organisation, Share


def _household_id(content_type: ContentType, object_id: int) -> int | None:
    """The household whose « Historique » shows the share (when the shared record is a household)."""
    return object_id if (content_type.app_label, content_type.model) == ("households", "household") else None


@transaction.atomic
def share_record(
    *,
    record: models.Model,
    partner: Organisation,
    access: str,
    reason: str,
    starts_on: date,
    ends_on: date | None = None,
    acting_user,
) -> Share:
    """Share `record` (it belongs to its `organisation`) with `partner`, from `starts_on` to `ends_on`
    (included; None: until revoked)."""
    share = Share(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        organisation_id=record.organisation_id,
        partner=partner,
        access=access,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=acting_user,
    )
    if partner.pk == record.organisation_id:
        raise ValidationError({"partner": "Un enregistrement ne se partage pas avec sa propre organisation."})
    share.full_clean()
    share.save()
    journal.record(
        acting_user=acting_user,
        instance=share,
        action=JournalEntry.Action.CREATE,
        household_id=_household_id(share.content_type, share.object_id),
    )
    return share


@transaction.atomic
def revoke_share(*, share: Share, acting_user) -> Share:
    """End a share now: from this moment the partner no longer sees the record."""
    locked = Share.objects.select_for_update().get(pk=share.pk)
    if locked.revoked_at is not None:
        raise ValidationError("Ce partage est déjà révoqué.", code="already_revoked")
    before = journal.snapshot(locked)
    locked.revoked_at = timezone.now()
    locked.revoked_by = acting_user
    locked.save(update_fields=["revoked_at", "revoked_by"])
    journal.record(
        acting_user=acting_user,
        instance=locked,
        action=JournalEntry.Action.UPDATE,
        before=before,
        household_id=_household_id(locked.content_type, locked.object_id),
    )
    share.revoked_at, share.revoked_by = locked.revoked_at, acting_user
    return locked
