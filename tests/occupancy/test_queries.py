"""What is due (clef.occupancy.queries): each list, its window from the practice settings, its order,
and another operator's records never in it."""

from datetime import date

import pytest

from clef.dwellings.enums import ManagementMode
from clef.occupancy import queries
from clef.occupancy.enums import CommissionDecision, SlideOutcome
from clef.organisations.models import PracticeSettings
from tests.factories.dwellings import DwellingFactory
from tests.factories.occupancy import (
    LeaseSlideReviewFactory,
    OccupancyTermFactory,
    SocialHousingDemandFactory,
)
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator():
    return OrganisationFactory()


def _stay(operator, mode=ManagementMode.SOUS_LOCATION, **kwargs):
    dwelling = DwellingFactory(organisation=operator, management_mode=mode)
    return StayFactory(household__organisation=operator, dwelling=dwelling, **kwargs)


def test_terms_due_within_the_alert_window_soonest_first(operator):
    soon = OccupancyTermFactory(stay=_stay(operator), ends_on=date(2021, 6, 30))
    sooner = OccupancyTermFactory(stay=_stay(operator), ends_on=date(2021, 6, 10))
    OccupancyTermFactory(stay=_stay(operator), ends_on=date(2021, 7, 31))  # beyond the 31 days
    OccupancyTermFactory(stay=_stay(operator), ends_on=date(2021, 6, 5), renewed=True)  # decided
    OccupancyTermFactory(stay=_stay(operator, exited=True), ends_on=date(2021, 6, 5))  # household left
    OccupancyTermFactory(ends_on=date(2021, 6, 5))  # another operator
    due = queries.terms_due(operator.pk, date(2021, 6, 1))
    assert [(t.pk, t.due_on) for t in due] == [(sooner.pk, date(2021, 6, 10)), (soon.pk, date(2021, 6, 30))]


def test_terms_due_window_is_the_operator_setting(operator):
    term = OccupancyTermFactory(stay=_stay(operator), ends_on=date(2021, 6, 30))
    PracticeSettings.objects.create(organisation=operator, term_alert_days=10)
    assert list(queries.terms_due(operator.pk, date(2021, 6, 1))) == []
    assert list(queries.terms_due(operator.pk, date(2021, 6, 20))) == [term]


def test_a_term_past_its_end_stays_due(operator):
    term = OccupancyTermFactory(stay=_stay(operator), ends_on=date(2021, 6, 30))
    assert list(queries.terms_due(operator.pk, date(2021, 9, 1))) == [term]


def test_stays_beyond_eighteen_months_with_their_reason(operator):
    long_stay = _stay(operator, entry_date=date(2021, 1, 1))
    OccupancyTermFactory(
        stay=long_stay,
        number=3,
        starts_on=date(2022, 1, 1),
        ends_on=date(2022, 6, 30),
        renewed=True,
        reason="Attente d'attribution",
    )
    OccupancyTermFactory(stay=long_stay, number=4, starts_on=date(2022, 7, 1), ends_on=date(2022, 12, 31))
    _stay(operator, entry_date=date(2021, 1, 2))  # recommended end 01/07/2022: not beyond on 01/07/2022
    _stay(operator, mode=ManagementMode.MANDAT_GESTION, entry_date=date(2020, 1, 1))  # no terms
    _stay(operator, entry_date=date(2020, 1, 1), exited=True, exit_date=date(2022, 6, 1))
    beyond = list(queries.stays_beyond_recommended(operator.pk, date(2022, 7, 1)))
    assert [(s.pk, s.reason, s.due_on) for s in beyond] == [
        (long_stay.pk, "Attente d'attribution", date(2022, 7, 1))
    ]


def test_stays_beyond_are_dated_by_the_day_they_passed_the_length_most_overdue_first(operator):
    """Regression: a stay in since 2022 was dated by its current term's end (« échéance le 15/02/2027 »)
    and sorted last. `due_on` is entry + 18 months (clamped to the month's end), soonest first."""
    recent = _stay(operator, entry_date=date(2024, 8, 31))  # + 18 months: 28/02/2026 (clamped)
    OccupancyTermFactory(stay=recent, number=5, starts_on=date(2026, 3, 1), ends_on=date(2026, 8, 31))
    old = _stay(operator, entry_date=date(2022, 2, 15))
    OccupancyTermFactory(stay=old, number=10, starts_on=date(2026, 8, 15), ends_on=date(2027, 2, 15))
    beyond = list(queries.stays_beyond_recommended(operator.pk, date(2026, 11, 27)))
    assert [(s.pk, s.due_on) for s in beyond] == [(old.pk, date(2023, 8, 15)), (recent.pk, date(2026, 2, 28))]


def test_recommended_length_follows_the_settings(operator):
    stay = _stay(operator, entry_date=date(2021, 1, 1))
    PracticeSettings.objects.create(organisation=operator, occupancy_max_renewals=1)  # 12 months
    assert list(queries.stays_beyond_recommended(operator.pk, date(2022, 1, 1))) == [stay]


def test_households_without_active_demand(operator):
    without = _stay(operator, entry_date=date(2021, 3, 1)).household
    expired = _stay(operator, entry_date=date(2021, 1, 1)).household
    SocialHousingDemandFactory(household=expired, renewal_due_on=date(2021, 5, 31))
    active = _stay(operator).household
    SocialHousingDemandFactory(household=active, renewal_due_on=date(2021, 6, 1))
    _stay(operator, exited=True, exit_date=date(2021, 2, 1))  # gone
    StayFactory()  # another operator
    found = list(queries.households_without_active_demand(operator.pk, date(2021, 6, 1)))
    assert [(h.pk, h.due_on) for h in found] == [
        (expired.pk, date(2021, 1, 1)),
        (without.pk, date(2021, 3, 1)),
    ]


