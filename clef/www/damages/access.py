"""Access helpers of the inventories and damage-claims pages: every view starts with one of these. The rules
are clef.damages.perms (who sees the rent account sees inventories and claims; who writes it writes them): a
record of another organisation answers 404 before the role is looked at; a role that may not answers 403
(captation officers, and every member of a SIAO, a State service, a platform, a local authority or a network:
these are household records of the operator)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.damages.models import ClaimDocument, DamageClaim, Inventory, InventoryPhoto
from clef.damages.perms import can_edit_damages, can_see_damages
from clef.organisations.models import Membership
from clef.stays.models import Stay
from clef.www.access import EDIT_REFUSED, ClefRequest

READ_REFUSED = (
    "Les états des lieux et les sinistres sont réservés à la direction, à la gestion locative, aux "
    "travailleurs sociaux, au chargé de contentieux et à la lecture seule de la structure qui loge le ménage."
)


def require_damages(request: ClefRequest, *, edit: bool = False) -> Membership:
    """The current membership if it may see (and with `edit`, write) inventories and claims, else 403."""
    membership = request.membership
    if not can_see_damages(membership):
        raise PermissionDenied(READ_REFUSED)
    if edit and not can_edit_damages(membership):
        raise PermissionDenied(EDIT_REFUSED)
    return membership


def _own(request: ClefRequest, queryset, *, edit: bool, **lookup):
    membership = request.membership
    if membership is None:
        raise Http404
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404
    require_damages(request, edit=edit)
    return found


def _stays():
    return Stay.objects.select_related("household", "dwelling__commune").prefetch_related(
        "household__members"
    )


def get_damage_stay_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> Stay:
    """A stay of the member's operator (to record its inventory or claim)."""
    organisation_id = request.membership.organisation_id if request.membership else None
    return _own(request, _stays(), edit=edit, pk=pk, organisation_id=organisation_id)


def get_inventory_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> Inventory:
    organisation_id = request.membership.organisation_id if request.membership else None
    queryset = Inventory.objects.select_related(
        "stay__household", "dwelling__commune", "created_by"
    ).prefetch_related("stay__household__members")
    return _own(request, queryset, edit=edit, pk=pk, organisation_id=organisation_id)


def get_photo_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> InventoryPhoto:
    organisation_id = request.membership.organisation_id if request.membership else None
    queryset = InventoryPhoto.objects.select_related("room__inventory__stay__household").prefetch_related(
        "room__inventory__stay__household__members"
    )
    return _own(request, queryset, edit=edit, pk=pk, room__inventory__organisation_id=organisation_id)


def get_claim_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> DamageClaim:
    organisation_id = request.membership.organisation_id if request.membership else None
    queryset = DamageClaim.objects.select_related(
        "stay__household", "stay__dwelling__commune", "exit_inventory", "created_by"
    ).prefetch_related("stay__household__members")
    return _own(request, queryset, edit=edit, pk=pk, organisation_id=organisation_id)


def get_claim_document_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> ClaimDocument:
    organisation_id = request.membership.organisation_id if request.membership else None
    queryset = ClaimDocument.objects.select_related("claim__stay__household").prefetch_related(
        "claim__stay__household__members"
    )
    return _own(request, queryset, edit=edit, pk=pk, claim__organisation_id=organisation_id)
