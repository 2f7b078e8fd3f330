"""« Impayés : signalements CAF/MSA à faire » and « Aides au logement en retard ou suspendues » in the IML
meeting and the « À faire » of the direction, the rental managers (and the litigation officer for the
reports). Discovered by clef.agenda (no import of it). Labels give amounts and dates, never the household's
name (the pages read it live)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from clef.journal.services import euros_fr
from clef.organisations.models import Role
from clef.rental import queries
from clef.rental.enums import BenefitStatus
from clef.rental.models import Lease

REPORT_ROLES = frozenset({Role.DIRECTOR, Role.RENTAL_MANAGER, Role.LITIGATION_OFFICER})
BENEFIT_ROLES = frozenset({Role.DIRECTOR, Role.RENTAL_MANAGER, Role.SOCIAL_WORKER})


def _fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def caf_report_items(organisation_id: int, on: date) -> list[dict]:
    """Households over the CAF/MSA threshold not reported since they crossed it, with the deadline."""
    return [
        {
            "subject": row.lease,
            "household_id": row.lease.stay.household_id,
            "label": f"Dette de {euros_fr(row.household_debt)} (seuil {euros_fr(row.threshold)} atteint le "
            f"{_fr(row.crossed_on)}) : signaler à la {row.lease.get_benefit_payer_display() or 'CAF/MSA'} avant le "
            f"{_fr(row.deadline)}{' (dépassé)' if row.deadline < on else ''}",
            "due_on": row.deadline,
            "url_name": "www:caf_report_create",
            "url_args": (row.lease.pk,),
        }
        for row in queries.caf_reports_due(organisation_id, on)
    ]


def benefit_items(organisation_id: int, on: date) -> list[dict]:
    """Leases whose housing benefit is late or suspended (one query)."""
    leases = (
        Lease.objects.filter(
            organisation_id=organisation_id,
            benefit_status__in=[BenefitStatus.EN_RETARD, BenefitStatus.SUSPENDUE],
            starts_on__lte=on,
        )
        .exclude(benefit_kind="")
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("stay")
        .order_by("benefit_status_since", "pk")
    )
    return [
        {
            "subject": lease,
            "household_id": lease.stay.household_id,
            "label": f"{lease.get_benefit_kind_display()} {lease.get_benefit_status_display().lower()}"
            + (f" depuis le {_fr(lease.benefit_status_since)}" if lease.benefit_status_since else ""),
            "due_on": lease.benefit_status_since or on,
            "url_name": "www:lease_ledger",
            "url_args": (lease.pk,),
        }
        for lease in leases
    ]


SECTIONS = [
    {
        "code": "rental_caf_reports",
        "title": "Impayés : signalements CAF/MSA à faire",
        "position": 800,
        "provider": caf_report_items,
        "roles": REPORT_ROLES,
        "meeting": True,
    },
    {
        "code": "rental_benefits_late",
        "title": "Aides au logement en retard ou suspendues",
        "position": 805,
        "provider": benefit_items,
        "roles": BENEFIT_ROLES,
        "meeting": True,
    },
]
