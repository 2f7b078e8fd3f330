"""Access helpers of the Loc'Avantages pages (every view starts with one; rules in
`clef.locavantages.perms`). A role that may not: 403; a record it may not see: 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.captation.models import Lead
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.locavantages import perms
from clef.locavantages.models import LocalBonusScheme
from clef.organisations.models import Membership
from clef.www.access import ClefRequest


def require_simulation(request: ClefRequest) -> Membership:
    """The owner's simulation: captation officers and the other operator members except social workers,
    captation platform members."""
    if not perms.can_simulate(request.membership):
        raise PermissionDenied("La simulation Loc'Avantages est réservée aux équipes de captation.")
    return request.membership


def require_ceiling_loader(request: ClefRequest) -> Membership:
    if not perms.can_load_ceilings(request.membership):
        raise PermissionDenied("Les plafonds de loyer sont chargés par l'administrateur de la plateforme.")
    return request.membership


def require_bonus_reader(request: ClefRequest) -> Membership:
    if not perms.can_read_bonus_schemes(request.membership):
        raise PermissionDenied(
            "Les primes locales sont réservées aux équipes de captation et aux collectivités."
        )
    return request.membership


def require_bonus_creator(request: ClefRequest) -> Membership:
    if not perms.can_add_bonus_schemes(request.membership):
        raise PermissionDenied(
            "Une prime locale est ajoutée par la collectivité qui la finance ou par l'administrateur de la "
            "plateforme."
        )
    return request.membership


def get_scheme_for_edit_or_404(request: ClefRequest, pk: int) -> LocalBonusScheme:
    """A scheme the member may edit: every scheme for the platform administrator, its own for a local
    authority (another authority's: 404); any other role: 403."""
    membership = require_bonus_creator(request)
    scheme = LocalBonusScheme.objects.select_related("commune", "epci", "authority").filter(pk=pk).first()
    if scheme is None or not perms.can_edit_bonus_scheme(membership, scheme):
        raise Http404
    return scheme


def get_lead_for_simulation_or_404(request: ClefRequest, pk) -> Lead:
    """A captation lead the member's organisation sees (the captating one, `LeadQuerySet.for_organisation`;
    not its managing operator), to pre-fill the simulation from its offered dwelling (another organisation's,
    or a malformed number: 404). Reading it is logged (a landlord's file)."""
    membership = require_simulation(request)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    lead = (
        Lead.objects.for_organisation(membership.organisation_id)  # captation's one scoping rule
        .select_related("offered_dwelling__commune")
        .filter(pk=pk)
        .first()
    )
    if lead is None:
        raise Http404
    log_access(
        user=request.user,
        organisation_id=membership.organisation_id,
        context=AccessLogEntry.Context.PROPRIETAIRE,
        household_ids=[],
        subject=lead,
    )
    return lead
