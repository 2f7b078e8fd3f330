"""The rules of the needs and targets (one function each; forms, services and tests call them)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError

from clef.needs.figures import pct
from clef.organisations.models import Organisation, OrganisationKind
from clef.territories.models import Commune

SHARE_NAMES = ("mandate_share_percent", "private_share_percent")


def target_defaults() -> dict[str, int]:
    """The shares a new target starts from: `settings.CLEF_CAPTATION_TARGETS` (50 % mandat, parc privé)."""
    return {name: settings.CLEF_CAPTATION_TARGETS[name] for name in SHARE_NAMES}


def siao_department(siao: Organisation) -> str | None:
    """The department a SIAO declares for: its head office's (one SIAO per department)."""
    return siao.head_office_department_id


def check_declaration(*, siao: Organisation, as_of: date, epci_codes: set[str], today: date) -> None:
    """A grid of needs: declared by a SIAO with a department, dated neither in the future nor more than a
    year back, for EPCIs that have at least one commune in that department."""
    if siao.kind != OrganisationKind.SIAO or not siao_department(siao):
        raise ValidationError("Seul un SIAO rattaché à un département déclare les besoins.")
    if as_of > today:
        raise ValidationError({"as_of": "La date de la déclaration ne peut pas être dans le futur."})
    if (today - as_of).days > 366:
        raise ValidationError({"as_of": "La date de la déclaration ne peut pas remonter à plus d'un an."})
    inside = set(
        Commune.objects.filter(epci_id__in=epci_codes, department_id=siao_department(siao))
        .values_list("epci_id", flat=True)
        .distinct()
    )
    if outside := epci_codes - inside:
        raise ValidationError(
            f"Ces intercommunalités ne sont pas dans le département du SIAO : {', '.join(sorted(outside))}."
        )


def check_target_operator(operator: Organisation) -> None:
    """A captation target is set for an operator (a structure agréée), never another organisation."""
    if operator.kind != OrganisationKind.OPERATOR:
        raise ValidationError("Un objectif de captation se fixe pour une structure agréée.")


def park_day(year: int, today: date) -> date:
    """The day the park of `year` is counted on: 31/12 of a past year; today for the current year (a
    dwelling whose contract starts later this year is not in the park yet) and for a year to come."""
    return min(date(year, 12, 31), today)


def achievement_percent(achieved: int, target: int | None) -> float | None:
    """Achieved / target × 100, rounded half-up to one decimal (None without a target or a target of 0)."""
    return pct(achieved, target) if target else None
