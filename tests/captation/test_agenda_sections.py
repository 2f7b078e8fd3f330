"""Captation in the agenda: next actions (« À faire » of directors and captation officers) and open
re-captation leads (monthly meeting); labels never name the landlord."""

from datetime import date

import pytest

from clef.agenda.sections import get_section, meeting_sections, sections_for_role
from clef.captation import services
from clef.organisations.models import Role
from tests.factories.captation import LeadFactory
from tests.factories.dwellings import DwellingFactory

pytestmark = pytest.mark.django_db


def test_sections_are_registered_for_the_captation_editors():
    codes = {s.code for s in sections_for_role(Role.CAPTATION_OFFICER)}
    assert {"captation_next_actions", "recaptation"} <= codes
    assert "captation_next_actions" not in {s.code for s in sections_for_role(Role.SOCIAL_WORKER)}
    meeting = {s.code for s in meeting_sections()}
    assert "recaptation" in meeting and "captation_next_actions" not in meeting


def test_next_action_items_name_the_lead_not_the_landlord(operator, django_assert_num_queries):
    lead = LeadFactory(
        landlord__organisation=operator,
        landlord__name="Secret",
        next_action="Rappeler",
        next_action_on=date(2026, 3, 1),
    )
    with django_assert_num_queries(1):
        [item] = get_section("captation_next_actions").items(operator.pk, date(2026, 3, 5))
    assert (
        item.label
        == f"Dossier n° {lead.pk} (T2, Lyon 3e Arrondissement) : Rappeler, le 01/03/2026 (en retard)"
    )
    assert (
        "Secret" not in item.label
        and item.household_id is None
        and item.url == f"/captation/dossiers/{lead.pk}/"
    )


def test_recaptation_items_say_why_the_dwelling_left(operator):
    dwelling = DwellingFactory(organisation=operator, out_of_park=True)
    lead = services.open_recaptation(
        dwelling=dwelling, landlord=None, reason="reprise_proprietaire", on=date(2023, 12, 31)
    )
    [item] = get_section("recaptation").items(operator.pk, date(2024, 1, 5))
    assert item.label == (
        f"Re-captation, dossier n° {lead.pk} (T2, Lyon 3e Arrondissement) : reprise par le propriétaire le "
        "31/12/2023 ; prochaine action : Recontacter le propriétaire, le 31/12/2023 (en retard)"
    )


def test_a_recaptation_lead_is_listed_in_one_section_only(operator):
    """Its next action is due, yet it is in « Re-captation » only, not also in the actions to carry out."""
    dwelling = DwellingFactory(organisation=operator, out_of_park=True)
    recaptation = services.open_recaptation(
        dwelling=dwelling, landlord=None, reason="reprise_proprietaire", on=date(2024, 1, 2)
    )
    other = LeadFactory(
        landlord__organisation=operator, next_action="Rappeler", next_action_on=date(2024, 1, 3)
    )
    on = date(2024, 1, 5)
    actions = [item.url for item in get_section("captation_next_actions").items(operator.pk, on)]
    recaptations = [item.url for item in get_section("recaptation").items(operator.pk, on)]
    assert actions == [f"/captation/dossiers/{other.pk}/"]
    assert recaptations == [f"/captation/dossiers/{recaptation.pk}/"]
