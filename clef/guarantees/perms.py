"""Who sees which security fund, and what of it (one place; the web layer's access helpers call it).

- The manager's members (the network's) see everything of the funds it manages; its direction manages
  them (contributions, decisions, payouts: `clef.organisations.perms.can_manage_fund`).
- State members read the funds of the regions they oversee: a DREETS its region, a DDETS the region of its
  department, a platform administrator without region every fund. Read only.
- An operator's members who see its accounts (direction, rental managers, the litigation officer, read-only
  members) see the funds of their head office's region and the funds they contribute to, with their own
  claims and contributions only (never the balance, the projection nor another operator's claim); those
  who act on recovery (`can_edit_recovery`: direction, rental managers, the litigation officer) declare claims.
- Nobody outside the operator sees a household's identity: fund pages name the operator, never the household.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from clef.guarantees.models import SecurityFund
from clef.organisations.perms import (
    can_edit_recovery,
    can_manage_fund,
    can_see_ledger,
    can_see_owner_accounts,
    is_network_member,
    is_state_member,
    oversight,
)


@dataclass(frozen=True)
class FundRights:
    """`operator_id`: the member sees only this operator's claims and contributions (None: all of them)."""

    whole_fund: bool = False
    manage: bool = False
    operator_id: int | None = None
    declare: bool = False


def sees_operator_claims(membership) -> bool:
    return can_edit_recovery(membership) or can_see_owner_accounts(membership)


def may_use_funds(membership) -> bool:
    """Whether the member has anything to do with the security funds (the menu entry, the pages)."""
    if is_network_member(membership) or sees_operator_claims(membership):
        return True
    return is_state_member(membership) and oversight(membership) is not None


def fund_rights(membership) -> FundRights | None:
    """The member's rights on the funds `visible_funds` returns (None: no access at all, 403)."""
    if is_network_member(membership):
        return FundRights(whole_fund=True, manage=can_manage_fund(membership))
    if sees_operator_claims(membership):
        return FundRights(operator_id=membership.organisation_id, declare=can_edit_recovery(membership))
    if is_state_member(membership) and oversight(membership) is not None:
        return FundRights(whole_fund=True)
    return None


def visible_funds(membership):
    """The funds the member may open (another's → 404)."""
    funds = SecurityFund.objects.all()
    if is_network_member(membership):
        return funds.filter(manager_id=membership.organisation_id)
    if sees_operator_claims(membership):
        organisation = membership.organisation
        department = organisation.head_office_department
        region = department.region_id if department else None
        return funds.filter(Q(region_id=region) | Q(contributors__organisation=organisation)).distinct()
    over = oversight(membership) if is_state_member(membership) else None
    if over is None:
        return funds.none()
    if over.kind == "tout":
        return funds
    if over.kind == "region":
        return funds.filter(region_id=over.code)
    if over.kind == "departement":
        return funds.of_department(over.code)
    return funds.none()


def sees_household_of_claim(membership, claim) -> bool:
    """Only the operator's own members who see its ledger see which household a claim concerns."""
    return can_see_ledger(membership) and claim.operator_id == membership.organisation_id


def can_see_funds_menu(membership) -> bool:
    """The « Fonds de sécurisation » menu entry: the network's members and the State members who oversee a
    territory (operators reach the fund from the rental-management hub)."""
    if is_network_member(membership):
        return True
    return is_state_member(membership) and oversight(membership) is not None
