import sys
import types
from datetime import date

import pytest

from clef.agenda import sections as registry
from clef.organisations.models import Role
from tests.agenda.conftest import households_due
from tests.factories.households import HouseholdFactory


def _section(code="essai", position=100, **kwargs):
    return registry.Section(
        code=code, title=f"Rubrique {code}", position=position, provider=households_due, **kwargs
    )


def test_sections_come_in_position_order(test_registry):
    registry.register(_section("b", 300))
    registry.register(_section("a", 100))
    registry.register(_section("c", 200))
    assert [section.code for section in registry.all_sections()] == ["a", "c", "b"]


def test_a_code_is_registered_once(test_registry):
    registry.register(_section("a", 100))
    registry.register(_section("a", 100))  # the same section again (a second autodiscover) is harmless
    with pytest.raises(ValueError, match="already registered"):
        registry.register(_section("a", 200))


def test_a_section_may_be_given_as_a_dict_with_roles_as_a_list(test_registry):
    section = registry.register(
        {"code": "d", "title": "Dict", "position": 10, "provider": households_due, "roles": [Role.DIRECTOR]}
    )
    assert section.roles == frozenset({Role.DIRECTOR})
    assert registry.sections_for_role(Role.DIRECTOR) == [section]
    assert registry.sections_for_role(Role.SOCIAL_WORKER) == []


def test_todo_only_sections_are_not_on_the_meeting(test_registry):
    registry.register(_section("reunion", 100))
    registry.register(_section("siao", 200, meeting=False))
    assert [section.code for section in registry.meeting_sections()] == ["reunion"]


@pytest.mark.django_db
def test_a_provider_may_return_dicts(test_registry, operator):
    household = HouseholdFactory(organisation=operator)
    section = registry.Section(
        code="dicts",
        title="Dicts",
        position=1,
        provider=lambda organisation_id, on: [
            {"subject": household, "household_id": household.pk, "label": "Point", "due_on": on}
        ],
    )
    (item,) = section.items(operator.pk, date(2026, 11, 5))
    assert isinstance(item, registry.Item)
    assert item.due_on == date(2026, 11, 5)
    assert item.url is None


@pytest.mark.django_db
def test_an_item_url_is_none_when_its_page_does_not_exist(operator):
    household = HouseholdFactory(organisation=operator)
    item = registry.Item(household, household.pk, "Point", None, "www:no_such_page", (1,))
    assert item.url is None
    item = registry.Item(household, household.pk, "Point", None, "www:household_detail", (household.pk,))
    assert item.url == f"/menages/{household.pk}/"


def test_autodiscover_registers_the_sections_of_an_app_module(test_registry, monkeypatch):
    """Another app adds a section with a module `agenda_sections.py`, without touching the agenda."""
    module = types.ModuleType("clef.dwellings.agenda_sections")
    module.SECTIONS = [
        {
            "code": "captation",
            "title": "Captation",
            "position": 250,
            "provider": households_due,
            "roles": ["director"],
        }
    ]
    monkeypatch.setitem(sys.modules, "clef.dwellings.agenda_sections", module)
    registry.autodiscover()
    assert registry.get_section("captation").title == "Captation"


def test_the_registry_holds_the_built_in_sections_in_the_practice_order():
    codes = [section.code for section in registry.all_sections()]
    assert codes == sorted(codes, key=lambda code: registry.get_section(code).position)
    assert all(section.title and section.roles for section in registry.all_sections())
