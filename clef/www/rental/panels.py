"""The « Compte locatif » part of the household page: the balance of the current (or last) lease, the part
expected from the CAF/MSA and the household's own debt, the benefit's status; a link to the account, or to
create the lease of a current stay without one. For the operator's members who see the rent account
(`perms.can_see_ledger`, never the owner's side here). Two queries; traced (COMPTE)."""

from __future__ import annotations

from clef.organisations import perms
from clef.rental import queries, rules
from clef.rental.models import Lease
from clef.www.households.panels import Panel
from clef.www.rental.access import log_account_read


def household_panel(request, household, today) -> Panel | None:
    membership = request.membership
    if not perms.can_see_ledger(membership) or household.organisation_id != membership.organisation_id:
        return None
    lease = (
        queries.lease_figures(Lease.objects.filter(stay__household=household), today)
        .select_related("stay")
        .order_by("-starts_on", "-pk")
        .first()
    )
    context = {"lease": lease, "can_edit": perms.can_edit_ledger(membership)}
    if lease is None:
        stay = household.stays.filter(exit_date__isnull=True).first()
        if stay is None:
            return None
        context["stay"] = stay
    else:
        log_account_read(request, lease)
        context["net_monthly_due"] = rules.net_monthly_due(lease)
        context["bucket"] = rules.ageing_bucket(lease.household_debt, rules.net_monthly_due(lease))
    return Panel(template="rental/panel.html", context=context)
