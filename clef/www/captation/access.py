"""Access helpers of the « Captation » pages (the rules are in `clef.organisations.perms`): an operator's
members except its social workers and a captation platform's members see the pipeline; its direction and
captation officers change it. A role that may not: 403. A landlord, a lead, an exchange or a communication
action of another organisation: 404, the managing operator of a platform's lead included (`for_organisation`:
only the sharing rule opens a record to another organisation)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.captation.models import Activity, Campaign, Landlord, Lead, OfferedDwelling
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.organisations import perms
from clef.organisations.models import Membership
from clef.www.access import ClefRequest

SEE_REFUSED = "La captation est réservée à la direction, aux chargés de captation, aux gestionnaires locatifs et aux plateformes de captation."
EDIT_REFUSED = "Seules la direction et les personnes chargées de captation modifient la captation."


def require_captation(request: ClefRequest, *, edit: bool = False) -> Membership:
    """The current membership if it may see captation (and change it, `edit`), else 403."""
    membership = request.membership
    if not perms.can_see_captation(membership):
        raise PermissionDenied(SEE_REFUSED)
    if edit and not perms.can_edit_captation(membership):
        raise PermissionDenied(EDIT_REFUSED)
    return membership


def get_landlord_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> Landlord:
    membership = require_captation(request, edit=edit)
    landlord = (
        Landlord.objects.for_organisation(membership.organisation_id)
        .select_related("commune")
        .filter(pk=pk)
        .first()
    )
    if landlord is None:
        raise Http404
    return landlord


def get_lead_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> Lead:
    membership = require_captation(request, edit=edit)
    lead = (
        Lead.objects.for_organisation(membership.organisation_id)
        .select_related(
            "landlord",
            "offered_dwelling__commune",
            "offered_dwelling__dwelling",
            "source_dwelling__commune",
            "campaign",
            "managing_operator",
            "organisation",
        )
        .filter(pk=pk)
        .first()
    )
    if lead is None:
        raise Http404
    return lead


def get_offered_dwelling_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> OfferedDwelling:
    membership = require_captation(request, edit=edit)
    visible = Landlord.objects.for_organisation(membership.organisation_id)
    offered = (
        OfferedDwelling.objects.select_related("landlord", "commune")
        .filter(pk=pk, landlord__in=visible)
        .first()
    )
    if offered is None:
        raise Http404
    return offered


def get_activity_or_404(request: ClefRequest, pk: int) -> Activity:
    membership = require_captation(request)
    leads = Lead.objects.for_organisation(membership.organisation_id)
    activity = Activity.objects.select_related("lead").filter(pk=pk, lead__in=leads).first()
    if activity is None:
        raise Http404
    return activity


def get_captation_campaign_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> Campaign:
    membership = require_captation(request, edit=edit)
    campaign = Campaign.objects.filter(pk=pk, organisation_id=membership.organisation_id).first()
    if campaign is None:
        raise Http404
    return campaign


def log_landlord_read(request: ClefRequest, subject) -> None:
    """A page shows one landlord's data (their file, an edit form, their offered dwelling): one row of the
    access log naming the record read (context PROPRIETAIRE)."""
    log_access(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        context=AccessLogEntry.Context.PROPRIETAIRE,
        household_ids=[],
        subject=subject,
    )


def log_landlord_list(request: ClefRequest, shown: bool) -> None:
    """A page lists landlords by name (the board, the landlords' list or search): one row of the access log
    per page view (context PROPRIETAIRE, no subject); an empty page shows nobody and writes nothing."""
    if shown:
        AccessLogEntry.objects.create(
            user=request.user,
            organisation_id=request.membership.organisation_id,
            context=AccessLogEntry.Context.PROPRIETAIRE,
        )
