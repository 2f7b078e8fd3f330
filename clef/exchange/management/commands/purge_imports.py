"""Retention of uploaded import files (docs/rgpd.md, "Conservation des données")."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from clef.exchange.models import ImportJob

FINISHED = [ImportJob.Status.DONE, ImportJob.Status.INVALID, ImportJob.Status.FAILED]


@dataclass
class ImportPurge:
    deleted: int  # files deleted (or that would be, in a dry run)
    waiting: int  # old files kept because their import has not finished


def purge_import_files(*, now: datetime | None = None, dry_run: bool = False) -> ImportPurge:
    """Delete the stored file of every finished import uploaded more than IMPORT_FILE_RETENTION_DAYS ago.

    The job row stays with its report (status, counts, problems); only `file` is cleared. An import
    still waiting or running keeps its file (the worker needs it); it is purged once finished.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.IMPORT_FILE_RETENTION_DAYS)
    old = ImportJob.objects.filter(created_at__lt=cutoff).exclude(file="")
    waiting = old.exclude(status__in=FINISHED).count()
    jobs = list(old.filter(status__in=FINISHED).only("pk", "file"))
    if dry_run:
        return ImportPurge(deleted=len(jobs), waiting=waiting)
    for job in jobs:
        job.file.storage.delete(job.file.name)  # a file already gone is not an error
        ImportJob.objects.filter(pk=job.pk).update(file="")
    return ImportPurge(deleted=len(jobs), waiting=waiting)


class Command(BaseCommand):
    help = (
        "Supprime les fichiers déposés pour import depuis plus de IMPORT_FILE_RETENTION_DAYS jours "
        "(l'import et son rapport sont conservés). --dry-run : compte sans rien supprimer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="compter sans rien supprimer")

    def handle(self, *args, dry_run: bool, **options):
        result = purge_import_files(dry_run=dry_run)
        verb = "à supprimer" if dry_run else "supprimé(s)"
        self.stdout.write(
            f"Fichiers d'import déposés depuis plus de {settings.IMPORT_FILE_RETENTION_DAYS} jours : "
            f"{result.deleted} {verb}."
        )
        if result.waiting:
            self.stdout.write(f"{result.waiting} fichier(s) conservé(s) : import pas encore terminé.")
