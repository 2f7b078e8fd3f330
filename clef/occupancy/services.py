"""Occupancy workflows: each one transaction (clef.utils.writes), journaled in it, calling the rules of
clef.occupancy.rules. The lease slide is one action over three apps: the stay ends, the dwelling leaves
the park, the slide is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.dwellings.enums import DwellingExitReason
from clef.dwellings.models import Dwelling
from clef.dwellings.services import save_dwelling
from clef.households.models import Household
from clef.households.services import set_social_housing_demand
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.occupancy import rules
from clef.occupancy.enums import TermDecision
from clef.occupancy.models import LeaseSlide, LeaseSlideReview, OccupancyTerm, SocialHousingDemand
from clef.organisations.practice import practice_for
from clef.stays.enums import Destination
from clef.stays.models import Stay
from clef.stays.services import end_stay
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action

TERM_CHANGED = "Cette période vient d'être décidée par un collègue : rechargez la page."
DEMAND_CHANGED = "La demande de ce ménage vient d'être enregistrée par un collègue : rechargez la page."
SLIDE_CHANGED = "Le bail de ce séjour vient de glisser : rechargez la page."
register_constraint_errors(
    {
        "occupancy_term_unique_number": TERM_CHANGED,
        "occupancy_occupancyterm.stay_id, occupancy_occupancyterm.number": TERM_CHANGED,
        "occupancy_socialhousingdemand_household_id_key": DEMAND_CHANGED,  # PostgreSQL
        "occupancy_socialhousingdemand.household_id": DEMAND_CHANGED,  # SQLite
        "occupancy_leaseslide_stay_id_key": SLIDE_CHANGED,
        "occupancy_leaseslide.stay_id": SLIDE_CHANGED,
    }
)


def _record(instance, *, acting_user, household_id: int, before=None, dwelling_id=None) -> None:
    journal.record(
        acting_user=acting_user,
        instance=instance,
        action=Action.UPDATE if before is not None else Action.CREATE,
        before=before,
        household_id=household_id,
        dwelling_id=dwelling_id,
    )


@register_write
def open_first_term(*, stay: Stay, acting_user) -> OccupancyTerm | None:
    """The first occupancy term of a stay that starts in a sublet dwelling (from its entry day, for the
    operator's term length). Nothing for a mandat de gestion, nor when the stay already has one.
    Called by whoever starts a stay (stays cannot import occupancy)."""
    dwelling = Dwelling.objects.only("management_mode").get(pk=stay.dwelling_id)
    if not rules.has_terms(dwelling.management_mode) or stay.occupancy_terms.exists():
        return None
    practice = practice_for(stay.organisation_id)
    starts_on, ends_on = rules.first_term_dates(stay.entry_date, practice.occupancy_term_months)
    term = OccupancyTerm(
        organisation_id=stay.organisation_id, stay=stay, number=1, starts_on=starts_on, ends_on=ends_on
    )
    term.full_clean()
    term.save()
    _record(term, acting_user=acting_user, household_id=stay.household_id)
    return term


def _decide(
    term: OccupancyTerm, *, decision: str, reason: str, acting_user, expected_version
) -> OccupancyTerm:
    """Lock the term, check it is the pending last one of an open stay, write the decision (journaled)."""
    locked = lock_and_check_version(term, expected_version)
    stay = Stay.objects.only("exit_date", "household_id").get(pk=locked.stay_id)
    last = OccupancyTerm.objects.filter(stay_id=locked.stay_id).order_by("-number").values("number")[0]
    rules.check_term_decidable(
        decision=locked.decision, stay_open=stay.exit_date is None, is_last=last["number"] == locked.number
    )
    before = journal.snapshot(locked)
    locked.decision, locked.reason = decision, reason.strip()
    locked.decided_on, locked.decided_by = timezone.localdate(), acting_user
    locked.version += 1
    locked.full_clean()
    locked.save()
    _record(locked, acting_user=acting_user, household_id=stay.household_id, before=before)
    return locked


@register_write
def renew_term(
    *, term: OccupancyTerm, reason: str = "", acting_user, expected_version: int | None = None
) -> OccupancyTerm:
    """Renew a pending term: it is marked renewed and the next term starts the day after it ends.
    Returns the new term. Beyond the recommended number of renewals, a reason is required."""
    practice = practice_for(term.organisation_id)
    rules.check_renewal(
        term_number=term.number,
        max_renewals=practice.occupancy_max_renewals,
        term_months=practice.occupancy_term_months,
        reason=reason,
    )
    decided = _decide(
        term,
        decision=TermDecision.RENEWED,
        reason=reason,
        acting_user=acting_user,
        expected_version=expected_version,
    )
    starts_on, ends_on = rules.next_term_dates(decided.ends_on, practice.occupancy_term_months)
    following = OccupancyTerm(
        organisation_id=decided.organisation_id,
        stay_id=decided.stay_id,
        number=decided.number + 1,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    following.full_clean()
    following.save()
    _record(following, acting_user=acting_user, household_id=decided.stay.household_id)
    return following


@register_write
def end_term(
    *, term: OccupancyTerm, reason: str = "", acting_user, expected_version: int | None = None
) -> OccupancyTerm:
    """Decide that occupancy ends at this term (the household's exit itself is recorded as a stay exit)."""
    return _decide(
        term,
        decision=TermDecision.ENDED,
        reason=reason,
        acting_user=acting_user,
        expected_version=expected_version,
    )


@dataclass
class DemandData:
    number: str
    first_demand_on: date
    renewal_due_on: date | None = None
    syplo_labelled: bool = False
    syplo_labelled_on: date | None = None
    dalo_recognised_on: date | None = None


@register_write
def save_demand(
    *, household: Household, data: DemandData, acting_user, expected_version: int | None = None
) -> SocialHousingDemand:
    """Create or update the household's social-housing demand (renewal date by default: first date +
    the operator's validity), and keep the household's v1 fields (`social_housing_demand`, its number)
    consistent with it, journaled."""
    demand = SocialHousingDemand.objects.filter(household=household).first()
    before = None
    if demand is None:
        demand = SocialHousingDemand(household=household, organisation_id=household.organisation_id)
    else:
        demand = lock_and_check_version(demand, expected_version)
        before = journal.snapshot(demand)
        demand.version += 1
    number = rules.normalise_demand_number(data.number)
    rules.check_demand_number(number)
    renewal = data.renewal_due_on or rules.default_renewal_due(
        data.first_demand_on, practice_for(household.organisation_id).demand_validity_months
    )
    rules.check_demand_dates(
        first_demand_on=data.first_demand_on,
        renewal_due_on=renewal,
        syplo_labelled=data.syplo_labelled,
        syplo_labelled_on=data.syplo_labelled_on,
        dalo_recognised_on=data.dalo_recognised_on,
    )
    demand.number, demand.first_demand_on, demand.renewal_due_on = number, data.first_demand_on, renewal
    demand.syplo_labelled, demand.syplo_labelled_on = data.syplo_labelled, data.syplo_labelled_on
    demand.dalo_recognised_on = data.dalo_recognised_on
    demand.full_clean()
    demand.save()
    _record(demand, acting_user=acting_user, household_id=household.pk, before=before)
    set_social_housing_demand(
        household=household,
        active=demand.is_active_on(timezone.localdate()),
        number=number,
        acting_user=acting_user,
    )
    return demand


@dataclass
class ReviewData:
    reviewed_on: date
    outcome: str
    next_review_on: date | None = None
    commission_decision: str = "aucune"
    commission_on: date | None = None
    notes: str = ""


@register_write
def record_slide_review(*, stay: Stay, data: ReviewData, acting_user) -> LeaseSlideReview:
    """A readiness review of a lease slide (a present household in a sublet dwelling)."""
    if stay.exit_date is not None:
        raise ValidationError("Ce séjour est terminé.", code="stay_ended")
    if stay.dwelling.management_mode not in rules.SLIDE_MODES:
        raise ValidationError(rules.NOT_SUBLET, code="not_sublet")
    rules.check_review(
        reviewed_on=data.reviewed_on,
        next_review_on=data.next_review_on,
        commission_decision=data.commission_decision,
        commission_on=data.commission_on,
    )
    review = LeaseSlideReview(
        organisation_id=stay.organisation_id,
        stay=stay,
        reviewed_on=data.reviewed_on,
        outcome=data.outcome,
        next_review_on=data.next_review_on,
        commission_decision=data.commission_decision,
        commission_on=data.commission_on,
        notes=data.notes.strip(),
        recorded_by=acting_user,
    )
    review.full_clean()
    review.save()
    _record(review, acting_user=acting_user, household_id=stay.household_id, dwelling_id=stay.dwelling_id)
    return review


def last_review(stay: Stay) -> LeaseSlideReview | None:
    return stay.slide_reviews.order_by("-reviewed_on", "-pk").first()


@register_write
def slide_lease(*, stay: Stay, on: date, acting_user) -> LeaseSlide:
    """The lease slides to the household, in one action: its stay ends with `maintien_glissement_bail`,
    the dwelling leaves the park with `glissement_bail`, the pending occupancy term is marked slid and the
    slide is written. The household stays in the same dwelling, now the landlord's tenant."""
    locked = Stay.objects.select_for_update().select_related("dwelling").get(pk=stay.pk)
    review = last_review(locked)
    rules.check_slide(
        stay_open=locked.exit_date is None,
        entry_date=locked.entry_date,
        on=on,
        management_mode=locked.dwelling.management_mode,
        last_commission=review.commission_decision if review else None,
        reviewed_on=review.reviewed_on if review else None,
        commission_on=review.commission_on if review else None,
    )
    pending = locked.occupancy_terms.filter(decision=TermDecision.PENDING).order_by("-number").first()
    if pending is not None:
        _decide(
            pending, decision=TermDecision.SLID, reason="", acting_user=acting_user, expected_version=None
        )
    end_stay(
        stay=locked,
        on=on,
        destination=Destination.MAINTIEN_GLISSEMENT_BAIL,
        loss_unpaid_rent=False,
        loss_damage=False,
        acting_user=acting_user,
    )
    dwelling = locked.dwelling
    dwelling.exit_date, dwelling.exit_reason = on, DwellingExitReason.GLISSEMENT_BAIL
    save_dwelling(dwelling=dwelling, acting_user=acting_user)
    slide = LeaseSlide(
        organisation_id=locked.organisation_id,
        stay=locked,
        dwelling=dwelling,
        household_id=locked.household_id,
        slid_on=on,
        created_by=acting_user,
    )
    slide.full_clean()
    slide.save()
    _record(slide, acting_user=acting_user, household_id=locked.household_id, dwelling_id=dwelling.pk)
    return slide
