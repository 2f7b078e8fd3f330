from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from clef.agenda import sections as registry
from clef.agenda.models import AgendaItem, Meeting
from clef.agenda.services import prepare_meeting, record_decision
from clef.journal.models import JournalEntry
from clef.organisations.models import Role
from clef.utils.writes import StaleEditError
from tests.agenda.conftest import households_due
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory

ON = date(2026, 11, 5)


@pytest.fixture
def director(operator):
    return MembershipFactory(organisation=operator, role=Role.DIRECTOR).user


@pytest.fixture
def two_sections(test_registry):
    registry.register(registry.Section("second", "Seconde", 200, households_due))
    registry.register(registry.Section("first", "Première", 100, households_due))
    registry.register(registry.Section("siao", "SIAO", 300, households_due, meeting=False))


@pytest.mark.django_db
def test_preparing_a_meeting_snapshots_the_items_of_each_meeting_section(two_sections, operator, director):
    households = [HouseholdFactory(organisation=operator) for _ in range(2)]
    HouseholdFactory()  # another operator's
    meeting = prepare_meeting(organisation=operator, on=ON, acting_user=director)
    items = list(meeting.items.order_by("position"))
    assert [(i.section, i.household_id) for i in items] == [
        ("first", households[0].pk),
        ("first", households[1].pk),
        ("second", households[0].pk),
        ("second", households[1].pk),
    ]
    assert items[0].label == "Point test n° 0" and items[0].due_on == date(2026, 11, 30)
    assert items[0].get_absolute_url() == f"/menages/{households[0].pk}/"
    entry = JournalEntry.objects.get(object_id=meeting.pk, content_type__model="meeting")
    assert entry.action == JournalEntry.Action.CREATE and entry.organisation_id == operator.pk


@pytest.mark.django_db
def test_preparing_again_adds_new_items_and_keeps_decisions(two_sections, operator, director):
    first = HouseholdFactory(organisation=operator)
    meeting = prepare_meeting(organisation=operator, on=ON, acting_user=director)
    item = meeting.items.get(section="first")
    record_decision(item=item, text="Renouveler.", acting_user=director, expected_version=1)
    second = HouseholdFactory(organisation=operator)

    again = prepare_meeting(organisation=operator, on=ON, acting_user=director)

    assert again.pk == meeting.pk and Meeting.objects.count() == 1
    assert meeting.items.count() == 4
    assert meeting.items.get(pk=item.pk).decision == "Renouveler."
    assert set(meeting.items.filter(household_id=second.pk).values_list("section", flat=True)) == {
        "first",
        "second",
    }
    assert min(meeting.items.filter(household_id=second.pk).values_list("position", flat=True)) > max(
        meeting.items.filter(household_id=first.pk).values_list("position", flat=True)
    )
    update = JournalEntry.objects.get(object_id=meeting.pk, content_type__model="meeting", action="update")
    assert update.changes["items"]["new"] == "2"


@pytest.mark.django_db
def test_preparing_again_with_nothing_new_changes_nothing(two_sections, operator, director):
    HouseholdFactory(organisation=operator)
    meeting = prepare_meeting(organisation=operator, on=ON, acting_user=director)
    prepare_meeting(organisation=operator, on=ON, acting_user=director)
    assert meeting.items.count() == 2
    assert not JournalEntry.objects.filter(content_type__model="meeting", action="update").exists()


@pytest.mark.django_db
def test_an_item_no_longer_due_stays_on_a_prepared_meeting(two_sections, operator, director):
    household = HouseholdFactory(organisation=operator)
    meeting = prepare_meeting(organisation=operator, on=ON, acting_user=director)
    registry.unregister("second")
    prepare_meeting(organisation=operator, on=ON, acting_user=director)
    assert meeting.items.filter(household_id=household.pk).count() == 2


@pytest.mark.django_db
def test_one_meeting_per_organisation_and_day(operator):
    MeetingFactory(organisation=operator, held_on=ON)
    with pytest.raises(IntegrityError):
        MeetingFactory(organisation=operator, held_on=ON)


