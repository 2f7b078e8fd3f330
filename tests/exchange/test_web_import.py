"""Web import: inline for small files, the django-tasks database worker for large ones."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from clef.dwellings.models import Dwelling
from clef.exchange.exporter import collect, workbook_bytes
from clef.exchange.models import ImportJob
from clef.organisations.models import Organisation, Role
from tests.exchange.test_import_export import VALID
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.transactional import REGISTER_APPS as WORKER_APPS


def workbook(files: dict[str, str]) -> bytes:
    import csv

    rows = {name: list(csv.reader(io.StringIO(text)))[1:] for name, text in files.items()}
    return workbook_bytes(rows)


@pytest.fixture
def coordinator(client, db):
    membership = MembershipFactory(
        organisation=OrganisationFactory(state=True, region_id="84"), role=Role.STATE_COORDINATOR
    )
    client.force_login(membership.user)
    return membership


def upload(client, content: bytes, name="donnees.xlsx", **data):
    return client.post(reverse("www:import_new"), {"file": SimpleUploadedFile(name, content), **data})


@pytest.mark.django_db
def test_coordinator_imports_a_workbook_inline_and_sees_the_counts(client, coordinator):
    response = upload(client, workbook(VALID))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == "reussi" and job.counts["logements"]["créés"] == 2
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Import réussi" in page and "logements : 2 créé(s)" in page
    assert Organisation.objects.filter(external_id="S1").exists()


@pytest.mark.django_db
def test_errors_are_listed_with_an_excel_report_and_nothing_is_written(client, coordinator):
    bad = dict(VALID, logements=VALID["logements"].replace("T2,41.5", "T9,41.5"))
    upload(client, workbook(bad))
    job = ImportJob.objects.get()
    assert job.status == "erreurs"
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Rien n&#x27;a été enregistré" in page or "Rien n'a été enregistré" in page
    assert "donnees.xlsx › logements" in page and "T9" in page
    report = client.get(reverse("www:import_report", args=[job.pk]))
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(report.content)).active.iter_rows(min_row=3, values_only=True))
    assert rows[0][:5] == ("erreur", "donnees.xlsx › logements", 2, "typologie", "T9")
    assert not Dwelling.objects.exists()
    assert client.get(reverse("www:import_status", args=[job.pk])).json()["finished"] is True


@pytest.mark.django_db(transaction=True, available_apps=WORKER_APPS)
def test_large_files_go_to_the_database_worker_with_progress(client, settings):
    membership = MembershipFactory(
        organisation=OrganisationFactory(state=True, region_id="84"), role=Role.STATE_COORDINATOR
    )
    client.force_login(membership.user)
    settings.IMPORT_INLINE_MAX_BYTES = 0
    upload(client, workbook(VALID))
    job = ImportJob.objects.get()
    assert job.status == "en_attente"
    state = client.get(reverse("www:import_status", args=[job.pk])).json()
    assert state == {
        "status": "en_attente",
        "label": "En attente",
        "percent": 0,
        "step": "",
        "finished": False,
    }
    call_command("db_worker", "--batch", "--no-startup-delay", "--max-tasks", "5", verbosity=0)
    job.refresh_from_db()
    assert job.status == "reussi" and job.percent == 100
    assert Dwelling.objects.count() == 2


@pytest.mark.django_db
def test_an_operator_imports_only_its_own_structure(client, db):
    operator = OrganisationFactory(external_id="S1")
    membership = MembershipFactory(organisation=operator, role=Role.DIRECTOR)
    client.force_login(membership.user)
    assert "<strong>S1</strong>" in client.get(reverse("www:import_new")).content.decode()
    upload(client, workbook(VALID))
    assert ImportJob.objects.get().status == "reussi"
    other = dict(
        VALID,
        structures=VALID["structures"].replace("S1,", "S2,"),
        logements=VALID["logements"].replace(",S1,", ",S2,"),
        menages=VALID["menages"].replace(",S1,", ",S2,"),
    )
    upload(client, workbook(other))
    assert ImportJob.objects.order_by("-pk").first().status == "erreurs"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.READ_ONLY])
def test_other_operator_roles_cannot_import(client, role):
    client.force_login(MembershipFactory(role=role).user)
    assert client.get(reverse("www:import_new")).status_code == 403


@pytest.mark.django_db
def test_wrong_file_type_is_refused_next_to_the_field(client, coordinator):
    response = upload(client, b"%PDF-1.4", name="bilan.pdf")
    assert response.status_code == 400
    assert "Déposez un classeur .xlsx ou un fichier .csv." in response.content.decode()
    response = upload(client, b"not a zip", name="casse.xlsx")
    assert response.status_code == 400
    assert "n'est pas un classeur Excel lisible" in html.unescape(response.content.decode())
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_someone_else_s_import_is_404(client, coordinator):
    job_owner = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    job = ImportJob.objects.create(
        uploaded_by=job_owner.user,
        uploaded_from=job_owner.organisation,
        file=SimpleUploadedFile("x.csv", b"a"),
        original_name="x.csv",
    )
    assert client.get(job.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_operator_downloads_its_data_in_the_exchange_format(client):
    operator = OrganisationFactory(external_id="S9")
    client.force_login(MembershipFactory(organisation=operator, role=Role.READ_ONLY).user)
    response = client.get(reverse("www:export_own"))
    from openpyxl import load_workbook

    sheets = load_workbook(io.BytesIO(response.content)).sheetnames
    assert sheets == [
        "structures",
        "logements",
        "menages",
        "personnes",
        "sejours",
        "choix_entrees",
        "echeances",
        "bilans_sortie",
        "sollicitations",
        "impayes",
        "subventions",
    ]
    assert collect([operator])["structures"][0][0] == "S9"
