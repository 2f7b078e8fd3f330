"""Web imports: the uploaded file becomes an ImportJob, processed in the request when small, by the
background worker (django-tasks, database backend) otherwise. Progress and report live on the job."""

from __future__ import annotations

import io
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from clef.exchange.importer import import_dataset
from clef.exchange.models import ImportJob
from clef.exchange.reader import DatasetError, Problem, read_uploaded

logger = logging.getLogger(__name__)


def start(job: ImportJob) -> ImportJob:
    """Run now if the file is small, else queue it for the worker (after the job row is committed)."""
    if job.file.size <= settings.IMPORT_INLINE_MAX_BYTES:
        process(job.pk)
        job.refresh_from_db()
        return job
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


@task()
def run_import(job_id: int) -> str:
    process(job_id)
    return ImportJob.objects.get(pk=job_id).status


def process(job_id: int) -> None:
    job = ImportJob.objects.select_related("organisation", "uploaded_by", "declaration").get(pk=job_id)
    if job.finished:
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, step="Lecture du fichier")
    last = {"t": 0.0}

    def progress(done: int, total: int, step: str) -> None:
        now = time.monotonic()
        if now - last["t"] > 0.5:  # at most two writes a second
            last["t"] = now
            ImportJob.objects.filter(pk=job.pk).update(progress_done=done, progress_total=total, step=step)

    try:
        with job.file.open("rb") as handle:
            content = handle.read()
        dataset = read_uploaded(job.original_name, content)
        report = import_dataset(
            dataset,
            acting_user=job.uploaded_by,
            dry_run=job.dry_run,
            restrict_to=job.organisation,
            progress=progress,
        )
    except DatasetError as exc:
        _finish(job, ImportJob.Status.INVALID, [Problem(job.original_name, None, "", "", str(exc))], {})
        return
    except Exception:
        # No personal data in the log: the job id and the exception type only.
        logger.exception("Import %s: échec technique", job.pk)
        _finish(
            job,
            ImportJob.Status.FAILED,
            [
                Problem(
                    job.original_name,
                    None,
                    "",
                    "",
                    "erreur technique pendant l'import : rien n'a été enregistré. L'équipe de la plateforme est "
                    "prévenue.",
                )
            ],
            {},
        )
        return
    status = ImportJob.Status.DONE if report.ok else ImportJob.Status.INVALID
    _finish(job, status, report.problems, report.counts)
    if job.declaration_id and not job.dry_run:
        from clef.campaigns.services import file_processed

        file_processed(job=ImportJob.objects.get(pk=job.pk))


def _finish(job: ImportJob, status: str, problems: list[Problem], counts: dict) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=status,
        step="Terminé",
        counts=counts,
        finished_at=timezone.now(),
        problems=[
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "value": p.value,
                "message": p.message,
                "severity": p.severity,
            }
            for p in problems
        ],
    )


def report_xlsx(job: ImportJob) -> bytes:
    """The validation report, one row per problem, for the person who fixes the file."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Rapport"
    sheet.append([f"Rapport d'import — {job.original_name} — {job.get_status_display()}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["Gravité", "Fichier", "Ligne", "Colonne", "Valeur", "Problème"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for p in job.problems:
        sheet.append([p["severity"], p["file"], p["line"], p["column"], p["value"], p["message"]])
    for column, width in zip("ABCDEF", (12, 30, 8, 24, 24, 90), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
