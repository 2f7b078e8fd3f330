"""Days supported and the cost per day, on worked examples."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError

from clef.funding.queries import days_supported, funding_figures, per_day
from clef.organisations.perms import Oversight
from clef.stays.enums import Destination
from tests.factories.funding import SubsidyFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def test_days_are_nights_clipped_to_the_year_times_members():
    operator = OrganisationFactory()
    # Open since 2021, a couple: the whole of 2025 (365 days), 730 person-days.
    StayFactory(household=HouseholdFactory(organisation=operator, couple=True))
    # Entered 01/03/2025, left 11/03/2025: 10 nights, one person.
    StayFactory(
        household=HouseholdFactory(organisation=operator),
        entry_date=date(2025, 3, 1),
        exit_date=date(2025, 3, 11),
        destination=Destination.PARC_SOCIAL,
    )
    # Entered 20/12/2024, left 10/01/2025: 9 nights in 2025 (1 → 10 January).
    StayFactory(
        household=HouseholdFactory(organisation=operator, single_parent_family=True),
        entry_date=date(2024, 12, 20),
        exit_date=date(2025, 1, 10),
        destination=Destination.PARC_SOCIAL,
    )
    # Left on 01/01/2025 (no night in 2025) and one entered in 2026: nothing.
    StayFactory(
        household=HouseholdFactory(organisation=operator),
        entry_date=date(2024, 6, 1),
        exit_date=date(2025, 1, 1),
        destination=Destination.PARC_SOCIAL,
    )
    StayFactory(household=HouseholdFactory(organisation=operator), entry_date=date(2026, 1, 5))
    StayFactory()  # another operator

    days = days_supported([operator.pk], 2025)

    assert days[operator.pk].households == 365 + 10 + 9
    assert days[operator.pk].persons == 730 + 10 + 18


def test_an_internal_move_counts_its_day_once():
    household = HouseholdFactory()
    StayFactory(
        household=household,
        entry_date=date(2025, 1, 1),
        exit_date=date(2025, 7, 1),
        destination=Destination.MUTATION_INTERNE_IML,
    )
    StayFactory(household=household, entry_date=date(2025, 7, 1), pathway_start=date(2025, 1, 1))

    assert days_supported([household.organisation_id], 2025)[household.organisation_id].households == 365


def test_cost_per_day_is_rounded_half_up_to_the_cent():
    assert per_day(Decimal("100"), 3) == Decimal("33.33")
    assert per_day(Decimal("1.25"), 50) == Decimal("0.03")  # 0.025 → 0.03
    assert per_day(Decimal("100"), 0) is None


def test_funding_figures_per_operator_and_total(django_assert_num_queries):
    operator = OrganisationFactory(name="A structure")
    other = OrganisationFactory(name="B structure")
    outside = OrganisationFactory(name="C Isère", head_office_department_id="38")
    StayFactory(household=HouseholdFactory(organisation=operator, couple=True))  # 365 / 730 in 2026
    SubsidyFactory(organisation=operator, year=2026)  # 100 000 €
    SubsidyFactory(organisation=outside, year=2026)
    SubsidyFactory(organisation=other, year=2025)

    with django_assert_num_queries(3):
        figures = funding_figures(Oversight("departement", "69"), 2026)

    assert [r.name for r in figures.rows] == ["A structure", "B structure"]
    first, second = figures.rows
    assert (first.total, first.household_days, first.person_days) == (Decimal("100000.00"), 365, 730)
    assert first.cost_per_person_day == Decimal("136.99")  # 100 000 / 730
    assert first.cost_per_household_day == Decimal("273.97")
    assert (second.total, second.person_days, second.cost_per_person_day) == (Decimal("0"), 0, None)
    assert figures.total.total == Decimal("100000.00")
    assert figures.total.gla == Decimal("50000.00")
    assert figures.total.person_days == 730
    assert figures.reference_cost == Decimal("6.00")


def test_one_subsidy_per_operator_and_year():
    subsidy = SubsidyFactory()
    with pytest.raises(IntegrityError):
        SubsidyFactory(organisation=subsidy.organisation, year=subsidy.year)
