"""Access helpers of the lease's yearly life pages (every view starts with one; the rules are
`clef.organisations.perms`). A record of another organisation answers 404 before the role is looked at;
a role that may not answers 403. The household's rents, charges and deposits are read by the ledger's
readers (`can_see_ledger`), written by its editors (`can_edit_ledger`); the owner's rent of a main lease
only by the owner-side readers (`can_see_owner_accounts`: never a social worker). The IRL indices are
loaded by the platform administrator. Reading a household's account is logged (context COMPTE)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.contracts.enums import ContractKind
from clef.contracts.models import Contract
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.leases.models import DepositReturn
from clef.locavantages.perms import is_platform_admin
from clef.organisations import perms
from clef.organisations.models import Membership
from clef.rental.models import Lease
from clef.www.access import EDIT_REFUSED, ClefRequest

READ_REFUSED = (
    "La vie des baux (révisions, régularisations, dépôts de garantie) est réservée à la direction, à la "
    "gestion locative, à l'accompagnement, au contentieux et à la lecture seule de la structure."
)
OWNER_REFUSED = (
    "Le loyer dû au propriétaire est réservé à la direction, à la gestion locative et à la lecture seule."
)
IRL_REFUSED = "Les indices de référence des loyers sont réservés à la gestion locative et à l'administrateur."
IRL_LOAD_REFUSED = "Les indices de référence des loyers sont chargés par l'administrateur de la plateforme."


def require_lease_life(request: ClefRequest, *, edit: bool = False) -> Membership:
    """The current membership if it may see (and with `edit`, write) the operator's leases, else 403."""
    membership = request.membership
    if not perms.can_see_ledger(membership):
        raise PermissionDenied(READ_REFUSED)
    if edit and not perms.can_edit_ledger(membership):
        raise PermissionDenied(EDIT_REFUSED)
    return membership


def require_irl_reader(request: ClefRequest) -> Membership:
    """The IRL table: the ledger's readers and the platform administrator."""
    membership = request.membership
    if not (perms.can_see_ledger(membership) or is_platform_admin(membership)):
        raise PermissionDenied(IRL_REFUSED)
    return membership


def require_irl_loader(request: ClefRequest) -> Membership:
    membership = request.membership
    if not is_platform_admin(membership):
        raise PermissionDenied(IRL_LOAD_REFUSED)
    return membership


def log_lease(request: ClefRequest, lease: Lease, subject=None) -> None:
    log_access(
        user=request.user,
        organisation_id=lease.organisation_id,
        context=AccessLogEntry.Context.COMPTE,
        household_ids=[lease.stay.household_id],
        subject=subject or lease,
    )


def _own(request: ClefRequest, queryset, pk: int):
    membership = request.membership
    found = (
        None
        if membership is None
        else queryset.filter(pk=pk, organisation_id=membership.organisation_id).first()
    )
    if found is None:
        raise Http404
    return found


def get_life_lease_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> Lease:
    """A lease of the member's operator (another organisation's, or none: 404), then the role (403)."""
    lease = _own(
        request,
        Lease.objects.select_related(
            "stay__dwelling__commune", "stay__household", "contract"
        ).prefetch_related("stay__household__members"),
        pk,
    )
    require_lease_life(request, edit=edit)
    return lease


def get_life_contract_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> Contract:
    """A main lease of the member's operator (its owner's rent), for the owner-side readers only."""
    contract = _own(
        request,
        Contract.objects.filter(kind=ContractKind.BAIL_PRINCIPAL).select_related("dwelling__commune"),
        pk,
    )
    require_lease_life(request, edit=edit)
    if not perms.can_see_owner_accounts(request.membership):
        raise PermissionDenied(OWNER_REFUSED)
    return contract


def get_revision_target_or_404(request: ClefRequest, target: str, pk: int, due: str, *, edit: bool = False):
    """The rent revised at the anniversary `due` (yyyy-mm-dd): a household's lease (`bail`) or an owner's
    main lease (`contrat`). Returns (lease, contract, due_on); a malformed date: 404."""
    try:
        due_on = date.fromisoformat(due)
    except ValueError:
        raise Http404 from None
    if target == "bail":
        return get_life_lease_or_404(request, pk, edit=edit), None, due_on
    if target == "contrat":
        return None, get_life_contract_or_404(request, pk, edit=edit), due_on
    raise Http404


def get_deposit_lease_or_404(
    request: ClefRequest, pk: int, *, edit: bool = False
) -> tuple[Lease, DepositReturn | None]:
    lease = get_life_lease_or_404(request, pk, edit=edit)
    return lease, DepositReturn.objects.filter(lease=lease).first()
