"""Occupancy terms, social-housing demands, lease-slide reviews and the lease slides of the demo.

Terms follow the occupancy rules (`clef.occupancy.rules`: first and next term dates, the reason needed
beyond the recommended renewals): every sublet stay present today or ended since the daily tools are in
use has its chain of terms; most present households beyond 18 months have a reason; a few terms are
left to decide. The slides are the register's own: stays that ended with `maintien_glissement_bail`
the day their dwelling left the park with `glissement_bail` (no new exit is made).
"""

from __future__ import annotations

from datetime import timedelta

from clef.demo.daily import texts
from clef.demo.daily.context import DAILY_SINCE, DailyContext, StayRow
from clef.dwellings.enums import DwellingExitReason, ManagementMode
from clef.occupancy import rules
from clef.occupancy.enums import CommissionDecision, SlideOutcome, TermDecision
from clef.occupancy.models import LeaseSlide, LeaseSlideReview, OccupancyTerm, SocialHousingDemand
from clef.organisations.practice import practice_for
from clef.stays.enums import Destination
from clef.utils.dates import add_months

MAX_TERMS = 20  # the model's bound on a term's number
# Present stays whose term ended lately (within OVERDUE_DAYS) and waits for its decision: a quarter.
OVERDUE_SHARE = 0.25
OVERDUE_DAYS = 75


def in_scope(stay: StayRow) -> bool:
    """Sublet stays present today or ended since the daily tools are in use."""
    return rules.has_terms(stay.management_mode) and (stay.present or stay.exit_date >= DAILY_SINCE)


def terms(ctx: DailyContext) -> list[OccupancyTerm]:
    result: list[OccupancyTerm] = []
    practices = {pk: practice_for(pk) for pk in ctx.operator_ids()}
    for stay in ctx.stays:
        if in_scope(stay):
            result += _chain(ctx, stay, practices[stay.organisation_id])
    return result


