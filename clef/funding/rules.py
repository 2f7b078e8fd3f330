"""Rules of the measure's funding (one place each: the form, the service and the importer call them)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from clef.organisations.models import Organisation, OrganisationKind


def check_subsidy_operator(organisation: Organisation) -> None:
    """An IML subsidy is granted to an operator (a structure agréée), never to another organisation."""
    if organisation.kind != OrganisationKind.OPERATOR:
        raise ValidationError("Une subvention IML s'enregistre pour une structure agréée.")
