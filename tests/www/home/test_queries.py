"""The home pages run a constant, exact number of queries."""

from datetime import date

import pytest
from django.urls import reverse

from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory
from tests.www.queries import page_queries

# session, user, membership, header's memberships, park totals, stay totals, vacant dwellings, households
# + the « À faire » block (tests/www/agenda): the director's nine pathway sections (one query each), the two
# captation sections (next actions, re-captation: one each), the contracts' section (contracts, conventions:
# two), the desk's requests to take in charge (one), plus the operator's practice settings, read once for the
# seven sections whose query function reads them (clef.organisations.practice.read_once: seven queries
# before); the households' names, the access log
# + the ten rental-management sections of issue 10 (CAF/MSA reports, benefits, reminders, instalments, slides,
# litigation, Visale, fund claims: one each; revisions of the rent: IRL indices, revisions decided, leases,
# main leases; deposits: leases to decide, returns pending): 14 queries, the same for 1 and 10 households
DASHBOARD_QUERIES = 8 + (9 + 2 + 2 + 1) + 1 + 2 + 14  # 45 before the practice settings were read once
# session, user, membership, header's memberships, the territory's name, operators, park totals, totals by
# department
AGGREGATES_QUERIES = 8


@pytest.mark.django_db
@pytest.mark.parametrize("stays", [1, 10])
def test_the_operator_dashboard_runs_a_constant_number_of_queries(
    director_client, operator, django_assert_num_queries, stays
):
    for _ in range(stays):
        StayFactory(household__organisation=operator, entry_date=date(2023, 1, 1))
    response = page_queries(
        director_client, reverse("www:home"), django_assert_num_queries, DASHBOARD_QUERIES
    )
    assert response.context["households_present"] == stays


@pytest.mark.django_db
@pytest.mark.parametrize("operators", [1, 6])
def test_the_aggregates_home_runs_a_constant_number_of_queries(client, django_assert_num_queries, operators):
    for number in range(operators):
        DwellingFactory(organisation=OrganisationFactory(head_office_department_id=("69", "38")[number % 2]))
    dreets = member_client(client, OrganisationFactory(state=True), Role.STATE_COORDINATOR)
    response = page_queries(dreets, reverse("www:home"), django_assert_num_queries, AGGREGATES_QUERIES)
    assert response.context["operators_count"] == operators
