"""The database refuses to change or delete journal and access-log rows, whatever the path."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, transaction

from clef.journal.checks import append_only_triggers
from clef.journal.maintenance import expected_triggers, installed_triggers, journal_maintenance
from clef.journal.models import AccessLogEntry, JournalEntry
from clef.journal.services import log_access
from clef.organisations.models import Organisation
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory
from tests.transactional import REGISTER_APPS


def make_entries():
    organisation, user = OrganisationFactory(), UserFactory()
    entry = JournalEntry.objects.create(
        organisation=organisation,
        actor=user,
        action="create",
        content_type=ContentType.objects.get_for_model(Organisation),
        object_id=1,
    )
    log_access(user=user, organisation_id=organisation.pk, context="fiche", household_ids=[1])
    return entry, AccessLogEntry.objects.get()


def refused(operation) -> bool:
    """True when the database refuses `operation` (in a savepoint, so the test can go on)."""
    try:
        with transaction.atomic():
            operation()
    except IntegrityError as error:
        assert "Le journal est en ajout seul" in str(error)
        return True
    return False


def raw(sql: str, params: list):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    return run


MODELS = [JournalEntry, AccessLogEntry]


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_base_manager_update_is_refused_by_the_database(model):
    entry = make_entries()[MODELS.index(model)]
    assert refused(lambda: model._base_manager.filter(pk=entry.pk).update(organisation=entry.organisation))


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_raw_delete_is_refused_by_the_database(model):
    entry = make_entries()[MODELS.index(model)]
    assert refused(lambda: model._base_manager.filter(pk=entry.pk)._raw_delete(DEFAULT_DB_ALIAS))
    assert model._base_manager.filter(pk=entry.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_raw_sql_update_and_delete_are_refused(model):
    entry = make_entries()[MODELS.index(model)]
    table = model._meta.db_table
    assert refused(raw(f"UPDATE {table} SET household_id = %s WHERE id = %s", [99, entry.pk]))
    assert refused(raw(f"DELETE FROM {table} WHERE id = %s", [entry.pk]))
    assert refused(raw(f"DELETE FROM {table}", []))
    assert model._base_manager.get(pk=entry.pk).household_id == entry.household_id


@pytest.mark.django_db
def test_truncate_is_refused_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE n'existe pas sur SQLite")
    make_entries()
    raw("SET CONSTRAINTS ALL IMMEDIATE", [])()  # no pending FK checks: TRUNCATE reaches the trigger
    for table in ("journal_journalentry", "journal_accesslogentry"):
        assert refused(raw(f"TRUNCATE {table} CASCADE", []))


@pytest.mark.django_db
def test_inserts_still_work():
    entry, access = make_entries()
    JournalEntry.objects.bulk_create(
        [
            JournalEntry(
                organisation=entry.organisation,
                content_type=ContentType.objects.get_for_model(Organisation),
                object_id=2,
            )
        ]
    )
    assert JournalEntry.objects.count() == 2 and AccessLogEntry.objects.count() == 1


@pytest.mark.django_db
def test_maintenance_allows_delete_only_inside_its_block_and_never_update():
    entry, access = make_entries()
    with journal_maintenance():
        assert refused(lambda: JournalEntry._base_manager.filter(pk=entry.pk).update(object_id=5))
        JournalEntry._base_manager.filter(pk=entry.pk)._raw_delete(DEFAULT_DB_ALIAS)
    assert not JournalEntry.objects.filter(pk=entry.pk).exists()
    assert refused(lambda: AccessLogEntry._base_manager.filter(pk=access.pk)._raw_delete(DEFAULT_DB_ALIAS))


@pytest.mark.django_db
def test_maintenance_flag_is_lowered_when_the_block_fails():
    entry, _ = make_entries()
    with pytest.raises(RuntimeError), journal_maintenance():
        raise RuntimeError
    assert refused(lambda: JournalEntry._base_manager.filter(pk=entry.pk)._raw_delete(DEFAULT_DB_ALIAS))


@pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)
def test_outside_any_transaction_the_flag_is_down_after_maintenance():
    # Autocommit: the maintenance block commits; the next statement must be refused again. The
    # flush after this test deletes the rows left (tests/journal/flush.py): a refused flush errors here.
    entry, access = make_entries()
    with journal_maintenance():
        AccessLogEntry._base_manager.filter(pk=access.pk)._raw_delete(DEFAULT_DB_ALIAS)
    assert refused(lambda: JournalEntry._base_manager.filter(pk=entry.pk)._raw_delete(DEFAULT_DB_ALIAS))
    make_entries()


@pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)
def test_the_test_flush_empties_the_journal_then_lowers_the_flag():
    assert not JournalEntry.objects.exists() and not AccessLogEntry.objects.exists()
    make_entries()
    tables = [JournalEntry._meta.db_table, AccessLogEntry._meta.db_table]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))
    assert not JournalEntry.objects.exists() and not AccessLogEntry.objects.exists()
    make_entries()
    assert refused(raw("DELETE FROM journal_journalentry", []))


@pytest.mark.django_db
def test_every_trigger_is_installed_and_the_database_check_passes():
    assert expected_triggers(connection.vendor) <= installed_triggers()
    assert append_only_triggers(databases=[DEFAULT_DB_ALIAS]) == []


@pytest.mark.django_db
def test_the_database_check_reports_a_missing_trigger():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER journal_journalentry_append_only ON journal_journalentry")
        else:
            cursor.execute("DROP TRIGGER journal_journalentry_no_delete")
    errors = append_only_triggers(databases=[DEFAULT_DB_ALIAS])
    assert [error.id for error in errors] == ["journal.E001"]
