"""PDF reports drawn by the background worker with progress, like imports (issue 7 §7): the person asks
from the bilan page, follows the progress, downloads the file; nobody else opens it (404)."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clef.bilan import jobs
from clef.bilan.models import ReportJob
from clef.organisations.models import Membership, Role
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory
from tests.transactional import REGISTER_APPS

WORKER = ["--batch", "--no-startup-delay", "--max-tasks", "5"]


def _region():
    operator = OrganisationFactory(name="Toit Partagé du Rhône", head_office_department_id="69")
    for n in range(6):
        StayFactory(household__organisation=operator, entry_date=date(2023, 1 + n, 1))
    return operator


@pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)
def test_coordinator_asks_follows_and_downloads_a_report_drawn_by_the_worker(client):
    _region()
    membership = MembershipFactory(
        organisation=OrganisationFactory(state=True, region_id="84"), role=Role.STATE_COORDINATOR
    )
    client.force_login(membership.user)
    page = client.get(reverse("www:bilan"), {"annee": 2024}).content.decode()
    assert f'action="{reverse("www:bilan_report_new")}"' in page and "Préparer le rapport PDF" in page

    response = client.post(reverse("www:bilan_report_new"), {"annee": 2024, "perimetre": "departement:69"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("www:bilan_report", args=[job.pk])
    assert (job.status, job.perimeter_name, job.diffusion) == ("en_attente", "Rhône (69)", True)
    status = client.get(reverse("www:bilan_report_status", args=[job.pk])).json()
    assert status == {
        "status": "en_attente",
        "label": "En attente",
        "percent": 0,
        "step": "",
        "finished": False,
    }
    waiting = client.get(job.get_absolute_url()).content.decode()
    assert "data-job-status" in waiting and "Télécharger le rapport" not in waiting
    assert client.get(reverse("www:bilan_report_download", args=[job.pk])).status_code == 404  # not ready

    call_command("db_worker", *WORKER, verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.percent, job.step) == ("pret", 100, "Terminé")
    assert client.get(reverse("www:bilan_report_status", args=[job.pk])).json()["finished"] is True
    assert "Télécharger le rapport (PDF)" in client.get(job.get_absolute_url()).content.decode()
    download = client.get(reverse("www:bilan_report_download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert 'filename="bilan-iml-2024-rhone-69.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_a_report_belongs_to_its_requester_and_organisation(client):
    operator = _region()
    owner = MembershipFactory(organisation=operator, role=Role.DIRECTOR)
    client.force_login(owner.user)
    client.post(reverse("www:bilan_report_new"), {"annee": 2024, "perimetre": ""})
    job = ReportJob.objects.get()
    assert (job.organisation, job.diffusion, job.perimeter_name) == (operator, False, "Toit Partagé du Rhône")
    urls = [
        job.get_absolute_url(),
        reverse("www:bilan_report_status", args=[job.pk]),
        reverse("www:bilan_report_download", args=[job.pk]),
    ]
    assert client.get(urls[0]).status_code == 200
    # A colleague of the same structure, a member of another structure: 404, as if it did not exist.
    for other in (
        MembershipFactory(organisation=operator, role=Role.DIRECTOR),
        MembershipFactory(organisation=OrganisationFactory(), role=Role.DIRECTOR),
    ):
        client.force_login(other.user)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    # The requester, now acting for another organisation: 404 too.
    elsewhere = MembershipFactory(user=owner.user, organisation=OrganisationFactory(), role=Role.DIRECTOR)
    Membership.objects.filter(pk=owner.pk).update(is_active=False)
    client.force_login(elsewhere.user)
    assert client.get(urls[0]).status_code == 404


@pytest.mark.django_db
def test_hostile_requests_answer_404_and_the_siao_403(client):
    coordinator = MembershipFactory(
        organisation=OrganisationFactory(state=True, region_id="84"), role=Role.STATE_COORDINATOR
    )
    client.force_login(coordinator.user)
    url = reverse("www:bilan_report_new")
    assert client.post(url, {"annee": 2024, "perimetre": "region:11"}).status_code == 404
    assert client.post(url, {"annee": "abc"}).status_code == 404
    assert client.post(url, {"annee": 2024, "perimetre": "x" * 5000}).status_code == 404
    assert client.get(url).status_code == 405
    assert not ReportJob.objects.exists()
    client.force_login(
        MembershipFactory(organisation=OrganisationFactory(siao=True), role=Role.SIAO_AGENT).user
    )
    assert client.post(url, {"annee": 2024}).status_code == 403


@pytest.mark.django_db
def test_the_worker_refuses_a_report_the_requester_may_no_longer_see(client):
    operator = _region()
    membership = MembershipFactory(organisation=operator, role=Role.DIRECTOR)
    client.force_login(membership.user)
    client.post(reverse("www:bilan_report_new"), {"annee": 2024})
    job = ReportJob.objects.get()
    Membership.objects.filter(pk=membership.pk).update(role=Role.SIAO_AGENT)
    jobs.process(job.pk)
    job.refresh_from_db()
    assert (job.status, job.message, bool(job.file)) == ("echec", jobs.NO_LONGER_ALLOWED, False)


@pytest.mark.django_db
def test_a_report_left_running_by_a_dead_worker_is_marked_failed():
    operator = _region()
    membership = MembershipFactory(organisation=operator, role=Role.DIRECTOR)
    long_ago = timezone.now() - timedelta(minutes=jobs.REPORT_STALE_MINUTES + 1)
    job = ReportJob.objects.create(
        requested_by=membership.user,
        organisation=operator,
        year=2024,
        status=ReportJob.Status.RUNNING,
        heartbeat_at=long_ago,
    )
    alive = ReportJob.objects.create(
        requested_by=membership.user,
        organisation=operator,
        year=2024,
        status=ReportJob.Status.RUNNING,
        heartbeat_at=timezone.now(),
    )
    assert jobs.recover_stale_jobs() == 1
    job.refresh_from_db()
    alive.refresh_from_db()
    assert (job.status, job.message) == ("echec", jobs.INTERRUPTED)
    assert alive.status == "en_cours"


@pytest.mark.django_db
def test_the_old_pdf_export_link_leads_to_the_report_button(client):
    membership = MembershipFactory(organisation=_region(), role=Role.DIRECTOR)
    client.force_login(membership.user)
    response = client.get(reverse("www:bilan_export"), {"annee": 2024, "format": "pdf"})
    assert response.status_code == 302 and response.url == "/bilan/?annee=2024&perimetre=#exporter"


@pytest.mark.django_db
def test_query_counts_of_the_report_pages(client, django_assert_num_queries):
    membership = MembershipFactory(organisation=_region(), role=Role.DIRECTOR)
    client.force_login(membership.user)
    client.post(reverse("www:bilan_report_new"), {"annee": 2024})
    job = ReportJob.objects.get()
    # Session, user, membership, stale jobs recovered (one UPDATE), the job, organisation menu.
    with django_assert_num_queries(6):
        assert client.get(job.get_absolute_url()).status_code == 200
    with django_assert_num_queries(4):  # session, user, membership, the job
        assert client.get(reverse("www:bilan_report_status", args=[job.pk])).status_code == 200
