"""Aggregates of the guided exit and of the solicitations after exit."""

from datetime import date

import pytest

from clef.exits import queries
from clef.exits.enums import Judgement, Perspective
from clef.exits.models import ExitAssessment
from tests.factories.exits import ExitAssessmentFactory, ExitPerspectiveFactory, SolicitationFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_disagreements_are_assessments_whose_judgements_differ():
    agreed = ExitAssessmentFactory()
    ExitPerspectiveFactory(assessment=agreed, perspective=Perspective.MENAGE, judgement=Judgement.POSITIVE)
    ExitPerspectiveFactory(assessment=agreed, perspective=Perspective.FINANCEUR, judgement=Judgement.POSITIVE)
    split = ExitAssessmentFactory()
    ExitPerspectiveFactory(assessment=split, perspective=Perspective.MENAGE, judgement=Judgement.NEGATIVE)
    ExitPerspectiveFactory(assessment=split, perspective=Perspective.FINANCEUR, judgement=Judgement.POSITIVE)
    alone = ExitAssessmentFactory()
    ExitPerspectiveFactory(assessment=alone, judgement=Judgement.MITIGEE)
    assert list(queries.disagreements(ExitAssessment.objects.all())) == [split]


def test_positive_shares_count_filled_and_positive_per_perspective(django_assert_num_queries):
    for judgement in (Judgement.POSITIVE, Judgement.POSITIVE, Judgement.NEGATIVE):
        ExitPerspectiveFactory(perspective=Perspective.GESTIONNAIRE, judgement=judgement)
    ExitPerspectiveFactory(perspective=Perspective.MENAGE, judgement=Judgement.MITIGEE)
    with django_assert_num_queries(1):
        shares = queries.positive_shares(ExitAssessment.objects.all())
    assert shares["gestionnaire"] == {"filled": 3, "positive": 2}
    assert shares["menage"] == {"filled": 1, "positive": 0}
    assert shares["financeur"] == {"filled": 0, "positive": 0}


def test_solicitations_are_counted_per_operator_and_year(django_assert_num_queries):
    first = SolicitationFactory(minutes_spent=20)
    operator = first.organisation
    SolicitationFactory(organisation=operator, household=first.household, minutes_spent=40)
    SolicitationFactory(organisation=operator, solicited_on=date(2025, 1, 10), minutes_spent=5)
    other = SolicitationFactory(organisation=OrganisationFactory())
    with django_assert_num_queries(1):
        counts = queries.solicitations_per_year([operator.pk, other.organisation_id], 2024)
    assert counts[operator.pk] == {"count": 2, "minutes": 60, "households": 1}
    assert counts[other.organisation_id]["count"] == 1
    assert queries.solicitations_per_year([operator.pk], 2023) == {}
    by_year = queries.solicitations_by_year(operator.pk)
    assert [(row["year"], row["count"], row["minutes"]) for row in by_year] == [(2025, 1, 5), (2024, 2, 60)]
    assert queries.solicitations_by_subject(operator.pk, 2024) == [
        {"subject": "courrier", "count": 2, "minutes": 60}
    ]
