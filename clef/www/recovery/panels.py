"""The « Impayés et recouvrement » part of the household page: the plan in progress (respected months, the
slide flag), the last reminder and, for those who see litigation, the open case; links to open a plan, record a
reminder or open a case. For the operator's members who see the rent account (`perms.can_see_ledger`), never
for a partner organisation. Constant queries (lease, plans, last reminder, case); traced (RECOUVREMENT)."""

from __future__ import annotations

from clef.organisations import perms
from clef.recovery.enums import PlanStatus
from clef.recovery.models import LitigationCase, Reminder, RepaymentPlan
from clef.rental.models import Lease
from clef.www.households.panels import Panel
from clef.www.recovery.views import log


def household_panel(request, household, today) -> Panel | None:
    membership = request.membership
    if not perms.can_see_ledger(membership) or household.organisation_id != membership.organisation_id:
        return None
    lease = Lease.objects.filter(stay__household=household).order_by("-starts_on", "-pk").first()
    if lease is None:
        return None
    plan = (
        RepaymentPlan.objects.filter(lease=lease)
        .exclude(status=PlanStatus.ABANDONNE)
        .order_by("-agreed_on", "-pk")
        .first()
    )
    reminder = Reminder.objects.filter(lease=lease).order_by("-sent_on", "-pk").first()
    sees_cases = perms.can_see_litigation(membership)
    case = LitigationCase.objects.filter(lease=lease).not_closed().first() if sees_cases else None
    if plan or reminder or case:
        log(request, [household.pk], subject=lease)
    can_edit = perms.can_edit_recovery(membership)
    context = {
        "lease": lease,
        "plan": plan,
        "reminder": reminder,
        "case": case,
        "sees_cases": sees_cases,
        "can_edit": can_edit,
        "can_open_plan": can_edit and (plan is None or plan.status != PlanStatus.EN_COURS),
        "can_open_case": can_edit and sees_cases and case is None and lease.ends_on is None,
    }
    return Panel(template="recovery/panel.html", context=context)
