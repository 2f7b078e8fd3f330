"""« Visale : impayés à déclarer » and « Fonds de sécurisation : demandes en attente » in the IML meeting and
the « À faire » of the direction, the rental managers and the litigation officer (discovered by clef.agenda;
no import of it). Labels never name the household (the agenda shows it read live where allowed); a fund
claim's item has no household at all: the fund's manager never sees it."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from clef.guarantees.enums import FundClaimStatus
from clef.guarantees.models import FundClaim
from clef.guarantees.visale import visale_claims_due
from clef.organisations.models import Role

ROLES = frozenset({Role.DIRECTOR, Role.RENTAL_MANAGER, Role.LITIGATION_OFFICER})


def _euros(value) -> str:
    return f"{value:,.2f}".replace(",", "\u202f").replace(".", ",") + "\u00a0€"


def visale_items(organisation_id: int, on: date) -> list[dict]:
    items = []
    for due in visale_claims_due(organisation_id, on):
        late = " (dépassé)" if due.deadline < on else ""
        benefit = " — aide au logement en retard : l'impayé peut se résoudre" if due.benefit_late else ""
        items.append(
            {
                "subject": due.guarantee,
                "household_id": due.lease.stay.household_id,
                "label": f"Impayé de {_euros(due.unpaid)} au-delà du seuil Visale depuis le "
                f"{due.crossed_on:%d/%m/%Y} : à déclarer avant le {due.deadline:%d/%m/%Y}{late}{benefit}",
                "due_on": due.deadline,
                "url_name": "www:visale_claim_create",
                "url_args": (due.guarantee.pk,),
            }
        )
    return items


WAITING = {FundClaimStatus.DEPOSEE: "en attente de décision", FundClaimStatus.ACCEPTEE: "accordée, à verser"}


def fund_claim_items(organisation_id: int, on: date) -> list[dict]:
    """The claims waiting for a decision or a payout: an operator's own, or those of the funds a network
    manages. One query."""
    claims = (
        FundClaim.objects.filter(Q(operator_id=organisation_id) | Q(fund__manager_id=organisation_id))
        .filter(status__in=list(WAITING))
        .select_related("operator")
        .order_by("declared_on", "pk")
    )
    return [
        {
            "subject": claim,
            "household_id": None,
            "label": f"Demande n° {claim.pk} de {claim.operator} ({claim.get_kind_display().lower()}, "
            f"{_euros(claim.amount_claimed)} demandés, déposée le {claim.declared_on:%d/%m/%Y}) : "
            f"{WAITING[claim.status]}",
            "due_on": claim.decided_on or claim.declared_on,
            "url_name": "www:fund_claim_detail",
            "url_args": (claim.pk,),
        }
        for claim in claims
    ]


SECTIONS = [
    {
        "code": "visale_claims_due",
        "title": "Visale : impayés à déclarer",
        "position": 560,
        "provider": visale_items,
        "roles": ROLES,
        "meeting": True,
    },
    {
        "code": "fund_claims_waiting",
        "title": "Fonds de sécurisation : demandes en attente",
        "position": 570,
        "provider": fund_claim_items,
        "roles": ROLES,
        "meeting": True,
    },
]
