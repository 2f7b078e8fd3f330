"""PDF reports of the bilan drawn by the background worker (django-tasks, database backend), like web
imports (`clef.exchange.jobs`): the person asks, the page shows the progress, the file is downloaded.

The worker checks again, when it starts, that the requester still sees that perimeter (rights may have
changed since the request). A worker killed while drawing leaves its job « en préparation »:
`recover_stale_jobs` marks it failed after REPORT_STALE_MINUTES without a sign of life."""

from __future__ import annotations

import contextlib
import logging
import threading
from datetime import timedelta
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import DatabaseError, connections, transaction
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from clef.bilan import pdf
from clef.bilan.access import BilanScope, scope_for
from clef.bilan.models import ReportJob
from clef.organisations.models import Membership
from clef.utils.logs import frames_only

logger = logging.getLogger(__name__)

REPORT_STALE_MINUTES = 10
HEARTBEAT_SECONDS = 30
NO_LONGER_ALLOWED = "Vos droits ne permettent plus ce rapport (rôle ou organisation modifiés)."
TECHNICAL_FAILURE = (
    "Erreur technique pendant la préparation du rapport. L'équipe de la plateforme est prévenue."
)
INTERRUPTED = (
    "La préparation a été interrompue (le processus qui la menait s'est arrêté). Demandez-le à nouveau."
)


def start(job: ReportJob) -> ReportJob:
    """Queue the job for the worker once the request's transaction is committed."""
    transaction.on_commit(lambda: render_report.enqueue(job.pk))
    return job


@task()
def render_report(job_id: int) -> str:
    recover_stale_jobs()
    process(job_id)
    return ReportJob.objects.get(pk=job_id).status


def requester_scope(job: ReportJob) -> BilanScope | None:
    """What the requester may see now, from the organisation they asked from; None if nothing."""
    membership = (
        Membership.objects.filter(
            user=job.requested_by, organisation=job.organisation, is_active=True, user__is_active=True
        )
        .select_related("organisation", "organisation__head_office_department", "organisation__region")
        .first()
    )
    if membership is None:
        return None
    try:
        return scope_for(SimpleNamespace(membership=membership), job.perimeter or None)
    except (PermissionDenied, Http404):
        return None


def _update(job_id: int, **fields) -> int:
    return ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
        heartbeat_at=timezone.now(), **fields
    )


def process(job_id: int) -> None:
    job = ReportJob.objects.select_related("requested_by", "organisation").get(pk=job_id)
    if job.finished:
        return
    started = ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.PENDING).update(
        status=ReportJob.Status.RUNNING,
        step="Vérification des droits",
        percent=1,
        heartbeat_at=timezone.now(),
    )
    if not started:
        return
    scope = requester_scope(job)
    if scope is None:
        _finish(job.pk, ReportJob.Status.FAILED, NO_LONGER_ALLOWED)
        return
    heartbeat = _Heartbeat(job.pk)
    heartbeat.start()
    try:
        content = render_for_scope(
            job.year,
            scope,
            diffusion=job.diffusion,
            progress=lambda percent, step: _update(job.pk, percent=min(percent, 99), step=step),
        )
    except Exception as exc:
        logger.error(
            "Rapport PDF %s : échec technique : %s", job.pk, frames_only((type(exc), exc, exc.__traceback__))
        )
        _finish(job.pk, ReportJob.Status.FAILED, TECHNICAL_FAILURE)
        return
    finally:
        heartbeat.stop()
    job.file.save(job.filename, ContentFile(content), save=False)
    if not _finish(job.pk, ReportJob.Status.DONE, "", file=job.file.name):
        job.file.delete(save=False)  # declared dead meanwhile: its file is not offered


def render_for_scope(year: int, scope: BilanScope, *, diffusion: bool, progress=pdf._no_progress) -> bytes:
    """The report of the scope's perimeter, as its viewer may see it."""
    return pdf.render(year, scope.perimeter, diffusion=diffusion, progress=progress)


def _finish(job_id: int, status: str, message: str, **fields) -> bool:
    """Record the outcome, unless the job was meanwhile declared dead."""
    return bool(
        ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.RUNNING).update(
            status=status,
            step="Terminé" if status == ReportJob.Status.DONE else "Échec",
            percent=100,
            message=message,
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
            **fields,
        )
    )


class _Heartbeat(threading.Thread):
    """Signs of life from a thread of its own while WeasyPrint lays the report out (one long step)."""

    def __init__(self, job_id: int):
        super().__init__(name=f"bilan-report-{job_id}-heartbeat", daemon=True)
        self.job_id = job_id
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(HEARTBEAT_SECONDS):
                with contextlib.suppress(DatabaseError):
                    _update(self.job_id)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()


def recover_stale_jobs(*, now=None) -> int:
    """Mark failed the jobs left « en préparation » by a process that died; returns how many."""
    now = now or timezone.now()
    limit = now - timedelta(minutes=REPORT_STALE_MINUTES)
    return ReportJob.objects.filter(status=ReportJob.Status.RUNNING, heartbeat_at__lt=limit).update(
        status=ReportJob.Status.FAILED, step="Interrompu", percent=100, message=INTERRUPTED, finished_at=now
    )
