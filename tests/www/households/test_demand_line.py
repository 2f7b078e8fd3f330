"""The « Situation » block of a household file says whether its social-housing demand is active by the one
rule of `clef.occupancy.rules` (its record when there is one, else the file's own declaration), never the
raw declaration against the record: regression, the file said « Oui » while its occupancy panel said
« sans demande active »."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.households import HouseholdFactory
from tests.factories.occupancy import SocialHousingDemandFactory

pytestmark = pytest.mark.django_db


def _situation_line(client, household) -> str:
    page = client.get(reverse("www:household_detail", args=[household.pk])).content.decode()
    found = re.search(r"<dt>Demande de logement social active</dt><dd>([^<(]*)", page)
    return found.group(1).strip()


def test_an_expired_record_overrides_the_files_declaration(director_client, operator):
    household = HouseholdFactory(organisation=operator, social_housing_demand=True)
    SocialHousingDemandFactory(household=household, renewal_due_on=date(2022, 1, 1))
    assert _situation_line(director_client, household) == "Non"


def test_a_record_still_valid_says_yes_and_a_declaration_alone_too(director_client, operator):
    recorded = HouseholdFactory(organisation=operator, social_housing_demand=False)
    renewal = timezone.localdate() + timedelta(days=365)
    SocialHousingDemandFactory(household=recorded, renewal_due_on=renewal)
    declared = HouseholdFactory(organisation=operator, social_housing_demand=True)
    assert _situation_line(director_client, recorded) == "Oui"
    assert _situation_line(director_client, declared) == "Oui"
