"""Web imports: the uploaded file becomes an ImportJob, processed in the request when its data is small,
by the background worker (django-tasks, database backend) otherwise. Progress and report live on the job.

A worker killed in the middle of an import leaves its transaction rolled back by the database, and its
job "en cours": `recover_stale_jobs` marks such jobs failed (no sign of life for IMPORT_STALE_MINUTES)
and updates the declaration they were for. It runs when a worker starts a task, when someone looks at an
import, and from `manage.py recover_imports`.
"""

from __future__ import annotations

import contextlib
import io
import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone
from django_tasks import task

from clef.exchange.importer import import_dataset
from clef.exchange.models import ImportJob
from clef.exchange.reader import DatasetError, Problem, read_uploaded, uncompressed_size
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.organisations.models import Membership
from clef.organisations.perms import can_import, oversight
from clef.utils.logs import frames_only
from clef.utils.spreadsheet import xlsx_row

logger = logging.getLogger(__name__)

TECHNICAL_FAILURE = (
    "erreur technique pendant l'import : rien n'a été enregistré. L'équipe de la plateforme est prévenue."
)
INTERRUPTED = (
    "l'import a été interrompu (le processus qui le traitait s'est arrêté) : rien n'a été enregistré. "
    "Déposez le fichier à nouveau."
)


def start(job: ImportJob) -> ImportJob:
    """Run now if the data is small once unzipped, else queue it for the worker (after commit)."""
    with job.file.open("rb") as handle:
        content = handle.read()
    try:
        size = uncompressed_size(job.original_name, content)
    except DatasetError as exc:
        _finish(job, ImportJob.Status.INVALID, [Problem.about_file(job.original_name, str(exc))], {})
        job.refresh_from_db()
        return job
    if size <= settings.IMPORT_INLINE_MAX_BYTES:
        process(job.pk)
        job.refresh_from_db()
        return job
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


@task()
def run_import(job_id: int) -> str:
    recover_stale_jobs()
    process(job_id)
    return ImportJob.objects.get(pk=job_id).status


def log_failure(message: str, job_id: int, exc: BaseException) -> None:
    """Where it failed (the traceback's frames) and what (the exception's type), never the exception's
    text: a database error quotes the values it refused (`COPY … column address: "…"`)."""
    logger.error("%s (import %s) : %s", message, job_id, frames_only((type(exc), exc, exc.__traceback__)))


def _uploader_oversight(job: ImportJob):
    """What the uploader oversees now (their rights may have changed since the upload)."""
    membership = (
        Membership.objects.filter(
            user=job.uploaded_by, organisation=job.uploaded_from, is_active=True, user__is_active=True
        )
        .select_related("organisation")
        .first()
    )
    if not can_import(membership):
        return None
    return oversight(membership)


def process(job_id: int) -> None:
    job = ImportJob.objects.select_related("organisation", "uploaded_by", "declaration").get(pk=job_id)
    if job.finished:
        return
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, step="Lecture du fichier", heartbeat_at=timezone.now()
    )
    last = {"t": 0.0}

    def progress(done: int, total: int, step: str) -> None:
        now = time.monotonic()
        if now - last["t"] > 0.5:  # at most two writes a second
            last["t"] = now
            ImportJob.objects.filter(pk=job.pk).update(
                progress_done=done, progress_total=total, step=step, heartbeat_at=timezone.now()
            )

    heartbeat = _Heartbeat(job.pk)
    heartbeat.start()
    try:
        _run(job, progress)
    finally:
        heartbeat.stop()


