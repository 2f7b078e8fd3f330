"""One journal entry per import job (clef.exchange.jobs._finish): who imported which file, for which
structure, with what result; a check-only import is journaled as such."""

import pytest

from clef.exchange.models import ImportJob
from clef.journal.models import JournalEntry
from tests.exchange.test_import_export import VALID
from tests.exchange.test_web_import import coordinator, upload, workbook  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_an_import_job_writes_one_entry_with_its_outcome(client, coordinator):  # noqa: F811
    upload(client, workbook(VALID))
    job = ImportJob.objects.get()
    entry = JournalEntry.objects.get(action="import")
    assert (entry.subject, entry.actor) == (job, coordinator.user)
    assert entry.organisation_id == (job.organisation_id or coordinator.organisation_id)
    assert entry.changes["status"]["new"] == "Importé"
    assert entry.changes["dry_run"]["new"] == "non"
    assert "logements : 2 créé(s), 0 modifié(s)" in entry.changes["counts"]["new"]


def test_a_check_only_import_is_journaled_as_such(client, coordinator):  # noqa: F811
    upload(client, workbook(VALID), dry_run="on")
    entry = JournalEntry.objects.get(action="import")
    assert entry.changes["dry_run"]["new"] == "oui"
    assert JournalEntry.objects.count() == 1  # nothing else was written
