"""The household pages run a constant, exact number of queries, shared households included."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.organisations.models import Role, Share
from clef.organisations.services import share_record
from tests.conftest import member_client
from tests.factories.accounts import UserFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory
from tests.www.queries import page_queries

# session, user, membership, header's memberships, count, page of households, their members, their
# current stays (dwelling and commune joined), the households shared with the organisation, the access
# log insert
LIST_QUERIES = 10
# + the shared households' members
LIST_WITH_SHARED_QUERIES = 11
# session, user, membership, header's memberships, the household (with the share in force, one query),
# its members, its resources, the access log insert, its stays, its history (10), then the panels of
# the daily trades (`clef/www/households/panels.py`: orientation, occupancy, support, exits; each area's
# tests assert its own panel's count, here with ended stays only; recovery: 3, damages: 3).
DETAIL_QUERIES = 35
# A partner doing the support: the panels it may not see compute less; the support panel more; the
# owner's history is not read.
SHARED_DETAIL_QUERIES = 27


def _share(household, partner):
    share_record(
        record=household,
        partner=partner,
        access=Share.Access.SUPPORT,
        reason="Accompagnement",
        starts_on=timezone.localdate() - timedelta(days=1),
        acting_user=UserFactory(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("households", [2, 12])
def test_the_household_list_runs_a_constant_number_of_queries(
    director_client, operator, django_assert_num_queries, households
):
    for _ in range(households):
        StayFactory(household__organisation=operator, entry_date=date(2023, 1, 1))
    url = reverse("www:household_list")
    response = page_queries(director_client, url, django_assert_num_queries, LIST_QUERIES)
    assert len(response.context["page"].object_list) == households


@pytest.mark.django_db
@pytest.mark.parametrize("shared", [1, 5])
def test_the_household_list_with_shared_households_runs_a_constant_number_of_queries(
    director_client, operator, django_assert_num_queries, shared
):
    StayFactory(household__organisation=operator, entry_date=date(2023, 1, 1))
    owner = OrganisationFactory()
    for _ in range(shared):
        _share(StayFactory(household__organisation=owner, entry_date=date(2023, 1, 1)).household, operator)
    url = reverse("www:household_list")
    response = page_queries(director_client, url, django_assert_num_queries, LIST_WITH_SHARED_QUERIES)
    assert len(response.context["shared"]) == shared


@pytest.mark.django_db
@pytest.mark.parametrize("stays", [1, 5])
def test_the_household_detail_runs_a_constant_number_of_queries(
    director_client, operator, django_assert_num_queries, stays
):
    household = HouseholdFactory(organisation=operator)
    for year in range(2018, 2018 + stays):
        StayFactory(
            household=household,
            entry_date=date(year, 1, 1),
            exit_date=date(year, 6, 1),
            destination="parc_social",
        )
    url = reverse("www:household_detail", args=[household.pk])
    response = page_queries(director_client, url, django_assert_num_queries, DETAIL_QUERIES)
    assert len(response.context["stays"]) == stays


@pytest.mark.django_db
def test_a_shared_household_detail_runs_a_constant_number_of_queries(client, django_assert_num_queries):
    stay = StayFactory(entry_date=date(2023, 1, 1))
    partner = OrganisationFactory()
    _share(stay.household, partner)
    partner_client = member_client(client, partner, Role.SOCIAL_WORKER)
    url = reverse("www:household_detail", args=[stay.household_id])
    response = page_queries(partner_client, url, django_assert_num_queries, SHARED_DETAIL_QUERIES)
    assert response.context["rights"].share == Share.Access.SUPPORT
