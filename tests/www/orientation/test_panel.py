"""The « Orientation et choix du ménage » part of the household page: what it shows, to whom, in a constant
number of queries."""

from datetime import date

import pytest
from django.test import RequestFactory

from clef.organisations.perms import RecordRights
from clef.orientation.enums import Decision, HouseholdAnswer
from clef.orientation.models import EntryChoice, Wishes
from clef.www.orientation.panels import household_panel
from tests.factories.orientation import ProposalFactory, ReorientationRequestFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db
TODAY = date(2024, 6, 1)


def _household(requests: int):
    stay = StayFactory(entry_date=date(2024, 1, 1))
    household = stay.household
    ProposalFactory(
        availability__dwelling=stay.dwelling,
        decision=Decision.ACCEPTED,
        decided_on=date(2023, 12, 20),
        household_answer=HouseholdAnswer.YES,
        household=household,
        stay=stay,
    )
    EntryChoice.objects.create(
        stay=stay,
        organisation=stay.organisation,
        visited_before_signing=False,
        recorded_by=stay.dwelling.availabilities.get().created_by,
    )
    for _ in range(requests):
        ReorientationRequestFactory(stay=stay)
    return household


@pytest.mark.parametrize("requests", [1, 4])
def test_the_panel_runs_a_constant_number_of_queries(django_assert_num_queries, requests):
    household = _household(requests)
    household.rights = RecordRights(view=True, edit=True, stays=True)
    with django_assert_num_queries(5):
        panel = household_panel(RequestFactory().get("/"), household, TODAY)
    assert len(panel.context["requests"]) == requests
    Wishes.objects.create(household=household, near_work=True)
    with django_assert_num_queries(7):  # the wishes' communes and EPCI
        panel = household_panel(RequestFactory().get("/"), household, TODAY)
    assert panel.context["wishes"].near_work
    assert panel.context["can_request"] and panel.context["shows_requests"]


def test_a_support_partner_sees_the_wishes_but_not_the_reorientation_requests():
    household = _household(1)
    household.rights = RecordRights(view=True, edit=True, stays=False, share="accompagnement")
    panel = household_panel(RequestFactory().get("/"), household, TODAY)
    assert not panel.context["shows_requests"] and not panel.context["can_request"]
    household.rights = RecordRights()
    assert household_panel(RequestFactory().get("/"), household, TODAY) is None