def test_active_demand_one_rule_in_memory_and_in_sql(operator):
    """Regression: a household declared « demande active : Oui » (household form, import, SIAO acceptance)
    without a demand record was listed « sans demande active ». A record decides when there is one; without
    it, the household's declaration does. The Python rule and the query agree on every case."""
    from clef.households.models import Household
    from clef.occupancy import rules

    on = date(2021, 6, 1)
    declared = _stay(operator, household__social_housing_demand=True).household
    undeclared = _stay(operator).household
    expired_but_declared = _stay(operator, household__social_housing_demand=True).household
    SocialHousingDemandFactory(household=expired_but_declared, renewal_due_on=date(2021, 5, 31))
    active_record = _stay(operator).household
    SocialHousingDemandFactory(household=active_record, renewal_due_on=on)
    expected = {
        declared.pk: True,
        undeclared.pk: False,
        expired_but_declared.pk: False,
        active_record.pk: True,
    }
    households = Household.objects.filter(pk__in=expected).select_related("social_housing_demand_record")
    assert {h.pk: rules.has_active_demand(h, on) for h in households} == expected
    in_sql = set(
        Household.objects.filter(rules.active_demand_q(on), pk__in=expected).values_list("pk", flat=True)
    )
    assert in_sql == {pk for pk, active in expected.items() if active}
    without = {h.pk for h in queries.households_without_active_demand(operator.pk, on)}
    assert without == {pk for pk, active in expected.items() if not active}


def test_demands_to_renew_within_the_window(operator):
    later = SocialHousingDemandFactory(household=_stay(operator).household, renewal_due_on=date(2021, 7, 1))
    sooner = SocialHousingDemandFactory(household=_stay(operator).household, renewal_due_on=date(2021, 6, 15))
    SocialHousingDemandFactory(household=_stay(operator).household, renewal_due_on=date(2021, 8, 1))  # later
    SocialHousingDemandFactory(
        household=_stay(operator).household, renewal_due_on=date(2021, 5, 1)
    )  # expired
    gone = _stay(operator, exited=True, exit_date=date(2021, 2, 1)).household
    SocialHousingDemandFactory(household=gone, renewal_due_on=date(2021, 6, 15))
    found = list(queries.demands_to_renew(operator.pk, date(2021, 6, 1)))
    assert [(d.pk, d.due_on) for d in found] == [(sooner.pk, date(2021, 6, 15)), (later.pk, date(2021, 7, 1))]


def test_slide_reviews_due(operator):
    never = _stay(operator, mode=ManagementMode.BAIL_GLISSANT, entry_date=date(2021, 1, 1))  # due 03/07/2021
    planned = _stay(operator, mode=ManagementMode.BAIL_GLISSANT)
    LeaseSlideReviewFactory(stay=planned, reviewed_on=date(2021, 3, 1), next_review_on=date(2021, 6, 20))
    no_date = _stay(operator, mode=ManagementMode.BAIL_GLISSANT)
    LeaseSlideReviewFactory(stay=no_date, reviewed_on=date(2021, 1, 1), next_review_on=None)  # + 183 days
    ready = _stay(operator, mode=ManagementMode.BAIL_GLISSANT)
    LeaseSlideReviewFactory(
        stay=ready, reviewed_on=date(2021, 1, 1), next_review_on=None, outcome=SlideOutcome.PRET
    )
    _stay(operator, mode=ManagementMode.BAIL_GLISSANT, entry_date=date(2021, 5, 1))  # not yet
    _stay(operator, entry_date=date(2020, 1, 1))  # sous-location: no review cadence
    found = list(queries.slide_reviews_due(operator.pk, date(2021, 6, 10)))
    assert [(s.pk, s.due_on) for s in found] == [
        (planned.pk, date(2021, 6, 20)),
        (never.pk, date(2021, 7, 3)),
        (no_date.pk, date(2021, 7, 3)),
    ]


def test_slide_candidates_are_ready_or_favourable(operator):
    favourable = _stay(operator, mode=ManagementMode.BAIL_GLISSANT)
    LeaseSlideReviewFactory(
        stay=favourable, favourable=True, reviewed_on=date(2021, 3, 1), commission_on=date(2021, 3, 10)
    )
    ready = _stay(operator)
    LeaseSlideReviewFactory(
        stay=ready, reviewed_on=date(2021, 2, 1), next_review_on=None, outcome=SlideOutcome.PRET
    )
    changed = _stay(operator, mode=ManagementMode.BAIL_GLISSANT)
    LeaseSlideReviewFactory(
        stay=changed, favourable=True, reviewed_on=date(2021, 1, 1), commission_on=date(2021, 1, 5)
    )
    LeaseSlideReviewFactory(
        stay=changed,
        reviewed_on=date(2021, 4, 1),
        next_review_on=None,
        outcome=SlideOutcome.A_REVOIR,
        commission_decision=CommissionDecision.DEFAVORABLE,
        commission_on=date(2021, 4, 1),
    )
    mandate = _stay(operator, mode=ManagementMode.MANDAT_GESTION)
    LeaseSlideReviewFactory(stay=mandate, favourable=True)
    found = list(queries.slide_candidates(operator.pk, date(2021, 6, 1)))
    assert [(s.pk, s.due_on) for s in found] == [
        (ready.pk, date(2021, 2, 1)),
        (favourable.pk, date(2021, 3, 10)),
    ]
