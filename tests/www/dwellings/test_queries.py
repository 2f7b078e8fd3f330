"""The dwelling pages run a constant, exact number of queries."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories.stays import StayFactory
from tests.www.queries import page_queries

# session, user, membership, header's memberships, count, page of dwellings (commune joined, occupation
# annotated)
LIST_QUERIES = 6
# + the dwelling, its stays with households, their members, the access log insert, its history, the
# « Conventions et contrats » panel (contract in force with its bank details, open convention)
DETAIL_QUERIES = 11


@pytest.mark.django_db
@pytest.mark.parametrize("stays", [2, 12])
def test_the_dwelling_list_runs_a_constant_number_of_queries(
    director_client, operator, django_assert_num_queries, stays
):
    for _ in range(stays):
        StayFactory(household__organisation=operator, entry_date=date(2023, 1, 1))
    response = page_queries(
        director_client, reverse("www:dwelling_list"), django_assert_num_queries, LIST_QUERIES
    )
    assert len(response.context["page"].object_list) == stays


@pytest.mark.django_db
@pytest.mark.parametrize("households", [1, 6])
def test_the_dwelling_detail_runs_a_constant_number_of_queries(
    director_client, operator, django_assert_num_queries, households
):
    stay = StayFactory(
        household__organisation=operator,
        entry_date=date(2018, 1, 1),
        exit_date=date(2018, 2, 1),
        destination="parc_social",
    )
    for year in range(2019, 2019 + households - 1):
        StayFactory(
            dwelling=stay.dwelling,
            household__organisation=operator,
            entry_date=date(year, 1, 1),
            exit_date=date(year, 6, 1),
            destination="parc_social",
        )
    url = reverse("www:dwelling_detail", args=[stay.dwelling_id])
    response = page_queries(director_client, url, django_assert_num_queries, DETAIL_QUERIES)
    assert len(response.context["stays"]) == households
