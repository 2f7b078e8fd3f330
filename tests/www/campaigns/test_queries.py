"""The campaign pages run a constant, exact number of queries."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.campaigns.models import Campaign, Declaration
from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.www.queries import page_queries

# session, user, membership, header's memberships, the region of the form, the departments offered, the
# campaigns (region and department joined)
COORDINATOR_LIST_QUERIES = 7
# session, user, membership, header's memberships, the declarations (campaign joined)
OPERATOR_LIST_QUERIES = 5
# session, user, membership, header's memberships, the campaign, its declarations in scope, the frozen
# figures, the exit schemes' labels
CAMPAIGN_DETAIL_QUERIES = 8
# session, user, membership, header's memberships, the declaration, the operator's figures (computed in the
# database, one query per indicator group, the pathway sections of issue 8 and the captation section of
# issue 9 included), exit schemes' labels, versions, files sent; + 15 for the sections of issue 10 (losses by
# mode and resources, arrears at 31/12, the fund, the funding); + 1 for the arrears declared at 31/12 in the
# exchange format (issue 10, stays without a rent account)
DECLARATION_DETAIL_QUERIES = 55


def _campaigns(count: int, operators: list) -> list[Campaign]:
    opener = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    campaigns = []
    for year in range(2024 - count + 1, 2025):
        campaign = Campaign.objects.create(
            year=year,
            deadline=timezone.localdate() + timedelta(days=30),
            region_id="84",
            opened_by=opener.user,
            opened_from=opener.organisation,
        )
        for operator in operators:
            Declaration.objects.create(campaign=campaign, organisation=operator)
        campaigns.append(campaign)
    return campaigns


def _coordinator(client):
    return member_client(client, OrganisationFactory(state=True), Role.STATE_COORDINATOR)


@pytest.mark.django_db
@pytest.mark.parametrize("campaigns", [1, 4])
def test_the_coordinators_campaign_list_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, campaigns
):
    _campaigns(campaigns, [OrganisationFactory()])
    url = reverse("www:campaign_list")
    response = page_queries(_coordinator(client), url, django_assert_num_queries, COORDINATOR_LIST_QUERIES)
    assert len(response.context["campaigns"]) == campaigns


@pytest.mark.django_db
@pytest.mark.parametrize("campaigns", [1, 4])
def test_the_operators_campaign_list_runs_a_constant_number_of_queries(
    director_client, operator, django_assert_num_queries, campaigns
):
    _campaigns(campaigns, [operator])
    url = reverse("www:campaign_list")
    response = page_queries(director_client, url, django_assert_num_queries, OPERATOR_LIST_QUERIES)
    assert len(response.context["declarations"]) == campaigns


@pytest.mark.django_db
@pytest.mark.parametrize("operators", [1, 5])
def test_the_campaign_detail_runs_a_constant_number_of_queries(client, django_assert_num_queries, operators):
    (campaign,) = _campaigns(1, [OrganisationFactory() for _ in range(operators)])
    url = reverse("www:campaign_detail", args=[campaign.pk])
    response = page_queries(_coordinator(client), url, django_assert_num_queries, CAMPAIGN_DETAIL_QUERIES)
    assert len(response.context["declarations"]) == operators


@pytest.mark.django_db
@pytest.mark.parametrize("stays", [1, 6])
def test_the_declaration_detail_runs_a_constant_number_of_queries(
    director_client, operator, django_assert_num_queries, stays
):
    for _ in range(stays):
        StayFactory(household__organisation=operator, entry_date=date(2024, 1, 1))
    (campaign,) = _campaigns(1, [operator])
    url = reverse("www:declaration_detail", args=[campaign.declarations.get().pk])
    page_queries(director_client, url, django_assert_num_queries, DECLARATION_DETAIL_QUERIES)