@pytest.mark.django_db
def test_recording_a_decision_is_journaled_on_the_household(operator, director):
    item = AgendaItemFactory(meeting__organisation=operator)
    saved = record_decision(
        item=item,
        text="  Renouveler pour six mois.\r\nRevoir en mai.  ",
        acting_user=director,
        expected_version=1,
    )
    assert saved.decision == "Renouveler pour six mois.\nRevoir en mai."
    assert saved.decided_by == director and saved.decided_at is not None and saved.version == 2
    entry = JournalEntry.objects.get(content_type__model="agendaitem", object_id=item.pk)
    assert entry.household_id == item.household_id and entry.organisation_id == operator.pk
    assert entry.changes["decision"]["new"] == "Renouveler pour six mois.\nRevoir en mai."


@pytest.mark.django_db
def test_a_decision_from_a_stale_form_is_refused(operator, director):
    item = AgendaItemFactory(meeting__organisation=operator)
    record_decision(item=item, text="Première décision.", acting_user=director, expected_version=1)
    with pytest.raises(StaleEditError):
        record_decision(item=item, text="Seconde décision.", acting_user=director, expected_version=1)
    assert AgendaItem.objects.get(pk=item.pk).decision == "Première décision."


@pytest.mark.django_db
def test_clearing_a_decision_clears_who_decided(operator, director):
    item = AgendaItemFactory(meeting__organisation=operator, decided=True)
    saved = record_decision(item=item, text="", acting_user=director, expected_version=item.version)
    assert (saved.decision, saved.decided_by, saved.decided_at) == ("", None, None)


@pytest.mark.django_db
def test_the_same_decision_again_writes_nothing(operator, director):
    item = AgendaItemFactory(meeting__organisation=operator)
    record_decision(item=item, text="Oui.", acting_user=director, expected_version=1)
    saved = record_decision(item=item, text="Oui.", acting_user=director, expected_version=2)
    assert saved.version == 2
    assert JournalEntry.objects.filter(content_type__model="agendaitem").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [("x" * 1001, "au plus 1000"), ("Décision\x07", "caractère de contrôle")],
)
def test_a_decision_too_long_or_with_a_control_character_is_refused(operator, director, text, message):
    item = AgendaItemFactory(meeting__organisation=operator)
    with pytest.raises(ValidationError, match=message):
        record_decision(item=item, text=text, acting_user=director, expected_version=1)
    assert AgendaItem.objects.get(pk=item.pk).decision == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"decision": "Oui."},  # a decision without its author and time
        {"decided_at": timezone.now()},  # a decision's time without a decision
        {"label": ""},
        {"due_on": date(1899, 12, 31)},
    ],
)
def test_the_database_refuses_an_inconsistent_item(operator, changes):
    item = AgendaItemFactory(meeting__organisation=operator)
    with pytest.raises(IntegrityError):
        AgendaItem.objects.filter(pk=item.pk).update(**changes)


@pytest.mark.django_db
def test_the_database_refuses_a_decision_over_1000_characters(operator, director):
    item = AgendaItemFactory(meeting__organisation=operator, decided=True)
    with pytest.raises(Exception) as error:  # IntegrityError (check), or DataError (varchar) on PostgreSQL
        AgendaItem.objects.filter(pk=item.pk).update(decision="x" * 1001)
    assert type(error.value).__name__ in {"IntegrityError", "DataError"}


@pytest.mark.django_db
def test_the_database_refuses_a_meeting_date_out_of_bounds(operator):
    with pytest.raises(IntegrityError):
        MeetingFactory(organisation=operator, held_on=date(2101, 1, 1))


@pytest.mark.django_db
def test_a_new_meeting_is_dated_within_a_year_of_today(operator, director, settings):
    """Regression: meetings could be prepared for 01/01/1900 or 01/01/2099 (the service checks it too)."""
    for day in (date(1900, 1, 1), date(2099, 1, 1), date(2027, 11, 29)):
        with pytest.raises(ValidationError, match="comprise entre le 26/11/2025 et le 28/11/2027"):
            prepare_meeting(organisation=operator, on=day, acting_user=director)
    assert prepare_meeting(organisation=operator, on=date(2027, 11, 28), acting_user=director).pk
    settings.CLEF_MEETING_DATE_WINDOW_DAYS = 30
    with pytest.raises(ValidationError, match="entre le 28/10/2026 et le 27/12/2026"):
        prepare_meeting(organisation=operator, on=date(2026, 12, 28), acting_user=director)
