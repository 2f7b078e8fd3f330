"""The exit pages and the household page's exit panel run a constant, exact number of queries."""

from datetime import date

import pytest
from django.test import RequestFactory
from django.urls import reverse

from clef.exits.enums import Perspective
from clef.organisations.models import Role
from clef.www.access import get_household_or_404
from clef.www.exits.panels import household_panel
from tests.factories.exits import (
    ExitAssessmentFactory,
    ExitPerspectiveFactory,
    ExitReadinessFactory,
    SolicitationFactory,
)
from tests.factories.organisations import MembershipFactory
from tests.factories.stays import StayFactory
from tests.www.queries import page_queries

pytestmark = pytest.mark.django_db

# stays with their checklist and assessment; the perspectives (only when an assessment exists); the
# solicitations
PANEL_QUERIES = {"present": 2, "assessed": 3}
# session, user, membership (the first three of every page); the household (with the share in force), its
# members, its resources (clef.www.access.get_household_or_404); then the page's own queries.
# Guided exit: the present stay (dwelling, commune, checklist), the access log insert, the header's
# memberships, the relay directory choices; the stay's rent account (losses at exit, clef.exits.losses: none
# here, so the typed flags).
GUIDED_EXIT_QUERIES = 11
# Checklist: the present stay, the access log insert, the header's memberships.
READINESS_QUERIES = 9
# Assessment: the ended stay, the assessment (relay resource), its perspectives, the access log insert, the
# header's memberships, the relay directory choices.
ASSESSMENT_QUERIES = 12
# Solicitation: the access log insert, the header's memberships, the organisation's members (who answered).
SOLICITATION_QUERIES = 9
# Figures: session, user, membership, per year, per subject, the header's memberships.
FIGURES_QUERIES = 6


def _household_with_history(operator, exits: int):
    """A household with `exits` past pathways (each assessed, five perspectives, two solicitations) and
    a present stay with its checklist."""
    household = StayFactory(household__organisation=operator, entry_date=date(2026, 1, 1)).household
    for year in range(2018, 2018 + exits):
        stay = StayFactory(
            household=household,
            entry_date=date(year, 1, 1),
            exit_date=date(year, 6, 30),
            destination="parc_prive",
        )
        assessment = ExitAssessmentFactory(stay=stay)
        for code in Perspective.values:
            ExitPerspectiveFactory(assessment=assessment, perspective=code, criteria=[], judgement="positive")
        SolicitationFactory(household=household, organisation=operator, solicited_on=date(year, 9, 1))
        SolicitationFactory(household=household, organisation=operator, solicited_on=date(year, 10, 1))
    ExitReadinessFactory(stay=household.stays.get(exit_date__isnull=True))
    return household


def _panel_queries(operator, household, django_assert_num_queries, expected):
    membership = MembershipFactory(organisation=operator, role=Role.DIRECTOR)
    request = RequestFactory().get("/")
    request.membership, request.user = membership, membership.user
    household = get_household_or_404(request, household.pk)
    with django_assert_num_queries(expected):
        panel = household_panel(request, household, date(2026, 11, 1))
    return panel


@pytest.mark.parametrize("exits", [1, 3])
def test_the_panel_runs_the_same_queries_whatever_the_history(operator, django_assert_num_queries, exits):
    household = _household_with_history(operator, exits)
    panel = _panel_queries(operator, household, django_assert_num_queries, PANEL_QUERIES["assessed"])
    assert len(panel.context["exits"]) == exits
    assert len(panel.context["solicitations"]) == 2 * exits
    assert panel.context["readiness"] is not None


def test_the_panel_of_a_household_never_assessed(operator, django_assert_num_queries):
    household = StayFactory(household__organisation=operator).household
    _panel_queries(operator, household, django_assert_num_queries, PANEL_QUERIES["present"])


@pytest.mark.parametrize("exits", [1, 3])
def test_the_guided_exit_page(director_client, operator, django_assert_num_queries, exits):
    household = _household_with_history(operator, exits)
    url = reverse("www:guided_exit", args=[household.pk])
    page_queries(director_client, url, django_assert_num_queries, GUIDED_EXIT_QUERIES)


@pytest.mark.parametrize("exits", [1, 3])
def test_the_readiness_page(director_client, operator, django_assert_num_queries, exits):
    household = _household_with_history(operator, exits)
    url = reverse("www:exit_readiness", args=[household.pk])
    page_queries(director_client, url, django_assert_num_queries, READINESS_QUERIES)


@pytest.mark.parametrize("exits", [1, 3])
def test_the_assessment_page(director_client, operator, django_assert_num_queries, exits):
    household = _household_with_history(operator, exits)
    stay = household.stays.exclude(exit_date=None).first()
    url = reverse("www:exit_assessment", args=[household.pk, stay.pk])
    page_queries(director_client, url, django_assert_num_queries, ASSESSMENT_QUERIES)


@pytest.mark.parametrize("exits", [1, 3])
def test_the_solicitation_page(director_client, operator, django_assert_num_queries, exits):
    household = _household_with_history(operator, exits)
    url = reverse("www:solicitation_create", args=[household.pk])
    page_queries(director_client, url, django_assert_num_queries, SOLICITATION_QUERIES)


@pytest.mark.parametrize("exits", [1, 3])
def test_the_figures_page(director_client, operator, django_assert_num_queries, exits):
    _household_with_history(operator, exits)
    page_queries(
        director_client, reverse("www:solicitation_figures"), django_assert_num_queries, FIGURES_QUERIES
    )
