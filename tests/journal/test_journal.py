import pytest
from django.contrib.contenttypes.models import ContentType

from clef.journal.models import AccessLogEntry, JournalEntry
from clef.organisations.models import Organisation
from clef.utils.models import AppendOnlyError
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory


@pytest.fixture
def entry(db):
    return JournalEntry.objects.create(
        organisation=OrganisationFactory(),
        actor=UserFactory(),
        action="create",
        content_type=ContentType.objects.get_for_model(Organisation),
        object_id=1,
        changes={},
    )


@pytest.mark.django_db
def test_journal_entries_cannot_be_changed_or_deleted(entry):
    entry.changes = {"x": 1}
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        JournalEntry.objects.filter(pk=entry.pk).update(action="delete")
    with pytest.raises(AppendOnlyError):
        JournalEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.changes == {}


@pytest.mark.django_db
def test_access_log_is_append_only_too():
    log = AccessLogEntry.objects.create(
        user=UserFactory(), organisation=OrganisationFactory(), household_id=3
    )
    with pytest.raises(AppendOnlyError):
        log.delete()
