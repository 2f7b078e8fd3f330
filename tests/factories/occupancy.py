"""Occupancy: the first term of a stay (six months from its entry, pending), a social-housing demand of the
stay's household (first demand 01/01/2021, to renew before 01/01/2022), a lease-slide review and a slide.
Traits give the decided states."""

from datetime import date

import factory

from clef.occupancy.enums import CommissionDecision, SlideOutcome, TermDecision
from clef.occupancy.models import LeaseSlide, LeaseSlideReview, OccupancyTerm, SocialHousingDemand
from clef.occupancy.rules import first_term_dates
from tests.factories.accounts import UserFactory
from tests.factories.households import HouseholdFactory
from tests.factories.stays import StayFactory


class OccupancyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OccupancyTerm

    stay = factory.SubFactory(StayFactory)
    organisation = factory.SelfAttribute("stay.organisation")
    number = 1
    starts_on = factory.SelfAttribute("stay.entry_date")
    ends_on = factory.LazyAttribute(lambda term: first_term_dates(term.starts_on, 6)[1])

    class Params:
        renewed = factory.Trait(
            decision=TermDecision.RENEWED,
            decided_on=date(2021, 6, 1),
            decided_by=factory.SubFactory(UserFactory),
        )
        ended = factory.Trait(
            decision=TermDecision.ENDED,
            decided_on=date(2021, 6, 1),
            decided_by=factory.SubFactory(UserFactory),
        )


class SocialHousingDemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialHousingDemand

    household = factory.SubFactory(HouseholdFactory)
    organisation = factory.SelfAttribute("household.organisation")
    number = factory.Sequence(lambda n: f"069012100{n:05d}")
    first_demand_on = date(2021, 1, 1)
    renewal_due_on = date(2022, 1, 1)

    class Params:
        syplo = factory.Trait(syplo_labelled=True, syplo_labelled_on=date(2021, 3, 1))


class LeaseSlideReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeaseSlideReview

    stay = factory.SubFactory(StayFactory)
    organisation = factory.SelfAttribute("stay.organisation")
    reviewed_on = date(2022, 1, 10)
    outcome = SlideOutcome.PAS_ENCORE
    next_review_on = date(2022, 7, 10)
    recorded_by = factory.SubFactory(UserFactory)

    class Params:
        favourable = factory.Trait(
            outcome=SlideOutcome.PRET,
            next_review_on=None,
            commission_decision=CommissionDecision.FAVORABLE,
            commission_on=date(2022, 1, 20),
        )


class LeaseSlideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeaseSlide

    stay = factory.SubFactory(StayFactory, slid_lease=True)
    organisation = factory.SelfAttribute("stay.organisation")
    dwelling = factory.SelfAttribute("stay.dwelling")
    household = factory.SelfAttribute("stay.household")
    slid_on = factory.SelfAttribute("stay.exit_date")
    created_by = factory.SubFactory(UserFactory)
