"""Migration 0003: entries written before name their subject by a model-name string (`object_type`); the
migration gives each one its content type and keeps the journal append-only (triggers recreated)."""

import importlib

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.migrations.executor import MigrationExecutor

from clef.households.models import Household, Person
from clef.journal.maintenance import expected_triggers, installed_triggers
from clef.journal.models import JournalEntry
from clef.stays.models import Stay
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory
from tests.transactional import REGISTER_APPS

migration = importlib.import_module("clef.journal.migrations.0003_generic_subject")
BEFORE = [("journal", "0002_access_log_context_and_append_only")]


@pytest.mark.parametrize(
    ("object_type", "key"),
    [
        ("household", ("households", "household")),
        ("person", ("households", "person")),
        ("stay", ("stays", "stay")),  # the stay moved to its own app in the same issue
        ("dwelling", ("dwellings", "dwelling")),
        ("organisation", ("organisations", "organisation")),
    ],
)
def test_every_model_name_written_before_has_its_content_type(object_type, key):
    assert migration.content_type_key(object_type) == key


def test_an_unknown_model_name_stops_the_migration_instead_of_guessing():
    with pytest.raises(ValueError, match="inconnu"):
        migration.content_type_key("x")


@pytest.fixture
def every_app():
    """The migration loader needs every app; the test still flushes only REGISTER_APPS' tables (the
    reference data of territories and exit schemes stays for the next tests)."""
    available = apps.app_configs
    apps.unset_available_apps()
    yield
    apps.set_available_apps([config.name for config in available.values()])


@pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)
def test_old_entries_get_their_content_type_and_the_journal_stays_append_only(every_app):
    organisation, user = OrganisationFactory(), UserFactory()
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("journal")
    executor.migrate(BEFORE)
    try:
        old = (
            MigrationExecutor(connection)
            .loader.project_state(BEFORE[0])
            .apps.get_model("journal", "JournalEntry")
        )
        for object_type, object_id in (("household", 11), ("stay", 12), ("person", 13)):
            old.objects.create(
                organisation_id=organisation.pk,
                actor_id=user.pk,
                action="create",
                object_type=object_type,
                object_id=object_id,
                household_id=11,
            )
    finally:
        MigrationExecutor(connection).migrate(latest)
    subjects = dict(JournalEntry.objects.values_list("object_id", "content_type_id"))
    assert subjects == {
        11: ContentType.objects.get_for_model(Household).pk,
        12: ContentType.objects.get_for_model(Stay).pk,
        13: ContentType.objects.get_for_model(Person).pk,
    }
    assert JournalEntry.objects.get(object_id=12).object_type == "stay"
    assert expected_triggers(connection.vendor) <= installed_triggers(DEFAULT_DB_ALIAS)
