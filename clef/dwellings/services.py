"""Dwelling workflows: every write to a dwelling goes through here and is journaled in the same
transaction (clef.utils.writes: transaction, concurrency, optimistic locking)."""

from clef.dwellings import rules
from clef.dwellings.models import Dwelling
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.utils.writes import lock_and_check_version, register_write

Action = JournalEntry.Action


@register_write
def save_dwelling(*, dwelling: Dwelling, acting_user, expected_version: int | None = None) -> Dwelling:
    """Create or update a dwelling; `expected_version` as in save_household."""
    creating = dwelling.pk is None
    stored = None
    if not creating:
        stored = lock_and_check_version(dwelling, expected_version)
        dwelling.version = stored.version + 1
    dwelling.full_clean()
    if not creating:
        rules.check_stays_within_park(dwelling)
    dwelling.save()
    journal.record(
        acting_user=acting_user,
        instance=dwelling,
        action=Action.CREATE if creating else Action.UPDATE,
        before=journal.snapshot(stored) if stored else None,
        dwelling_id=dwelling.pk,
    )
    return dwelling
