"""Hostile and careless files (issue 6 §1 and §2): overflowing numbers, dates out of range, huge and
control-character texts, row floods, decompression bombs, lying <dimension> tags, error floods. The files
are generated here."""

import io
import logging
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from clef.dwellings.models import Dwelling
from clef.exchange import jobs
from clef.exchange.models import ImportJob
from clef.exchange.reader import DatasetError, read_uploaded
from clef.stays.models import Stay
from tests.exchange.test_import_export import VALID, run, write
from tests.exchange.test_web_import import upload, workbook


def with_dwelling(old: str, new: str) -> dict[str, str]:
    assert old in VALID["logements"]
    return dict(VALID, logements=VALID["logements"].replace(old, new, 1))


def refused(report) -> list[tuple[str, int, str]]:
    return [(p.file, p.line, p.column) for p in report.errors]


HOSTILE_CELLS = [
    # (file, old, new, column): every value goes through the rule of the model field it goes into.
    ("logements", ",2,prive", ",9223372036854775807,prive", "places"),
    ("logements", ",2,prive", ",101,prive", "places"),
    ("logements", "41.5", "99999999999999999999", "surface_m2"),
    ("logements", ",480,", ",1e400,", "loyer_hc"),
    ("logements", "2022-01-01,,", "0001-01-01,,", "date_entree"),
    ("logements", "2022-06-01,2024-12-31", "2022-06-01,9999-12-31", "date_sortie"),
    ("logements", "1 rue A", "x" * 100_000, "adresse"),
    ("logements", "1 rue A", "1 rue\x00A", "adresse"),
    ("logements", "1 rue A", "1 rue\x0bA", "adresse"),
    ("logements", "L1,S1", "L" + "1" * 200 + ",S1", "logement_id"),
    ("structures", "S1,Habitat Test", "S1,Habitat\u202eTest", "nom"),
    ("sejours", "T3,M2,L1,2023-01-01", "T3,M2,L1,9999-12-31", "date_entree"),
    ("sejours", "1250.5", "123456789", "dette_sortie"),
    ("personnes", "1988-04-12", "1850-01-01", "date_naissance"),
    # The "not in the future" rule of exits and births, as in the forms and services.
    ("sejours", "2022-02-01,2023-01-01,mutation", "2022-02-01,2099-01-01,mutation", "date_sortie"),
    ("personnes", "1988-04-12", "2090-04-12", "date_naissance"),
    ("sejours", "T3,M2,L1,2023-01-01", "T3,M2,L1,2099-01-01", "date_entree"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("file", "old", "new", "column"), HOSTILE_CELLS)
def test_every_value_has_a_bound_checked_at_import(tmp_path, file, old, new, column):
    assert old in VALID[file]
    files = dict(VALID, **{file: VALID[file].replace(old, new, 1)})
    report = run(write(tmp_path / "d", files))
    assert not report.ok
    assert column in [c for _f, _l, c in refused(report)], [str(p) for p in report.errors]
    assert not Dwelling.objects.exists() and not Stay.objects.exists()
    for problem in report.problems:
        assert len(problem.value) <= 201  # a 100 000-character cell is not copied whole into the report


@pytest.mark.django_db
def test_after_a_refused_overflow_the_region_s_pages_still_answer(client, tmp_path):
    from clef.organisations.models import Role
    from tests.factories.organisations import MembershipFactory, OrganisationFactory

    run(write(tmp_path / "d", with_dwelling(",2,prive", ",9223372036854775807,prive")))
    membership = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    client.force_login(membership.user)
    assert client.get(reverse("www:bilan")).status_code == 200


def _sheet_xml_dimension(content: bytes, new_ref: str) -> bytes:
    """Rewrite the <dimension> tag of every sheet: a valid workbook that understates its size."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{new_ref}"/>'.encode(), data)
                if b"<dimension" not in data:
                    data = data.replace(b"<sheetData", f'<dimension ref="{new_ref}"/><sheetData'.encode(), 1)
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.django_db
def test_a_workbook_whose_dimension_tag_understates_its_rows_is_read_whole():
    content = _sheet_xml_dimension(workbook(VALID), "A1:A1")
    sheet = next(
        s for s in load_workbook(io.BytesIO(content), read_only=True).worksheets if s.title == "logements"
    )
    assert sheet.max_row == 1  # what a reader trusting the tag would see
    dataset = read_uploaded("donnees.xlsx", content)
    assert len(dataset.tables["logements"].rows) == 2
    assert len(dataset.tables["logements"].header) == 16


def test_a_file_over_the_row_limit_is_refused_while_reading(settings):
    settings.IMPORT_MAX_ROWS = 50
    header, row = VALID["logements"].splitlines()[:2]
    rows = "\n".join(row.replace("L1,", f"L{i},", 1) for i in range(60))
    with pytest.raises(DatasetError, match="plus de 50 lignes"):
        read_uploaded("logements.csv", f"{header}\n{rows}\n".encode())
    big = workbook(dict(VALID, logements=f"{header}\n{rows}\n"))
    with pytest.raises(DatasetError, match="plus de 50 lignes"):
        read_uploaded("donnees.xlsx", big)


def _bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * size)
    return buffer.getvalue()


def test_decompression_bombs_are_refused_before_opening(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1_000_000
    with pytest.raises(DatasetError, match="se décompresse en"):
        read_uploaded("bombe.xlsx", _bomb(2_000_000))  # over the size
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 500_000_000
    with pytest.raises(DatasetError, match="taux de compression"):
        read_uploaded("bombe.xlsx", _bomb(900_000))  # ~1000:1


def test_a_bomb_padded_with_incompressible_data_is_refused(settings):
    """The archive's overall ratio looks sane when random bytes pad it; the sheet's own ratio does not."""
    import os

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 20_000_000)
        archive.writestr("xl/media/padding.bin", os.urandom(150_000), compress_type=zipfile.ZIP_STORED)
    content = buffer.getvalue()
    assert 20_150_000 / len(content) < 200  # what a check on the totals alone would accept
    with pytest.raises(DatasetError, match="taux de compression"):
        read_uploaded("bombe.xlsx", content)


@pytest.mark.django_db
def test_a_bomb_uploaded_on_the_web_is_refused_at_once(client, settings):
    from clef.organisations.models import Role
    from tests.exchange.test_web_import import coordinator  # noqa: F401  (fixture below)
    from tests.factories.organisations import MembershipFactory, OrganisationFactory

    membership = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    client.force_login(membership.user)
    response = upload(client, _bomb(900_000))
    assert response.status_code == 400 and "taux de compression" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_inline_or_worker_is_decided_on_the_uncompressed_size(client, settings):
    from clef.organisations.models import Role
    from tests.factories.organisations import MembershipFactory, OrganisationFactory

    membership = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    client.force_login(membership.user)
    content = workbook(VALID)
    settings.IMPORT_INLINE_MAX_BYTES = len(content) + 1  # the zip is under the limit, its data is not
    upload(client, content)
    job = ImportJob.objects.get()
    assert job.status == "en_attente"  # queued for the worker, not run in the request


@pytest.mark.django_db
def test_an_error_flood_keeps_the_first_problems_and_counts_them_all(client, settings):
    from clef.organisations.models import Role
    from tests.factories.organisations import MembershipFactory, OrganisationFactory

    settings.IMPORT_MAX_PROBLEMS = 10
    membership = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    client.force_login(membership.user)
    header, row = VALID["logements"].splitlines()[:2]
    rows = "\n".join(row.replace("L1,", f"L{i},", 1).replace(",T2,", ",T9,") for i in range(30))
    upload(client, workbook(dict(VALID, logements=f"{header}\n{rows}\n")))
    job = ImportJob.objects.get()
    assert job.status == "erreurs"
    assert len(job.problems) == 10 and job.problems_total >= 30 and job.errors_total >= 30
    page = client.get(job.get_absolute_url()).content.decode()
    assert f"{job.problems_total} problèmes relevés au total" in page
    report = load_workbook(io.BytesIO(client.get(reverse("www:import_report", args=[job.pk])).content))
    assert report.active.max_row == 3 + 10  # title, total, header, the 10 kept problems


@pytest.mark.django_db
def test_a_failed_import_logs_no_cell_value(client, settings, caplog, monkeypatch):
    from clef.organisations.models import Role
    from tests.factories.organisations import MembershipFactory, OrganisationFactory

    membership = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    client.force_login(membership.user)

    class DataError(Exception):
        pass

    def failing(*args, **kwargs):
        raise DataError('COPY dwellings_dwelling, line 1, column address: "12 rue de Madame Dupont"')

    monkeypatch.setattr(jobs, "import_dataset", failing)
    with caplog.at_level(logging.DEBUG):
        upload(client, workbook(VALID))
    job = ImportJob.objects.get()
    assert job.status == "echec"
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "DataError" in logged and "Madame Dupont" not in logged
    assert "Madame Dupont" not in "\n".join(caplog.text.splitlines())


def test_logged_tracebacks_keep_frames_and_type_but_not_the_message():
    from clef.utils.logs import NoValuesFormatter

    try:
        raise ValueError('Key (address)=("12 rue de Madame Dupont") already exists.')
    except ValueError:
        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "Erreur", None, exc_info=__import__("sys").exc_info()
        )
    text = NoValuesFormatter("%(message)s").format(record)
    assert "ValueError" in text and "test_hostile_files.py" in text
    assert "Madame Dupont" not in text


@pytest.mark.django_db
def test_an_import_that_changes_a_household_gives_it_a_new_version(tmp_path):
    """Optimistic concurrency also covers imports: a form opened before the import is then refused."""
    from clef.households.models import Household

    run(write(tmp_path / "a", VALID))
    m1, m2 = Household.objects.get(external_id="M1"), Household.objects.get(external_id="M2")
    before = {m1.pk: m1.version, m2.pk: m2.version}
    changed = dict(VALID, menages=VALID["menages"].replace("M2,S1,personne_isolee", "M2,S1,autre"))
    changed["personnes"] = VALID["personnes"].replace("P2,M1,enfant,M", "P2,M1,enfant,F")
    assert run(write(tmp_path / "b", changed)).ok
    m1.refresh_from_db()
    m2.refresh_from_db()
    assert m1.version > before[m1.pk] and m2.version > before[m2.pk]
    after = {m1.pk: m1.version, m2.pk: m2.version}
    assert run(write(tmp_path / "c", changed)).ok  # the same data again changes nothing
    assert {h.pk: h.version for h in Household.objects.filter(pk__in=after)} == after


def test_formulas_saved_without_their_result_are_reported():
    """Found probing Clef: a formula written by a program (no cached result) was read as empty, silently."""
    from openpyxl import Workbook

    from clef.exchange.reader import read_uploaded

    workbook_ = Workbook()
    sheet = workbook_.active
    sheet.title = "logements"
    header, row = VALID["logements"].splitlines()[:2]
    sheet.append(header.split(","))
    cells = row.split(",")
    cells[3] = '=CONCAT("1 ", "rue A")'
    sheet.append(cells)
    buffer = io.BytesIO()
    workbook_.save(buffer)
    dataset = read_uploaded("donnees.xlsx", buffer.getvalue())
    assert any("formules jamais calculées" in p.message for p in dataset.problems)
    clean = read_uploaded("donnees.xlsx", workbook(VALID))
    assert not any("formules" in p.message for p in clean.problems)
