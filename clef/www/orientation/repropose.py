"""« Proposer ce ménage sur un autre logement »: after a household declines (or the commission refuses), the
SIAO proposes it on another open availability without retyping: the candidate form pre-filled from the
previous proposal (summary, members, wishes)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from clef.orientation.enums import Decision
from clef.orientation.models import Availability, Proposal, Wishes
from clef.orientation.wishes import WISH_FIELDS, places_of
from clef.www.access import ClefRequest
from clef.www.orientation.access import get_proposal_or_404

REPROPOSABLE = (Decision.DECLINED, Decision.REFUSED)
SUMMARY_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "sex",
    "composition",
    "monthly_resources",
    "main_resource",
    "prior_situation",
    "dalo",
    "demand_number",
    "first_demand_on",
    "urgency",
    "situation",
)


def can_repropose(proposal: Proposal) -> bool:
    return proposal.decision in REPROPOSABLE and proposal.rights.edit and proposal.rights.is_owner


def other_open_availabilities(proposal: Proposal) -> list[Availability]:
    """The SIAO's other open availabilities (one query), where this household may be proposed now."""
    rows = (
        Availability.objects.open()
        .filter(siao_id=proposal.organisation_id)
        .exclude(pk=proposal.availability_id)
        .select_related("dwelling__commune")
        .order_by("available_from", "pk")
    )
    return list(rows)


def get_previous_or_404(request: ClefRequest, pk: int) -> Proposal:
    """The declined or refused proposal of the member's SIAO a new one is pre-filled from."""
    previous = get_proposal_or_404(request, pk, need="edit")
    if not can_repropose(previous):
        raise PermissionDenied("Seule une proposition déclinée ou refusée de votre SIAO peut être reprise.")
    return previous


def initial_from(previous: Proposal) -> tuple[dict, list[dict], dict]:
    """The initial values of the candidate form, of its members and of its wishes."""
    summary = {name: getattr(previous, name) for name in SUMMARY_FIELDS}
    members = [
        {
            "role": m.role,
            "first_name": m.first_name,
            "last_name": m.last_name,
            "sex": m.sex,
            "birth_date": m.birth_date,
        }
        for m in previous.members.all()
    ]
    wishes = Wishes.objects.filter(proposal=previous).first()
    initial_wishes: dict = {}
    if wishes is not None:
        communes, epcis = places_of(wishes)
        initial_wishes = {name: getattr(wishes, name) for name in WISH_FIELDS}
        initial_wishes["epcis"] = [e.pk for e in epcis]
        for name, commune in zip(("commune_1", "commune_2", "commune_3"), communes[:3], strict=False):
            initial_wishes[name] = commune
    return summary, members, initial_wishes
