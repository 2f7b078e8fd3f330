"""Retention of uploaded import files: deleted after IMPORT_FILE_RETENTION_DAYS, the job and its report kept."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clef.exchange.models import ImportJob
from clef.organisations.models import Role
from tests.exchange.test_import_export import VALID
from tests.exchange.test_web_import import upload, workbook
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def make_job(membership, *, days_old: int, status=ImportJob.Status.DONE) -> ImportJob:
    job = ImportJob(
        uploaded_by=membership.user,
        uploaded_from=membership.organisation,
        original_name="donnees.xlsx",
        status=status,
        counts={"logements": 2},
        problems=[
            {"severity": "avertissement", "file": "f", "line": 2, "column": "c", "value": "", "message": "m"}
        ],
    )
    job.file.save("donnees.xlsx", ContentFile(b"PK-contenu"), save=False)
    job.save()
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    job.refresh_from_db()
    return job


@pytest.fixture
def membership():
    return MembershipFactory(organisation=OrganisationFactory(), role=Role.DIRECTOR)


def test_dry_run_counts_and_deletes_nothing(membership, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 90
    old = make_job(membership, days_old=91)
    call_command("purge_imports", "--dry-run", stdout=(out := io.StringIO()))
    assert "1 à supprimer" in out.getvalue()
    old.refresh_from_db()
    assert old.file and default_storage.exists(old.file.name)


def test_old_finished_files_are_deleted_the_job_and_its_report_kept(membership, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 90
    old = make_job(membership, days_old=91)
    old_invalid = make_job(membership, days_old=400, status=ImportJob.Status.INVALID)
    recent = make_job(membership, days_old=89)
    running = make_job(membership, days_old=200, status=ImportJob.Status.RUNNING)
    old_name = old.file.name
    call_command("purge_imports", stdout=io.StringIO())
    for job in (old, old_invalid, recent, running):
        job.refresh_from_db()
    assert not old.file and not old_invalid.file and not default_storage.exists(old_name)
    assert old.status == ImportJob.Status.DONE and old.counts == {"logements": 2} and len(old.problems) == 1
    assert recent.file and default_storage.exists(recent.file.name)
    assert running.file and default_storage.exists(running.file.name)  # the worker still needs it


def test_delay_is_the_setting(membership, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 10
    job = make_job(membership, days_old=11)
    call_command("purge_imports", stdout=io.StringIO())
    job.refresh_from_db()
    assert not job.file


def test_import_pages_still_work_once_the_file_is_purged(client, settings):
    coordinator = MembershipFactory(
        organisation=OrganisationFactory(state=True, region_id="84"), role=Role.STATE_COORDINATOR
    )
    client.force_login(coordinator.user)
    broken = dict(VALID, logements=VALID["logements"].replace("T2,41.5", "T9,41.5"))
    upload(client, workbook(broken))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=365))
    call_command("purge_imports", stdout=io.StringIO())
    job.refresh_from_db()
    assert not job.file and job.status == ImportJob.Status.INVALID
    detail = client.get(job.get_absolute_url())
    assert detail.status_code == 200 and "T9" in detail.content.decode()
    assert client.get(reverse("www:import_report", args=[job.pk])).status_code == 200
    assert client.get(reverse("www:import_status", args=[job.pk])).status_code == 200