class _Heartbeat(threading.Thread):
    """Signs of life while a job runs, from a thread of its own (its own database connection): long steps
    (reading, validating, one big write) send no progress, and a live import must never look dead."""

    def __init__(self, job_id: int):
        super().__init__(name=f"import-{job_id}-heartbeat", daemon=True)
        self.job_id = job_id
        self.every = max(5.0, settings.IMPORT_STALE_MINUTES * 60 / 4)
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(self.every):
                with contextlib.suppress(DatabaseError):  # SQLite busy with the import's write: next time
                    ImportJob.objects.filter(pk=self.job_id, status=ImportJob.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()


def _run(job: ImportJob, progress) -> None:
    within = _uploader_oversight(job)
    if within is None:
        message = "vos droits ne permettent plus cet import (rôle ou organisation modifiés) : rien n'a été enregistré."
        _finish(job, ImportJob.Status.INVALID, [Problem.about_file(job.original_name, message)], {})
        return
    try:
        with job.file.open("rb") as handle:
            content = handle.read()
        dataset = read_uploaded(job.original_name, content)
        report = import_dataset(
            dataset,
            acting_user=job.uploaded_by,
            dry_run=job.dry_run,
            restrict_to=job.organisation,
            within=within,
            progress=progress,
        )
    except DatasetError as exc:
        if _finish(job, ImportJob.Status.INVALID, [Problem.about_file(job.original_name, str(exc))], {}):
            _follow_up(job)
        return
    except Exception as exc:
        log_failure("Import : échec technique", job.pk, exc)
        failure = [Problem.about_file(job.original_name, TECHNICAL_FAILURE)]
        if _finish(job, ImportJob.Status.FAILED, failure, {}):
            _follow_up(job)
        return
    status = ImportJob.Status.DONE if report.ok else ImportJob.Status.INVALID
    if _finish(job, status, report.problems, report.counts, report.total_problems, report.total_errors):
        _follow_up(job)


FollowUp = Callable[[ImportJob], None]
_FOLLOW_UPS: list[FollowUp] = []


def on_job_finished(follow_up: FollowUp) -> FollowUp:
    """Register what another application does once a job has its outcome (done, refused, failed or
    interrupted): the collection (clef.campaigns) validates or flags the declaration a file was for.

    Registered from that application's AppConfig.ready(): clef.exchange knows the format, not who uses
    it (clef.campaigns depends on clef.exchange, never the reverse)."""
    if follow_up not in _FOLLOW_UPS:
        _FOLLOW_UPS.append(follow_up)
    return follow_up


def _follow_up(job: ImportJob) -> None:
    if not _FOLLOW_UPS:
        return
    job = ImportJob.objects.select_related("declaration", "uploaded_by").get(pk=job.pk)
    for follow_up in _FOLLOW_UPS:
        follow_up(job)


@transaction.atomic
def _finish(
    job: ImportJob,
    status: str,
    problems: list[Problem],
    counts: dict,
    total: int | None = None,
    errors: int | None = None,
) -> bool:
    """Record the outcome, unless the job was meanwhile declared dead (then it stays as it is)."""
    updated = ImportJob.objects.filter(
        pk=job.pk, status__in=[ImportJob.Status.PENDING, ImportJob.Status.RUNNING]
    ).update(
        status=status,
        step="Terminé",
        counts=counts,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
        problems_total=len(problems) if total is None else total,
        errors_total=sum(p.severity == "erreur" for p in problems) if errors is None else errors,
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
    if not updated:
        logger.warning("Import %s : résultat ignoré, l'import avait été déclaré interrompu.", job.pk)
    else:
        _journal_outcome(job, status, counts)
    return bool(updated)


def _journal_outcome(job: ImportJob, status: str, counts: dict) -> None:
    """One journal entry per import job (in the same transaction as its outcome): who imported which file,
    for which structure, with what result. The imported records have their own entries."""
    written = " ; ".join(
        f"{name} : {c.get('créés', 0)} créé(s), {c.get('modifiés', 0)} modifié(s)"
        for name, c in counts.items()
    )
    journal.record_action(
        acting_user=job.uploaded_by,
        organisation_id=job.organisation_id or job.uploaded_from_id,
        subject=job,
        action=JournalEntry.Action.IMPORT,
        label="import au format d'échange",
        changes={
            "file": journal.change("fichier", new=job.original_name),
            "status": journal.change("résultat", new=str(ImportJob.Status(status).label)),
            "dry_run": journal.change("vérification seule", new="oui" if job.dry_run else "non"),
            "counts": journal.change("enregistrements", new=written or None),
        },
    )


def recover_stale_jobs(*, now=None) -> int:
    """Mark failed the jobs left running (or queued) by a process that died; returns how many."""
    now = now or timezone.now()
    limit = now - timedelta(minutes=settings.IMPORT_STALE_MINUTES)
    stale = ImportJob.objects.filter(
        status=ImportJob.Status.RUNNING, heartbeat_at__lt=limit
    ) | ImportJob.objects.filter(
        status=ImportJob.Status.RUNNING, heartbeat_at__isnull=True, created_at__lt=limit
    )
    recovered = 0
    for job in stale.select_related("declaration", "uploaded_by"):
        updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
            status=ImportJob.Status.FAILED,
            step="Interrompu",
            finished_at=now,
            problems_total=1,
            errors_total=1,
            problems=[
                {
                    "file": job.original_name,
                    "line": None,
                    "column": "",
                    "value": "",
                    "message": INTERRUPTED,
                    "severity": "erreur",
                }
            ],
        )
        if updated:
            recovered += 1
            logger.warning(
                "Import %s interrompu (aucun signe de vie depuis %s) : marqué en échec.", job.pk, limit
            )
            job.refresh_from_db()
            _follow_up(job)
    return recovered


def report_xlsx(job: ImportJob) -> bytes:
    """The validation report, one row per problem kept, for the person who fixes the file."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "Rapport"
    sheet.append(xlsx_row(sheet, [f"Rapport d'import — {job.original_name} — {job.status_label}"]))
    sheet["A1"].font = Font(bold=True)
    if job.truncated:
        sheet.append(
            [
                f"{job.problems_total} problèmes au total ({job.errors_total} erreurs) : "
                f"les {len(job.problems)} premiers sont listés."
            ]
        )
    sheet.append(["Gravité", "Fichier", "Ligne", "Colonne", "Valeur", "Problème"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for p in job.problems:
        sheet.append(
            xlsx_row(sheet, [p["severity"], p["file"], p["line"], p["column"], p["value"], p["message"]])
        )
    for column, width in zip("ABCDEF", (12, 30, 8, 24, 24, 90), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
