"""Two rules of captation: the one phone rule (landlords, their contacts, the owners' desk) and the
managing-operator rule (an operator manages what it captates; a platform names an operator of its
territory). Naming an operator opens nothing to it (tests/www/captation/test_sharing_and_access_log.py)."""

import pytest
from django.core.exceptions import ValidationError

from clef.captation import rules
from clef.organisations.models import OrganisationKind
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "phone",
    [
        "06 12 34 56 78",
        "0612345678",
        "04.72.00.00.00",
        "04-72-00-00-00",
        "+33 6 12 34 56 78",
        "+41 22 123 45 67",
        "",
    ],
)
def test_phone_numbers_are_accepted(phone):
    rules.validate_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "0001-01-01",
        "-1",
        "12",
        "06 12 34 56",
        "06 12 34 56 78 9",
        "appeler",
        "+33 06 12 34 56 78",
        "00 12 34 56 78",
    ],
)
def test_other_text_is_not_a_phone_number(phone):
    with pytest.raises(ValidationError) as refused:
        rules.validate_phone(phone)
    assert refused.value.messages == [rules.PHONE_MESSAGE]


def _operator(*departments, **fields):
    operator = OrganisationFactory(**fields)
    operator.departments.set(departments)
    return operator


def test_an_operator_manages_what_it_captates_itself_only(operator):
    OrganisationFactory()
    assert list(rules.managing_operators(operator)) == [operator]
    rules.check_managing_operator(operator, operator)
    with pytest.raises(ValidationError) as refused:
        rules.check_managing_operator(operator, OrganisationFactory())
    assert "managing_operator" in refused.value.message_dict


def test_a_platform_names_an_active_operator_of_its_territory():
    platform = OrganisationFactory(kind=OrganisationKind.CAPTATION_PLATFORM)
    platform.territory_communes.set(["69383"])  # Lyon 3e, in the Rhône
    rhone = _operator("69", name="Rhône")
    _operator("69", name="Fermée", is_active=False)
    isere = _operator("38", name="Isère")
    assert list(rules.managing_operators(platform)) == [rhone]
    rules.check_managing_operator(platform, rhone)
    rules.check_managing_operator(platform, None)  # not chosen yet
    with pytest.raises(ValidationError):
        rules.check_managing_operator(platform, isere)


def test_a_platforms_departments_of_activity_count_too():
    platform = OrganisationFactory(kind=OrganisationKind.CAPTATION_PLATFORM)
    platform.departments.set(["38"])
    isere = _operator("38", "73")
    assert list(rules.managing_operators(platform)) == [isere]


def test_another_kind_of_organisation_names_no_operator():
    authority = OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY)
    _operator("69")
    assert not rules.managing_operators(authority).exists()
