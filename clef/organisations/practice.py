"""An operator's practice settings (cadences and durations): the one way to read them."""

from __future__ import annotations

from clef.organisations.models import Organisation, PracticeSettings


def practice_for(organisation: Organisation | int) -> PracticeSettings:
    """The operator's saved settings, or the defaults (unsaved) when it never changed them: one query."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    found = PracticeSettings.objects.filter(organisation_id=organisation_id).first()
    return found or PracticeSettings(organisation_id=organisation_id)
