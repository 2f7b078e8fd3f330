"""Access helpers: every view of the web layer starts with one of these.

They scope by the current organisation and role, with the rules of `clef.organisations.perms` (and
`clef.campaigns.perms` for campaigns). A record of another organisation, or any household-level record
for a non-operator member, answers 404: its existence is not revealed. The one exception is a household
shared with the member's organisation (`Share`): `perms.share_rights` decides what its members may do.
A role that may not do what it asks answers 403.

`tests/www/test_every_view_is_protected.py` checks that every view of the areas starts with one of these.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest
from django.utils import timezone

from clef.accounts.models import User
from clef.bilan.access import BilanScope, scope_for
from clef.bilan.models import ReportJob
from clef.campaigns import perms as campaign_perms
from clef.campaigns.models import Campaign, Declaration
from clef.dwellings.models import Dwelling
from clef.exchange import jobs
from clef.exchange.models import ImportJob
from clef.households.models import Household
from clef.organisations import perms
from clef.organisations.models import Membership, Organisation
from clef.stays.models import Stay

EDIT_REFUSED = "Votre rôle ne permet pas cette modification."


class ClefRequest(HttpRequest):
    """A request once the middlewares ran (views annotate their request with it)."""

    user: User
    membership: Membership | None  # clef.organisations.middleware: an active membership, or None
    organisation: Organisation | None


def require_login(request: ClefRequest) -> Membership | None:
    """Pages open to every signed-in user (home, account security, commune suggestions). The login itself
    is required by LoginRequiredMiddleware; this returns the current membership, None if the user has no
    organisation."""
    if not request.user.is_authenticated:  # pragma: no cover (LoginRequiredMiddleware answered first)
        raise PermissionDenied
    return request.membership


def require_user(request: ClefRequest) -> User:
    """Pages of one's own account (security, second factor, organisation switch): the signed-in user."""
    if not request.user.is_authenticated:  # pragma: no cover (LoginRequiredMiddleware answered first)
        raise PermissionDenied
    return request.user


def require_member(request: ClefRequest) -> Membership:
    """Pages of an organisation's work (campaigns, imports): a membership is needed, else 403."""
    if request.membership is None:
        raise PermissionDenied("Votre compte n'est rattaché à aucune organisation active.")
    return request.membership


# --- Register ------------------------------------------------------------------------------------------

REGISTER_EDITORS = {
    "households": perms.can_edit_households,
    "dwellings": perms.can_edit_dwellings,
    "stays": perms.can_edit_stays,
}


def require_register(request: ClefRequest, *, edit: str | None = None) -> Membership:
    """The current membership if it may see the register (and edit `edit`: households/dwellings/stays)."""
    membership = request.membership
    if not perms.can_view_register(membership):
        raise PermissionDenied("Le registre est réservé aux membres des structures agréées.")
    if edit and not REGISTER_EDITORS[edit](membership):
        raise PermissionDenied(EDIT_REFUSED)
    return membership


def _own(request: ClefRequest, queryset, pk: int, *, edit: str | None):
    """A record of the current organisation (dwellings and stays are never shared)."""
    membership = request.membership
    if not perms.can_view_register(membership):
        raise Http404
    obj = queryset.filter(pk=pk, organisation_id=membership.organisation_id).first()
    if obj is None:
        raise Http404
    if edit and not REGISTER_EDITORS[edit](membership):
        raise PermissionDenied(EDIT_REFUSED)
    return obj


def get_household_or_404(request: ClefRequest, pk: int, *, need: str = "view") -> Household:
    """The household if the member may `need` it ("view", "edit" the household, or "stays": enter a
    dwelling): its own organisation's, or one shared with it (`perms.share_rights`). Not visible: 404;
    visible but not allowed: 403. The household carries `rights` (a `perms.RecordRights`)."""
    membership = request.membership
    if membership is None:
        raise Http404
    shares = perms.shares_in_force(membership, Household, on=timezone.localdate())
    household = (
        Household.objects.prefetch_related("members", "resources")
        .select_related("organisation", "social_housing_demand_record")  # its demand, if recorded
        .annotate(shared_access=Subquery(shares.filter(object_id=OuterRef("pk")).values("access")[:1]))
        .filter(pk=pk)
        .first()
    )
    if household is None:
        raise Http404
    rights = perms.household_rights(membership, household, shared_access=household.shared_access)
    if not rights.view:
        raise Http404
    if (need == "edit" and not rights.edit) or (need == "stays" and not rights.stays):
        raise PermissionDenied(EDIT_REFUSED)
    household.rights = rights
    return household


