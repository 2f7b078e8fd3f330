"""Who sees and who writes inventories and damage claims: household records of the operator, read by the
members who see the rent account (clef.organisations.perms.can_see_ledger: a social worker attends the joint
visit and reads the inventory) and written by those who write it (can_edit_ledger: direction and rental
managers). Every other organisation's member sees nothing."""

from clef.organisations import perms


def can_see_damages(membership) -> bool:
    return perms.can_see_ledger(membership)


def can_edit_damages(membership) -> bool:
    return perms.can_edit_ledger(membership)
