"""Who may do what with campaigns and declarations. Small documented rules over
`clef.organisations.perms` (roles, `oversight`); the web layer's access helpers call them.
"""

from __future__ import annotations

from django.db.models import Q

from clef.campaigns.models import Campaign, Declaration
from clef.organisations import perms
from clef.organisations.models import Membership, Role
from clef.territories.models import Department


def is_coordinator(membership: Membership | None) -> bool:
    """Coordination (DREETS, DDETS, platform administrator): a State actor who oversees a territory opens
    campaigns, reminds, reopens declarations and sends files for the operators it oversees."""
    return perms.is_state_actor(membership) and perms.oversight(membership) is not None


def campaigns_of(membership: Membership):
    """Campaigns that concern what a coordinator oversees: a DDETS sees the campaigns of its department
    and those of its region (restricted to its department's declarations)."""
    queryset = Campaign.objects.select_related("region", "department")
    over = perms.oversight(membership)
    if over is None:
        return queryset.none()
    if over.kind == "region":
        return queryset.filter(Q(region_id=over.code) | Q(department__region_id=over.code))
    if over.kind == "departement":
        region = Department.objects.filter(code=over.code).values_list("region_id", flat=True)
        return queryset.filter(Q(department_id=over.code) | Q(region_id__in=region))
    return queryset


def declarations_in_scope(campaign: Campaign, membership: Membership):
    """The declarations of a campaign that a coordinator follows: those of the operators it oversees."""
    return campaign.declarations.filter(organisation__in=perms.oversight(membership).operators())


def can_open_declaration(membership: Membership | None, declaration: Declaration) -> bool:
    """The operator's own members; a coordinator who oversees the operator, in a campaign it sees."""
    if membership is None:
        return False
    if is_coordinator(membership):
        return (
            perms.oversight(membership).covers(declaration.organisation)
            and campaigns_of(membership).filter(pk=declaration.campaign_id).exists()
        )
    return declaration.organisation_id == membership.organisation_id


def can_validate_declaration(membership: Membership | None, declaration: Declaration) -> bool:
    """Only the operator's direction validates its declaration (never a coordinator)."""
    return perms.is_director(membership) and declaration.organisation_id == membership.organisation_id


def offers_validation(membership: Membership | None, declaration: Declaration) -> bool:
    """« Valider mes données » is offered while the campaign is open and the declaration not validated
    (a validated one is reopened by the coordination first)."""
    return (
        can_validate_declaration(membership, declaration)
        and declaration.campaign.is_open
        and declaration.status != Declaration.Status.VALIDATED
    )


def can_reopen_declaration(membership: Membership | None, declaration: Declaration) -> bool:
    """The coordination reopens a declaration it may open."""
    return is_coordinator(membership) and can_open_declaration(membership, declaration)


def reminder_recipients(organisation_ids):
    """Who a campaign's reminder is written to: the active directors of each structure (a structure
    without one cannot be reminded, and the coordinator is told which)."""
    return Membership.objects.filter(
        organisation__in=organisation_ids, role=Role.DIRECTOR, is_active=True, user__is_active=True
    )
