"""The « Conventions et contrats » panel of the dwelling page: the contract in force, the open
convention, the masked bank details and the links, for the members who see contracts
(`perms.can_see_contracts`). Two queries; no owner's name (the contract page shows it, traced)."""

from __future__ import annotations

from django.utils import timezone

from clef.contracts.models import ENCRYPTED_FIELDS, AnahConvention, Contract
from clef.dwellings.enums import Parc
from clef.organisations import perms


def dwelling_panel(request, dwelling) -> dict | None:
    membership = request.membership
    if not perms.can_see_contracts(membership):
        return None
    contract = (
        Contract.objects.in_force()
        .filter(dwelling=dwelling)
        .select_related("bank_account")
        .defer(*(f"bank_account__{name}" for name in ENCRYPTED_FIELDS))  # masked: never decrypted
        .first()
    )
    conventions = list(AnahConvention.objects.open().filter(dwelling=dwelling).order_by("-requested_on")[:1])
    can_edit = perms.can_edit_contracts(membership) and dwelling.is_in_park_on(timezone.localdate())
    return {
        "contract": contract,
        "convention": conventions[0] if conventions else None,
        "can_add_contract": can_edit and contract is None,
        "can_add_convention": can_edit
        and contract is not None
        and not conventions
        and dwelling.parc == Parc.PRIVE,
    }
