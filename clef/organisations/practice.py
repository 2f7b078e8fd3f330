"""An operator's practice settings (cadences and durations): the one way to read them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from clef.organisations.models import Organisation, PracticeSettings

_read: ContextVar[dict[int, PracticeSettings] | None] = ContextVar("practice_read", default=None)


def practice_for(organisation: Organisation | int) -> PracticeSettings:
    """The operator's saved settings, or the defaults (unsaved) when it never changed them: one query (none
    inside `read_once` when they were already read there)."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    memo = _read.get()
    if memo is not None and organisation_id in memo:
        return memo[organisation_id]
    found = PracticeSettings.objects.filter(organisation_id=organisation_id).first()
    found = found or PracticeSettings(organisation_id=organisation_id)
    if memo is not None:
        memo[organisation_id] = found
    return found


@contextmanager
def read_once() -> Iterator[None]:
    """Within the block, each operator's settings are read once: a page that runs several agenda sections
    (each reading the settings) makes one query for them, not one per section. Only for reads: a block
    that saves the settings must not hold stale ones."""
    token = _read.set({})
    try:
        yield
    finally:
        _read.reset(token)
