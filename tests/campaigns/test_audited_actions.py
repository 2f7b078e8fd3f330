"""Every campaign write is one audited service function: exactly one journal entry, with the acting user,
the organisation it belongs to and readable labels (never codes)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.campaigns import services
from clef.campaigns.models import Campaign, Declaration
from clef.journal.models import JournalEntry
from clef.organisations.models import Role
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

DEADLINE = date(2099, 3, 31)


@pytest.fixture
def world():
    dreets = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    operator = OrganisationFactory(name="Toit (test)", head_office_department_id="69")
    silent = OrganisationFactory(name="Sans direction (test)", head_office_department_id="38")
    director = MembershipFactory(organisation=operator, role=Role.DIRECTOR, user__email="d@toit.test")
    return {"dreets": dreets, "operator": operator, "silent": silent, "director": director}


def open_campaign(world) -> Campaign:
    dreets = world["dreets"]
    return services.open_campaign(
        year=2024,
        deadline=DEADLINE,
        acting_user=dreets.user,
        organisation=dreets.organisation,
        region=dreets.organisation.region,
    )


def only_entry(**filters) -> JournalEntry:
    entries = list(JournalEntry.objects.filter(**filters))
    assert len(entries) == 1, entries
    return entries[0]


def test_opening_a_campaign_writes_one_entry_with_labels(world):
    campaign = open_campaign(world)
    entry = only_entry()
    assert (entry.action, entry.subject, entry.actor) == ("open", campaign, world["dreets"].user)
    assert entry.organisation == world["dreets"].organisation
    assert entry.object_label == f"Collecte 2024 — {campaign.region}"
    assert entry.changes == {
        "year": {"label": "année collectée", "old": None, "new": 2024},
        "region": {"label": "région", "old": None, "new": str(campaign.region)},
        "deadline": {"label": "date limite", "old": None, "new": "31/03/2099"},
        "declarations": {"label": "déclarations attendues", "old": None, "new": 2},
    }


def test_a_refused_opening_writes_nothing(world):
    open_campaign(world)
    with pytest.raises(ValidationError):
        open_campaign(world)
    assert JournalEntry.objects.count() == 1


def test_validating_a_declaration_writes_one_entry_in_the_operator_journal(world):
    open_campaign(world)
    declaration = Declaration.objects.get(organisation=world["operator"])
    before = JournalEntry.objects.count()
    services.freeze(declaration=declaration, acting_user=world["director"].user)
    entry = JournalEntry.objects.get(action="validate")
    assert JournalEntry.objects.count() == before + 1
    assert (entry.subject, entry.actor, entry.organisation) == (
        declaration,
        world["director"].user,
        world["operator"],
    )
    assert entry.changes == {
        "status": {"label": "état", "old": "À faire", "new": "Validée"},
        "version": {"label": "version", "old": None, "new": 1},
        "kind": {"label": "origine", "old": None, "new": "Validation dans Clef"},
    }


def test_reopening_writes_one_entry_with_the_coordinator_as_actor(world):
    open_campaign(world)
    declaration = Declaration.objects.get(organisation=world["operator"])
    services.freeze(declaration=declaration, acting_user=world["director"].user)
    services.reopen(declaration=declaration, acting_user=world["dreets"].user)
    entry = only_entry(action="reopen")
    assert (entry.actor, entry.organisation) == (world["dreets"].user, world["operator"])
    assert entry.changes == {"status": {"label": "état", "old": "Validée", "new": "À faire"}}
    assert Declaration.objects.get(pk=declaration.pk).status == Declaration.Status.TO_DO
    # Reopening what is already to do changes nothing and journals nothing.
    services.reopen(declaration=declaration, acting_user=world["dreets"].user)
    assert JournalEntry.objects.filter(action="reopen").count() == 1


def test_a_refused_file_writes_one_entry_and_a_second_refusal_none(world):
    open_campaign(world)
    declaration = Declaration.objects.get(organisation=world["operator"])
    assert services.file_refused(declaration=declaration, acting_user=world["director"].user)
    entry = only_entry(action="update")
    assert entry.changes == {"status": {"label": "état", "old": "À faire", "new": "Fichier refusé (erreurs)"}}
    assert entry.organisation == world["operator"] and entry.actor == world["director"].user
    assert not services.file_refused(declaration=declaration, acting_user=world["director"].user)
    assert JournalEntry.objects.filter(action="update").count() == 1


def test_reminders_write_one_entry_naming_the_structures(world):
    campaign = open_campaign(world)
    dreets = world["dreets"]
    reminders = services.send_reminders(
        campaign=campaign, acting_user=dreets.user, organisation=dreets.organisation
    )
    assert reminders.sent == 1
    entry = only_entry(action="remind")
    assert (entry.subject, entry.actor, entry.organisation) == (campaign, dreets.user, dreets.organisation)
    assert entry.changes == {
        "reminded": {"label": "structures relancées", "old": None, "new": "Toit (test)"},
        "without_director": {
            "label": "structures sans direction à qui écrire",
            "old": None,
            "new": "Sans direction (test)",
        },
    }


def test_reminders_that_could_not_be_sent_write_nothing(world, settings):
    campaign = open_campaign(world)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    dreets = world["dreets"]
    with pytest.raises(services.MailUnavailable):
        services.send_reminders(campaign=campaign, acting_user=dreets.user, organisation=dreets.organisation)
    assert not JournalEntry.objects.filter(action="remind").exists()


def test_journal_times_are_shown_in_paris(world, client):
    """The entry's time is stored in UTC and read in Europe/Paris on the journal page."""
    open_campaign(world)
    admin = MembershipFactory(
        organisation=OrganisationFactory(state=True, region_id=None), role=Role.PLATFORM_ADMIN
    )
    client.force_login(admin.user)
    entry = JournalEntry.objects.get()
    paris = timezone.localtime(entry.at)
    assert paris.utcoffset() in {timedelta(hours=1), timedelta(hours=2)}
    html = client.get("/journal/").content.decode()
    assert paris.strftime("%d/%m/%Y à %H:%M") in html
    assert "Ouverture — Collecte 2024" in html
