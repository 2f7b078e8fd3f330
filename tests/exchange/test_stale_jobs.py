"""A killed worker leaves its import "en cours" forever (issue 6 §2): jobs without sign of life are
marked failed, their declaration updated, and the import page says so."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clef.campaigns import services
from clef.campaigns.models import Declaration
from clef.exchange.jobs import recover_stale_jobs
from clef.exchange.models import ImportJob
from clef.organisations.models import Role
from tests.factories.organisations import MembershipFactory, OrganisationFactory


@pytest.fixture
def running(db):
    coordinator = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    operator = OrganisationFactory()
    campaign = services.open_campaign(
        year=2024,
        deadline=timezone.localdate() + timedelta(days=10),
        acting_user=coordinator.user,
        organisation=coordinator.organisation,
        region=coordinator.organisation.region,
    )
    declaration = campaign.declarations.get(organisation=operator)

    def make(minutes_ago: int) -> ImportJob:
        return ImportJob.objects.create(
            organisation=operator,
            uploaded_by=coordinator.user,
            uploaded_from=coordinator.organisation,
            file=SimpleUploadedFile("donnees.xlsx", b"x"),
            original_name="donnees.xlsx",
            status=ImportJob.Status.RUNNING,
            heartbeat_at=timezone.now() - timedelta(minutes=minutes_ago),
            declaration=declaration,
        )

    return {"coordinator": coordinator, "declaration": declaration, "make": make}


@pytest.mark.django_db
def test_a_job_without_sign_of_life_is_marked_failed_and_its_declaration_updated(running, settings):
    settings.IMPORT_STALE_MINUTES = 15
    dead, alive = running["make"](60), running["make"](2)
    assert recover_stale_jobs() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == ImportJob.Status.FAILED and "interrompu" in dead.problems[0]["message"]
    assert dead.finished_at is not None and dead.errors_total == 1
    assert alive.status == ImportJob.Status.RUNNING
    running["declaration"].refresh_from_db()
    assert running["declaration"].status == Declaration.Status.ERRORS
    assert recover_stale_jobs() == 0  # idempotent


@pytest.mark.django_db
def test_looking_at_the_import_recovers_it(client, running):
    dead = running["make"](60)
    client.force_login(running["coordinator"].user)
    state = client.get(reverse("www:import_status", args=[dead.pk])).json()
    assert state["finished"] and state["status"] == ImportJob.Status.FAILED


@pytest.mark.django_db
def test_the_recover_imports_command(running, capsys):
    running["make"](60)
    call_command("recover_imports")
    assert "1 import(s) interrompu(s)" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_job_declared_dead_keeps_its_status_when_the_old_process_finishes(running):
    """The review's case: a slow but live worker finishing after its job was declared dead must not turn
    it into "réussi" (nor touch its declaration twice)."""
    from clef.exchange.jobs import _finish

    dead = running["make"](60)
    recover_stale_jobs()
    assert _finish(dead, ImportJob.Status.DONE, [], {"logements": {"créés": 1}}) is False
    dead.refresh_from_db()
    assert dead.status == ImportJob.Status.FAILED and dead.counts == {}


def test_a_running_import_sends_signs_of_life_from_a_thread(settings, monkeypatch):
    """Long steps send no progress: a heartbeat thread keeps a live job from looking dead."""
    import threading

    from clef.exchange import jobs

    beats = []
    monkeypatch.setattr(
        jobs.ImportJob.objects,
        "filter",
        lambda **kw: type("Q", (), {"update": lambda self, **u: beats.append(u)})(),
    )
    heartbeat = jobs._Heartbeat(42)
    heartbeat.every = 0.05
    heartbeat.start()
    threading.Event().wait(0.3)
    heartbeat.stop()
    heartbeat.join(timeout=2)
    assert not heartbeat.is_alive() and len(beats) >= 2 and "heartbeat_at" in beats[0]