def _chain(ctx: DailyContext, stay: StayRow, practice) -> list[OccupancyTerm]:
    rng = ctx.rng("term", stay.external_id)
    months, renewals = practice.occupancy_term_months, practice.occupancy_max_renewals
    team = ctx.teams[stay.organisation_id]
    until = stay.exit_date or ctx.today
    overdue = stay.present and rng.random() < OVERDUE_SHARE
    starts_on, ends_on = rules.first_term_dates(stay.entry_date, months)
    chain: list[OccupancyTerm] = []
    for number in range(1, MAX_TERMS + 1):
        term = OccupancyTerm(
            organisation_id=stay.organisation_id,
            stay_id=stay.pk,
            number=number,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        chain.append(term)
        last = ends_on >= until or number == MAX_TERMS
        if stay.present and (last or (overdue and ends_on >= ctx.today - timedelta(days=OVERDUE_DAYS))):
            break  # the current term, or one that ended lately and waits for its decision
        term.decided_by = team.rental_manager if rng.random() < 0.6 else team.director
        if last:  # the stay ended during this term
            term.decision = (
                TermDecision.SLID
                if stay.destination == Destination.MAINTIEN_GLISSEMENT_BAIL
                else TermDecision.ENDED
            )
            term.decided_on = max(starts_on, stay.exit_date - timedelta(days=rng.randint(0, 20)))
            break
        term.decision = TermDecision.RENEWED
        term.decided_on = max(starts_on, ends_on - timedelta(days=rng.randint(2, 25)))
        if rules.renewal_number(number) > renewals:
            term.reason = rng.choice(texts.RENEWAL_REASONS)
        rules.check_renewal(term_number=number, max_renewals=renewals, term_months=months, reason=term.reason)
        starts_on, ends_on = rules.next_term_dates(ends_on, months)
    return chain


def demands(ctx: DailyContext) -> list[SocialHousingDemand]:
    """A demand for each present household whose register says it has one: most active, some to renew
    within the month, a few past their renewal date; households without a demand stay without one."""
    result = []
    practices = {pk: practice_for(pk) for pk in ctx.operator_ids()}
    for stay in ctx.stays:
        if not (stay.present and stay.household_demand):
            continue
        rng = ctx.rng("demand", stay.external_id)
        validity = practices[stay.organisation_id].demand_validity_months
        first = stay.entry_date - timedelta(days=rng.randint(0, 500))
        due = rules.default_renewal_due(first, validity)
        while due < ctx.today:
            due = add_months(due, validity)
        if rng.random() < 0.08 and add_months(due, -validity) > first:
            due = add_months(due, -validity)  # the renewal was missed: no active demand today
        syplo = rng.random() < 0.35
        result.append(
            SocialHousingDemand(
                organisation_id=stay.organisation_id,
                household_id=stay.household_id,
                number="",  # the register's households carry no number (their v1 rows are not rewritten)
                first_demand_on=first,
                renewal_due_on=due,
                syplo_labelled=syplo,
                syplo_labelled_on=min(ctx.today, stay.entry_date + timedelta(days=rng.randint(30, 200)))
                if syplo
                else None,
                dalo_recognised_on=first + timedelta(days=rng.randint(120, 300))
                if stay.household_dalo and first + timedelta(days=300) <= ctx.today
                else None,
            )
        )
    return result


def slide_reviews(ctx: DailyContext) -> list[LeaseSlideReview]:
    """Readiness reviews of bail glissant stays, every slide-review period from six months after entry."""
    result = []
    for stay in ctx.stays:
        if stay.management_mode != ManagementMode.BAIL_GLISSANT or not in_scope(stay):
            continue
        rng = ctx.rng("slide-review", stay.external_id)
        every = practice_for(stay.organisation_id).slide_review_every_months
        slid = stay.destination == Destination.MAINTIEN_GLISSEMENT_BAIL
        until = stay.exit_date or ctx.today - timedelta(days=rng.randint(0, 240))
        day = add_months(stay.entry_date, every)
        reviews = []
        while day <= until and day <= ctx.today:
            reviews.append(
                LeaseSlideReview(
                    organisation_id=stay.organisation_id,
                    stay_id=stay.pk,
                    reviewed_on=day,
                    outcome=SlideOutcome.PAS_ENCORE,
                    next_review_on=add_months(day, every),
                    notes=rng.choice(texts.SLIDE_NOT_YET),
                    recorded_by=ctx.teams[stay.organisation_id].rental_manager,
                )
            )
            day = add_months(day, every)
        if reviews and (slid or rng.random() < 0.3):
            last = reviews[-1]
            last.outcome = SlideOutcome.PRET
            last.notes = rng.choice(texts.SLIDE_READY)
            if slid or rng.random() < 0.5:
                last.commission_decision = CommissionDecision.FAVORABLE
                last.commission_on = min(ctx.today, last.reviewed_on + timedelta(days=rng.randint(5, 30)))
                if slid:
                    last.commission_on = min(last.commission_on, stay.exit_date)
        elif reviews and rng.random() < 0.2:
            reviews[-1].outcome = SlideOutcome.A_REVOIR
            reviews[-1].notes = rng.choice(texts.SLIDE_TO_REVIEW)
        result += reviews
    return result


def lease_slides(ctx: DailyContext) -> list[LeaseSlide]:
    """The register's slides: the stay ended with `maintien_glissement_bail` the day its dwelling left
    the park with `glissement_bail`."""
    return [
        LeaseSlide(
            organisation_id=stay.organisation_id,
            stay_id=stay.pk,
            dwelling_id=stay.dwelling_id,
            household_id=stay.household_id,
            slid_on=stay.exit_date,
            created_by=ctx.teams[stay.organisation_id].rental_manager,
        )
        for stay in ctx.stays
        if is_slide(stay)
    ]


def is_slide(stay: StayRow) -> bool:
    return (
        stay.destination == Destination.MAINTIEN_GLISSEMENT_BAIL
        and stay.dwelling_exit_reason == DwellingExitReason.GLISSEMENT_BAIL
        and stay.dwelling_exit_date == stay.exit_date
    )
