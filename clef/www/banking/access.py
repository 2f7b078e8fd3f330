"""Access helpers of the bank statement pages (the rules are in `clef.organisations.perms`).

A statement is the operator's own bank account: its lines name the payers and their amounts. They are read
by those who read the owner's side of the ledger (`can_see_owner_accounts`: the direction, rental managers,
read-only members; never social workers, whose view is the household's balance) and imported, assigned or
ignored by those who write the ledger (`can_edit_ledger`). A role that may not: 403. A statement or a line
of another organisation: 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from clef.banking.models import BankLine, BankStatement
from clef.organisations import perms
from clef.organisations.models import Membership
from clef.www.access import ClefRequest

SEE_REFUSED = (
    "Les relevés bancaires sont réservés à la direction, à la gestion locative et aux membres en lecture seule "
    "de la structure."
)
EDIT_REFUSED = "Seules la direction et la gestion locative importent et rapprochent les relevés bancaires."


def require_bank_statements(request: ClefRequest, *, edit: bool = False) -> Membership:
    """The current membership if it may read the statements (and import or match them, `edit`), else 403."""
    membership = request.membership
    if not perms.can_see_owner_accounts(membership):
        raise PermissionDenied(SEE_REFUSED)
    if edit and not perms.can_edit_ledger(membership):
        raise PermissionDenied(EDIT_REFUSED)
    return membership


def get_statement_or_404(request: ClefRequest, pk: int) -> BankStatement:
    membership = require_bank_statements(request)
    statement = (
        BankStatement.objects.for_organisation(membership.organisation_id)
        .select_related("imported_by")
        .filter(pk=pk)
        .first()
    )
    if statement is None:
        raise Http404
    return statement


def get_line_or_404(request: ClefRequest, pk: int, *, edit: bool = False) -> BankLine:
    membership = require_bank_statements(request, edit=edit)
    line = (
        BankLine.objects.for_organisation(membership.organisation_id)
        .select_related("statement", "lease__stay__household", "entry__reversed_by__created_by", "matched_by")
        .prefetch_related("lease__stay__household__members")
        .filter(pk=pk)
        .first()
    )
    if line is None:
        raise Http404
    return line
