from datetime import date

import pytest

from clef.agenda import sections as registry
from clef.agenda.todo import todo_for
from clef.organisations.models import Role
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

ON = date(2026, 11, 5)


def _dated(code: str, due: date):
    """A section with one item per household of the organisation, all due `due` (one query)."""

    def provider(organisation_id, on):
        from clef.households.models import Household

        return [
            registry.Item(h, h.pk, f"{code} {h.pk}", due)
            for h in Household.objects.filter(organisation_id=organisation_id)
        ]

    return provider


@pytest.fixture
def sections(test_registry):
    registry.register(
        registry.Section("terms", "Échéances", 100, _dated("terms", date(2026, 12, 1)), registry.BOTH)
    )
    registry.register(
        registry.Section("visits", "Visites", 200, _dated("visits", date(2026, 11, 10)), registry.SOCIAL)
    )
    registry.register(
        registry.Section("slides", "Glissements", 300, _dated("slides", date(2026, 11, 20)), registry.RENTAL)
    )
    registry.register(
        registry.Section("siao", "SIAO", 400, _dated("siao", date(2026, 11, 1)), registry.SIAO, meeting=False)
    )


def _codes(membership):
    return [entry.section.code for entry in todo_for(membership, ON)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.DIRECTOR, ["visits", "slides", "terms"]),
        (Role.SOCIAL_WORKER, ["visits", "terms"]),
        (Role.RENTAL_MANAGER, ["slides", "terms"]),
        (Role.CAPTATION_OFFICER, []),
        (Role.READ_ONLY, []),
    ],
)
def test_an_operator_member_gets_the_sections_of_its_role_soonest_first(sections, operator, role, expected):
    HouseholdFactory(organisation=operator)
    assert _codes(MembershipFactory(organisation=operator, role=role)) == expected


@pytest.mark.django_db
def test_a_siao_agent_gets_the_siao_sections_and_a_state_coordinator_nothing(sections):
    siao = OrganisationFactory(siao=True)
    HouseholdFactory(organisation=siao)  # the provider reads the SIAO's own records
    assert _codes(MembershipFactory(organisation=siao, role=Role.SIAO_AGENT)) == ["siao"]
    assert _codes(MembershipFactory(organisation=siao, role=Role.READ_ONLY)) == []
    state = OrganisationFactory(state=True)
    assert _codes(MembershipFactory(organisation=state, role=Role.STATE_COORDINATOR)) == []
    assert todo_for(None, ON) == []


@pytest.mark.django_db
def test_items_of_the_member_s_organisation_only(sections, operator):
    mine = HouseholdFactory(organisation=operator)
    HouseholdFactory()
    entries = todo_for(MembershipFactory(organisation=operator, role=Role.SOCIAL_WORKER), ON)
    assert {entry.item.household_id for entry in entries} == {mine.pk}


@pytest.mark.django_db
def test_an_item_without_date_comes_last(test_registry, operator):
    household = HouseholdFactory(organisation=operator)
    registry.register(
        registry.Section(
            "a",
            "A",
            1,
            lambda o, on: [registry.Item(household, household.pk, "sans date", None)],
            registry.BOTH,
        )
    )
    registry.register(registry.Section("b", "B", 2, _dated("b", date(2030, 1, 1)), registry.BOTH))
    labels = [
        entry.item.label
        for entry in todo_for(MembershipFactory(organisation=operator, role=Role.DIRECTOR), ON)
    ]
    assert labels == [f"b {household.pk}", "sans date"]


@pytest.mark.django_db
def test_one_query_per_section(sections, operator, django_assert_num_queries):
    for _ in range(3):
        HouseholdFactory(organisation=operator)
    membership = MembershipFactory(organisation=operator, role=Role.DIRECTOR)
    membership = type(membership).objects.select_related("organisation").get(pk=membership.pk)
    with django_assert_num_queries(3):
        entries = todo_for(membership, ON)
    assert len(entries) == 9
