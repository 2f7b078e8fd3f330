"""The operator's « À faire »: the requests a desk confided to it, to take in charge by their deadline."""

from datetime import timedelta

import pytest

from clef.agenda import sections as registry
from clef.guichet import services
from clef.organisations.models import Role
from tests.guichet.conftest import TODAY, submit

pytestmark = pytest.mark.django_db


def test_the_section_is_registered_for_the_captation_editors():
    section = registry.get_section("guichet_to_acknowledge")
    assert section.title == "Demandes du guichet à prendre en charge"
    assert section.roles == {Role.DIRECTOR, Role.CAPTATION_OFFICER} and not section.meeting
    assert section in registry.sections_for_role(Role.CAPTATION_OFFICER)


def test_the_operator_sees_its_confided_requests_soonest_first(
    desk, epci_rule, operators, django_assert_num_queries
):
    first, _ = submit(desk, today=TODAY - timedelta(days=20))  # rotation: A, B, C, then A again
    submit(desk)
    submit(desk)
    second, _ = submit(desk)
    section = registry.get_section("guichet_to_acknowledge")
    with django_assert_num_queries(1):
        items = section.items(operators[0].pk, TODAY)
    assert [item.subject for item in items] == [first, second]
    assert "délai dépassé" in items[0].label and "délai dépassé" not in items[1].label
    assert items[1].label.startswith(f"Demande n° {second.pk} (")
    assert second.first_name not in items[1].label and second.email not in items[1].label
    assert items[0].url == "/guichet/recues/"
    services.close(request=second, outcome="sans_suite", acting_user=desk.animator, today=TODAY)
    assert [item.subject for item in section.items(operators[0].pk, TODAY)] == [first]  # closed: gone
