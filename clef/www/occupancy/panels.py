"""The occupancy part of the household page: the occupancy terms of the current stay (alert before each
term), the social-housing demand, the lease-slide reviews and the slide. Five queries whatever the
history; what the member sees is decided by clef.occupancy.perms."""

from __future__ import annotations

from dataclasses import dataclass

from clef.occupancy import perms, rules
from clef.occupancy.enums import CommissionDecision
from clef.occupancy.models import LeaseSlide, OccupancyTerm, SocialHousingDemand
from clef.organisations.practice import practice_for
from clef.www.households.panels import Panel


@dataclass
class TermRow:
    term: OccupancyTerm
    alert: bool
    days_left: int
    decidable: bool


def _terms(stay, practice, today) -> list[TermRow]:
    terms = list(OccupancyTerm.objects.filter(stay=stay).order_by("number"))
    return [
        TermRow(
            term=t,
            alert=rules.term_alert(
                ends_on=t.ends_on, decision=t.decision, on=today, alert_days=practice.term_alert_days
            ),
            days_left=(t.ends_on - today).days,
            decidable=t.is_pending and i == len(terms) - 1,
        )
        for i, t in enumerate(terms)
    ]


def _stay_context(stay, practice, today) -> dict:
    """Terms and slide reviews of the current stay (sublet dwellings only)."""
    mode = stay.dwelling.management_mode
    if not rules.has_terms(mode):
        return {"stay": stay, "has_terms": False}
    reviews = list(stay.slide_reviews.select_related("recorded_by").order_by("reviewed_on", "pk"))
    last = reviews[-1] if reviews else None
    months = rules.recommended_months(practice.occupancy_term_months, practice.occupancy_max_renewals)
    recommended_end = rules.recommended_end(
        stay.entry_date, practice.occupancy_term_months, practice.occupancy_max_renewals
    )
    return {
        "stay": stay,
        "has_terms": True,
        "terms": _terms(stay, practice, today),
        "recommended_months": months,
        "recommended_end": recommended_end,
        "beyond": recommended_end < today,
        "reviews": reviews,
        "slide_ready": last is not None and last.commission_decision == CommissionDecision.FAVORABLE,
    }


def household_panel(request, household, today) -> Panel | None:
    rights = perms.occupancy_rights(
        request.membership, household.organisation_id, shared_access=getattr(household, "shared_access", None)
    )
    if not rights.sees_anything:
        return None
    practice = practice_for(household.organisation_id)
    demand = SocialHousingDemand.objects.filter(household=household).first()
    context = {
        "rights": rights,
        "household": household,
        "demand": demand,
        "demand_active": rules.demand_is_active(demand, household.social_housing_demand, today),
        "demand_alert": demand is not None
        and rules.demand_alert(
            renewal_due_on=demand.renewal_due_on, on=today, alert_days=practice.demand_alert_days
        ),
    }
    if rights.view_terms:
        stay = household.stays.filter(exit_date__isnull=True).select_related("dwelling__commune").first()
        if stay is not None:
            context |= _stay_context(stay, practice, today)
        context["slide"] = (
            LeaseSlide.objects.filter(household=household)
            .select_related("dwelling__commune")
            .order_by("-slid_on")
            .first()
        )
    return Panel(template="occupancy/panel.html", context=context)
