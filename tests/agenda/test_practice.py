import pytest
from django.core.exceptions import ValidationError

from clef.agenda.services import PRACTICE_FIELDS, save_practice_settings
from clef.journal.models import JournalEntry
from clef.organisations.models import PracticeSettings, Role
from clef.organisations.practice import practice_for
from tests.factories.organisations import MembershipFactory


def _values(**changes):
    defaults = practice_for(0)
    return {name: getattr(defaults, name) for name in PRACTICE_FIELDS} | changes


@pytest.fixture
def director(operator):
    return MembershipFactory(organisation=operator, role=Role.DIRECTOR).user


@pytest.mark.django_db
def test_the_first_save_creates_the_settings_and_journals_them(operator, director):
    saved = save_practice_settings(
        organisation=operator, values=_values(meeting_every_months=2), acting_user=director
    )
    assert practice_for(operator).meeting_every_months == 2 and saved.pk
    entry = JournalEntry.objects.get(content_type__model="practicesettings")
    assert entry.action == JournalEntry.Action.CREATE and entry.organisation_id == operator.pk


@pytest.mark.django_db
def test_a_change_is_journaled_field_by_field(operator, director):
    first = save_practice_settings(organisation=operator, values=_values(), acting_user=director)
    save_practice_settings(
        organisation=operator,
        values=_values(joint_visit_every_months=3),
        acting_user=director,
        expected_updated_at=first.updated_at,
    )
    entry = JournalEntry.objects.get(content_type__model="practicesettings", action="update")
    assert set(entry.changes) == {"joint_visit_every_months"}
    assert entry.changes["joint_visit_every_months"] | {"label": ""} == {"label": "", "old": 6, "new": 3}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "value"),
    [("meeting_every_months", 0), ("meeting_every_months", 13), ("occupancy_term_months", 37)],
)
def test_values_out_of_bounds_are_refused(operator, director, name, value):
    with pytest.raises(ValidationError) as error:
        save_practice_settings(organisation=operator, values=_values(**{name: value}), acting_user=director)
    assert name in error.value.message_dict
    assert not PracticeSettings.objects.exists()


@pytest.mark.django_db
def test_settings_changed_since_the_form_was_shown_are_not_overwritten(operator, director):
    first = save_practice_settings(organisation=operator, values=_values(), acting_user=director)
    save_practice_settings(
        organisation=operator,
        values=_values(meeting_every_months=2),
        acting_user=director,
        expected_updated_at=first.updated_at,
    )
    with pytest.raises(ValidationError, match="modifiées depuis"):
        save_practice_settings(
            organisation=operator,
            values=_values(meeting_every_months=3),
            acting_user=director,
            expected_updated_at=first.updated_at,
        )
    assert practice_for(operator).meeting_every_months == 2