def shared_households(request: ClefRequest):
    """The households shared with the member's organisation today (for its lists)."""
    shares = perms.shares_in_force(request.membership, Household, on=timezone.localdate())
    return Household.objects.filter(pk__in=shares.values("object_id"))


def get_dwelling_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> Dwelling:
    queryset = Dwelling.objects.select_related("commune")
    return _own(request, queryset, pk, edit="dwellings" if edit else None)


def get_stay_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> Stay:
    queryset = Stay.objects.select_related("household", "dwelling", "dwelling__commune")
    return _own(request, queryset, pk, edit="stays" if edit else None)


# --- Campaigns -----------------------------------------------------------------------------------------


def require_coordinator(request: ClefRequest) -> Membership:
    """Campaign management (open, remind, reopen): State actors who oversee a territory, else 403."""
    membership = require_member(request)
    if not campaign_perms.is_coordinator(membership):
        raise PermissionDenied("Réservé à la coordination (DREETS, DDETS).")
    return membership


def get_campaign_or_404(request: ClefRequest, pk: int) -> Campaign:
    membership = require_coordinator(request)
    campaign = campaign_perms.campaigns_of(membership).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def get_declaration_or_404(request: ClefRequest, pk: int) -> Declaration:
    """A declaration the member may open: its own organisation's, or, for a coordinator, one of an
    operator it oversees in a campaign it sees. Carries `coordinator` (bool)."""
    membership = require_member(request)
    declaration = (
        Declaration.objects.select_related("campaign", "organisation", "organisation__head_office_department")
        .filter(pk=pk)
        .first()
    )
    if declaration is None or not campaign_perms.can_open_declaration(membership, declaration):
        raise Http404
    declaration.coordinator = campaign_perms.is_coordinator(membership)
    return declaration


# --- Imports and exports -------------------------------------------------------------------------------


def require_importer(request: ClefRequest) -> Membership:
    """Someone allowed to import (a director, a coordinator with a territory), else 403."""
    membership = request.membership
    if not perms.can_import(membership):
        raise PermissionDenied(
            "Seules la direction d'une structure et la coordination de l'État importent des fichiers."
        )
    return membership


def get_import_job_or_404(request: ClefRequest, pk: int, *, light: bool = False) -> ImportJob:
    """An import sent from the current organisation (`light`: without its report, for the progress poll)."""
    membership = request.membership
    if membership is None:
        raise Http404
    jobs.recover_stale_jobs()  # a job whose worker died is shown as failed, not as running forever
    queryset = ImportJob.objects.filter(pk=pk, uploaded_from=membership.organisation)
    if light:
        queryset = queryset.defer("problems", "counts")
    job = queryset.first()
    if job is None:
        raise Http404
    return job


def require_bilan(request: ClefRequest, perimeter: str | None = None) -> BilanScope:
    """The bilan the member may see for `perimeter` (its own default when None): 403 for whoever sees no
    bilan at all, 404 for a perimeter outside what it oversees (clef.bilan.access decides)."""
    return scope_for(request, perimeter)


def require_scheme_manager(request: ClefRequest) -> Membership:
    """Exit categorisation schemes are added by the regional coordination and the platform administrator."""
    require_bilan(request)
    if not perms.can_manage_exit_schemes(request.membership):
        raise PermissionDenied(
            "Seuls la coordination régionale (DREETS) et l'administration de la plateforme ajoutent un "
            "schéma de catégorisation : il s'affiche dans tous les bilans."
        )
    return request.membership


def get_report_job_or_404(request: ClefRequest, pk: int) -> ReportJob:
    """A PDF report asked by the caller from their current organisation; anything else is a 404."""
    membership = request.membership
    if membership is None:
        raise Http404
    job = ReportJob.objects.filter(
        pk=pk, requested_by=request.user, organisation=membership.organisation
    ).first()
    if job is None:
        raise Http404
    return job


def require_journal_reader(request: ClefRequest) -> tuple[Membership, bool]:
    """The member if it may read a journal (404 otherwise), and whether it reads every organisation's."""
    membership = request.membership
    if not perms.can_read_journal(membership):
        raise Http404
    return membership, perms.reads_every_journal(membership)
