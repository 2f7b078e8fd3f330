"""Reads of the support team's texts go to the access log: every note (and every appointment's note)
shown, one row each, context « Note d'accompagnement », naming the record read.

`clef.journal.services.log_access` writes the rows of one subject; a page showing several notes writes
all of theirs in one insert here (constant queries), in the same format."""

from __future__ import annotations

from clef.journal.models import AccessLogEntry


def log_note_reads(*, user, organisation_id: int, household_id: int, subjects) -> None:
    """`subjects`: the notes and appointments whose text was shown (nothing written when none)."""
    rows = [
        AccessLogEntry(
            user=user,
            organisation_id=organisation_id,
            context=AccessLogEntry.Context.NOTE,
            household_id=household_id,
            subject_type=f"{subject._meta.app_label}.{subject._meta.model_name}",
            subject_id=subject.pk,
        )
        for subject in subjects
    ]
    if rows:
        AccessLogEntry.objects.bulk_create(rows)
