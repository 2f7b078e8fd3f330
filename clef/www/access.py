"""Access helpers: every register view starts with one of these.

They scope by the current organisation and role. A record of another organisation, or any
household-level record for a non-operator member, answers 404: its existence is not revealed.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.dwellings.models import Dwelling
from clef.households.models import Household
from clef.organisations import perms
from clef.stays.models import Stay


def require_register(request, *, edit: str | None = None):
    """The current membership if it may see the register (and edit `edit`: households/dwellings/stays)."""
    membership = request.membership if request.membership else None
    if not perms.can_view_register(membership):
        raise PermissionDenied("Le registre est réservé aux membres des structures agréées.")
    if edit and not getattr(perms, f"can_edit_{edit}")(membership):
        raise PermissionDenied("Votre rôle ne permet pas cette modification.")
    return membership


def _scoped(request, queryset, pk, *, edit: str | None):
    membership = request.membership if request.membership else None
    if not perms.can_view_register(membership):
        raise Http404
    try:
        obj = queryset.get(pk=pk, organisation_id=membership.organisation_id)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
    if edit and not getattr(perms, f"can_edit_{edit}")(membership):
        raise PermissionDenied("Votre rôle ne permet pas cette modification.")
    return obj


def get_household_or_404(request, pk: int, *, edit: bool = False, for_stays: bool = False) -> Household:
    """The household of the current organisation; `edit` checks the household editors, `for_stays` the
    stay editors (entering a dwelling)."""
    queryset = Household.objects.prefetch_related("members", "resources")
    scope = "stays" if for_stays else "households" if edit else None
    return _scoped(request, queryset, pk, edit=scope)


def get_dwelling_or_404(request, pk: int, *, edit: bool = False) -> Dwelling:
    queryset = Dwelling.objects.select_related("commune")
    return _scoped(request, queryset, pk, edit="dwellings" if edit else None)


def get_stay_or_404(request, pk: int, *, edit: bool = False) -> Stay:
    queryset = Stay.objects.select_related("household", "dwelling", "dwelling__commune")
    return _scoped(request, queryset, pk, edit="stays" if edit else None)
