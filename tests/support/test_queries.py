"""Reads others use: the organisation doing the support, overdue meetings and joint visits."""

from datetime import date

import pytest

from clef.organisations.models import PracticeSettings
from clef.support import queries, rules
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory
from tests.factories.support import AppointmentFactory, SupportShareFactory

pytestmark = pytest.mark.django_db

ON = date(2025, 3, 1)


def _present(organisation, entry=date(2024, 1, 1)):
    return StayFactory(household__organisation=organisation, entry_date=entry).household


def test_the_support_organisation_is_the_partner_of_the_share_in_force_else_the_owner():
    operator = OrganisationFactory()
    household = _present(operator)
    assert queries.support_organisation_id(household, ON) == operator.pk
    share = SupportShareFactory(record=household, starts_on=date(2025, 1, 1), ends_on=date(2025, 2, 28))
    assert queries.support_organisation_id(household, date(2025, 2, 1)) == share.partner_id
    assert queries.support_organisation_id(household, ON) == operator.pk  # expired the day before


def test_overdue_meetings_lists_present_households_not_met_within_the_cadence_most_overdue_first():
    operator = OrganisationFactory()
    met_recently = _present(operator)
    AppointmentFactory(household=met_recently, held_on=date(2025, 2, 15))
    met_long_ago = _present(operator)
    AppointmentFactory(household=met_long_ago, held_on=date(2024, 11, 2))
    never_met = _present(operator, entry=date(2024, 6, 1))
    exited = StayFactory(household__organisation=operator, exited=True).household
    planned_only = _present(operator, entry=date(2025, 2, 20))
    AppointmentFactory(household=planned_only, held_on=date(2025, 3, 10))  # a planned meeting is not held
    rows = list(queries.overdue_meetings(operator.pk, ON))
    assert [r.pk for r in rows] == [never_met.pk, met_long_ago.pk]
    assert rows[0].reference_on == date(2024, 6, 1) and rows[0].every_months == 1
    assert rules.due_on(rows[1].reference_on, rows[1].every_months) == date(2024, 12, 2)
    assert exited.pk not in {r.pk for r in rows} and met_recently.pk not in {r.pk for r in rows}


def test_the_cadence_follows_the_operators_practice_settings():
    operator = OrganisationFactory()
    household = _present(operator)
    AppointmentFactory(household=household, held_on=date(2024, 12, 15))
    assert list(queries.overdue_meetings(operator.pk, ON)) == [household]
    PracticeSettings.objects.create(organisation=operator, meeting_every_months=3)
    assert list(queries.overdue_meetings(operator.pk, ON)) == []


def test_a_delegated_household_is_listed_for_the_partner_not_for_the_owner():
    owner = OrganisationFactory()
    household = _present(owner)
    share = SupportShareFactory(record=household)
    assert list(queries.overdue_meetings(share.partner_id, ON)) == [household]
    assert list(queries.overdue_meetings(owner.pk, ON)) == []


def test_overdue_joint_visits_count_only_joint_visits_every_six_months():
    operator = OrganisationFactory()
    visited = _present(operator)
    AppointmentFactory(household=visited, held_on=date(2024, 10, 1), joint_visit=True)
    interviewed_only = _present(operator)
    AppointmentFactory(household=interviewed_only, held_on=date(2025, 2, 20))
    rows = list(queries.overdue_joint_visits(operator.pk, ON))
    assert [r.pk for r in rows] == [interviewed_only.pk]
    assert rows[0].reference_on == date(2024, 1, 1) and rows[0].every_months == 6


def test_overdue_lists_run_a_constant_number_of_queries(django_assert_num_queries):
    operator = OrganisationFactory()
    for _ in range(3):
        AppointmentFactory(household=_present(operator), held_on=date(2024, 1, 5))
    with django_assert_num_queries(2):  # the practice settings, the list
        assert len(list(queries.overdue_meetings(operator.pk, ON))) == 3
