"""Retention of household data: purge_households lists (dry run) then purges households past retention."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from clef.households.models import Household, HouseholdResource, Person
from clef.journal.models import AccessLogEntry, JournalEntry
from clef.journal.services import content_type_id
from clef.stays.management.commands.purge_households import retention_cutoff
from clef.stays.models import Stay
from tests.factories.accounts import UserFactory
from tests.factories.households import HouseholdFactory, PersonFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db

YEAR = timedelta(days=365)


@pytest.fixture
def journal_at():
    """Write journal and access-log rows dated in the past (inserts are all the journal allows)."""

    def write(model, ago: timedelta, **fields):
        field = model._meta.get_field("at")
        field.auto_now_add = False
        try:
            return model.objects.create(at=timezone.now() - ago, **fields)
        finally:
            field.auto_now_add = True

    return write


def make_household(organisation, journal_at, *, last_change_ago, exit_ago=None, open_stay=False):
    """A household last changed `last_change_ago` ago (row, journal), with a stay exited `exit_ago` ago
    (or still open), two members, a resource, its journal and an access-log row of the same age."""
    today = timezone.localdate()
    h = HouseholdFactory(organisation=organisation)
    PersonFactory(household=h, role="enfant", last_name="Enfantnom")
    HouseholdResource.objects.create(household=h, source="rsa")
    journal = {"organisation": organisation, "household_id": h.pk}
    journal_at(
        JournalEntry,
        last_change_ago,
        action="create",
        content_type_id=content_type_id(Household),
        object_id=h.pk,
        **journal,
    )
    if exit_ago is not None or open_stay:
        stay = StayFactory(
            household=h,
            entry_date=today - (exit_ago or YEAR) - 2 * YEAR,
            exit_date=None if open_stay else today - exit_ago,
            destination="" if open_stay else "parc_social",
        )
        Stay.objects.filter(pk=stay.pk).update(updated_at=timezone.now() - last_change_ago)
        journal_at(
            JournalEntry,
            last_change_ago,
            action="create",
            content_type_id=content_type_id(Stay),
            object_id=stay.pk,
            dwelling_id=stay.dwelling_id,
            **journal,
        )
    journal_at(AccessLogEntry, timedelta(0), user=UserFactory(), organisation=organisation, household_id=h.pk)
    Household.objects.filter(pk=h.pk).update(updated_at=timezone.now() - last_change_ago)
    return h


@pytest.fixture
def world(journal_at):
    a, b = OrganisationFactory(), OrganisationFactory()
    make = lambda org, **kw: make_household(org, journal_at, **kw)  # noqa: E731
    households = {
        # past retention (2 years by default)
        "old_exit": make(a, last_change_ago=3 * YEAR, exit_ago=3 * YEAR),
        "never_housed": make(a, last_change_ago=3 * YEAR),
        "old_b": make(b, last_change_ago=4 * YEAR, exit_ago=4 * YEAR),
        # kept
        "open_stay": make(a, last_change_ago=6 * YEAR, open_stay=True),
        "recent_exit": make(a, last_change_ago=3 * YEAR, exit_ago=YEAR + timedelta(days=35)),
        "recent_change": make(a, last_change_ago=YEAR, exit_ago=3 * YEAR),
        "recent_journal": make(a, last_change_ago=3 * YEAR, exit_ago=3 * YEAR),
    }
    # A member of "recent_journal" was edited last month: the journal says so (household row untouched).
    h = households["recent_journal"]
    journal_at(
        JournalEntry,
        timedelta(days=30),
        organisation=a,
        action="update",
        content_type_id=content_type_id(Person),
        object_id=h.members.first().pk,
        household_id=h.pk,
    )
    return {"a": a, "b": b, **households}


PURGED = {"old_exit", "never_housed", "old_b"}
KEPT = {"open_stay", "recent_exit", "recent_change", "recent_journal"}


def counts():
    return {
        model.__name__: model._base_manager.count()
        for model in (Household, Person, HouseholdResource, Stay, JournalEntry, AccessLogEntry)
    }


def run(*args) -> str:
    out = io.StringIO()
    call_command("purge_households", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_counts_and_ids_without_names_and_changes_nothing(world):
    before = counts()
    output = run()
    assert counts() == before
    assert "Simulation" in output and ": 3" in output
    for key in PURGED:
        assert f"{world[key].pk}" in output
    assert f"structure n° {world['a'].pk} : 2" in output and f"structure n° {world['b'].pk} : 1" in output
    person_names = Person.objects.values_list("first_name", "last_name")
    assert not any(first in output or last in output for first, last in person_names)
    assert run("--dry-run") == output


def test_apply_purges_exactly_the_households_past_retention_with_their_trail(world):
    purged_ids = {world[key].pk for key in PURGED}
    kept_ids = {world[key].pk for key in KEPT}
    purged_stays = set(Stay.objects.filter(household_id__in=purged_ids).values_list("pk", flat=True))
    output = run("--apply")
    assert "3 ménages" in output
    assert set(Household.objects.values_list("pk", flat=True)) == kept_ids
    assert not Person.objects.filter(household_id__in=purged_ids).exists()
    assert not HouseholdResource.objects.filter(household_id__in=purged_ids).exists()
    assert not Stay.objects.filter(household_id__in=purged_ids).exists()
    assert not JournalEntry.objects.filter(household_id__in=purged_ids).exists()
    assert not JournalEntry.objects.filter(content_type__model="stay", object_id__in=purged_stays).exists()
    assert not AccessLogEntry.objects.filter(household_id__in=purged_ids).exists()
    # The kept households keep everything.
    assert Stay.objects.filter(household_id__in=kept_ids).count() == 4
    assert AccessLogEntry.objects.filter(household_id__in=kept_ids).count() == 4
    assert Person.objects.filter(household_id__in=kept_ids).count() == 8
    # One anonymous entry per organisation, with the count and nothing that identifies a household.
    trace = {
        e.organisation_id: e for e in JournalEntry.objects.filter(actor=None, household_id=None, object_id=0)
    }
    assert set(trace) == {world["a"].pk, world["b"].pk}
    assert trace[world["a"].pk].object_label == "2 ménage(s) purgé(s)"
    assert trace[world["b"].pk].object_label == "1 ménage(s) purgé(s)"
    # A second run finds nothing more.
    assert "sans séjour en cours : 0" in run("--apply")


def test_a_household_with_an_open_stay_is_never_purged_whatever_its_age(world, settings):
    settings.HOUSEHOLD_RETENTION_YEARS = 1
    run("--apply")
    assert Household.objects.filter(pk=world["open_stay"].pk).exists()
    assert Stay.objects.filter(household=world["open_stay"], exit_date=None).exists()
    assert not Household.objects.filter(pk=world["recent_exit"].pk).exists()  # 1 year + : past 1 year


def test_the_delay_is_the_setting(world, settings):
    settings.HOUSEHOLD_RETENTION_YEARS = 5
    assert "sans séjour en cours : 0" in run("--apply")
    assert Household.objects.count() == 7


def test_apply_and_dry_run_cannot_be_combined():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run("--apply", "--dry-run")


def test_retention_cutoff_handles_29_february():
    assert retention_cutoff(date(2028, 2, 29), 2) == date(2026, 2, 28)
    assert retention_cutoff(date(2026, 11, 26), 2) == date(2024, 11, 26)
