"""« À faire » and the meeting read the operator's practice settings once for all their sections
(`clef.organisations.practice.read_once`), never keep them beyond one computation, and run no section that
the member's role does not see."""

from dataclasses import replace
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clef.agenda import sections as registry
from clef.agenda.services import prepare_meeting
from clef.agenda.todo import todo_for
from clef.organisations.models import PracticeSettings, Role
from clef.organisations.practice import practice_for
from tests.factories.organisations import MembershipFactory

ON = date(2026, 11, 27)


def _reading_practice(code: str):
    def provider(organisation_id: int, on: date):
        months = practice_for(organisation_id).meeting_every_months
        return [
            {
                "subject": PracticeSettings(pk=1),
                "household_id": None,
                "label": f"{code} {months}",
                "due_on": on,
            }
        ]

    return provider


@pytest.fixture
def three_readers(test_registry):
    for position, code in enumerate(("a", "b", "c")):
        test_registry.register(
            registry.Section(code, code.upper(), position, _reading_practice(code), registry.BOTH)
        )
    return test_registry


@pytest.mark.django_db
def test_the_sections_read_the_practice_settings_once(three_readers, operator, django_assert_num_queries):
    PracticeSettings.objects.create(organisation=operator, meeting_every_months=2)
    membership = MembershipFactory(organisation=operator, role=Role.DIRECTOR)
    membership = type(membership).objects.select_related("organisation").get(pk=membership.pk)
    with django_assert_num_queries(1):
        labels = [entry.item.label for entry in todo_for(membership, ON)]
    assert labels == ["a 2", "b 2", "c 2"]
    with django_assert_num_queries(2):  # outside a computation: read each time, nothing kept
        practice_for(operator.pk), practice_for(operator.pk)
    PracticeSettings.objects.filter(organisation=operator).update(meeting_every_months=3)
    assert [entry.item.label for entry in todo_for(membership, ON)] == ["a 3", "b 3", "c 3"]


def _practice_reads(captured) -> int:
    return sum("organisations_practicesettings" in query["sql"] for query in captured.captured_queries)


@pytest.mark.django_db
def test_preparing_a_meeting_reads_the_practice_settings_once(three_readers, operator):
    user = MembershipFactory(organisation=operator, role=Role.DIRECTOR).user
    with CaptureQueriesContext(connection) as captured:
        meeting = prepare_meeting(organisation=operator, on=ON, acting_user=user)
    assert _practice_reads(captured) == 1
    assert sorted(meeting.items.values_list("label", flat=True)) == ["a 1", "b 1", "c 1"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.SOCIAL_WORKER, Role.CAPTATION_OFFICER, Role.LITIGATION_OFFICER, Role.READ_ONLY]
)
def test_a_section_the_role_does_not_see_is_not_run(monkeypatch, operator, role):
    called: list[str] = []

    def spy(section):
        def provider(organisation_id, on):
            called.append(section.code)
            return []

        return replace(section, provider=provider)

    monkeypatch.setattr(registry, "_REGISTRY", {code: spy(s) for code, s in registry._REGISTRY.items()})
    todo_for(MembershipFactory(organisation=operator, role=role), ON)
    assert called == [section.code for section in registry.sections_for_role(role)]
    assert ("visale_claims_due" in called) == (role == Role.LITIGATION_OFFICER)
