"""Writes of the measure's funding: one transaction each, journaled (clef.utils.writes)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from clef.funding import rules
from clef.funding.models import Subsidy
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.organisations.models import Organisation
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

register_constraint_errors(
    {
        "subsidy_unique_organisation_year": "Une subvention est déjà enregistrée pour cette structure et cette "
        "année : rechargez la page pour la modifier.",
    }
)


@register_write
def save_subsidy(
    *,
    organisation: Organisation,
    year: int,
    captation_amount: Decimal,
    gla_amount: Decimal,
    support_amount: Decimal,
    granted_on: date | None = None,
    comments: str = "",
    acting_user,
    expected_version: int | None = None,
) -> Subsidy:
    """Create the subsidy of `organisation` for `year`, or change it (optimistic lock: `expected_version`
    is the version the form was built on; a create form finding one already saved is refused).
    Journaled under the operator."""
    rules.check_subsidy_operator(organisation)
    subsidy = Subsidy.objects.filter(organisation=organisation, year=year).first()
    before = None
    if subsidy is None:
        subsidy = Subsidy(organisation=organisation, year=year)
    else:
        if expected_version is None:
            raise ValidationError(
                "Une subvention est déjà enregistrée pour cette structure et cette année (saisie par un "
                "collègue ?) : rien n'a été enregistré ; rechargez la page pour la modifier.",
                code="stale",
            )
        subsidy = lock_and_check_version(subsidy, expected_version)
        before = journal.snapshot(subsidy)
        subsidy.version += 1
    subsidy.captation_amount = captation_amount
    subsidy.gla_amount = gla_amount
    subsidy.support_amount = support_amount
    subsidy.granted_on = granted_on
    subsidy.comments = comments
    subsidy.entered_by = acting_user
    subsidy.full_clean(validate_unique=False)
    subsidy.save()
    journal.record(
        acting_user=acting_user,
        instance=subsidy,
        action=Action.CREATE if before is None else Action.UPDATE,
        before=before,
    )
    return subsidy
