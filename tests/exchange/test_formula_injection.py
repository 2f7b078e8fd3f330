"""Formula injection (OWASP CSV injection, issue 6 §2): every spreadsheet and CSV Clef writes neutralises
texts a spreadsheet program would run, and the exchange format's round trip stays lossless."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from clef.bilan import exports
from clef.dwellings.models import Dwelling
from clef.exchange.exporter import collect, workbook_bytes, write_folder
from clef.exchange.importer import import_dataset
from clef.exchange.models import ImportJob
from clef.exchange.reader import read_dataset, read_uploaded
from clef.organisations.models import Role
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory

PAYLOADS = [
    '=HYPERLINK("http://exemple.test","clic")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd",
    "'=déjà",
]


def _is_live_formula(cell) -> bool:
    return cell.data_type == "f"


@pytest.fixture
def hostile(db):
    operator = OrganisationFactory(name="=1+1 Structure", external_id="OPX")
    for index, payload in enumerate(PAYLOADS):
        DwellingFactory(organisation=operator, address=payload, external_id=f"L{index}")
    return operator


@pytest.mark.django_db
def test_exchange_csv_neutralises_formulas_and_reads_them_back_unchanged(tmp_path, hostile):
    write_folder(collect([hostile]), tmp_path / "export")
    text = (tmp_path / "export" / "logements.csv").read_text(encoding="utf-8")
    cells = [row[3] for row in csv.reader(io.StringIO(text))][1:]
    assert sorted(cells) == sorted("'" + p for p in PAYLOADS)  # every payload is escaped
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    structures = (tmp_path / "export" / "structures.csv").read_text(encoding="utf-8")
    assert "'=1+1 Structure" in structures
    # Read back: the values are the original ones (lossless round trip).
    dataset = read_dataset(tmp_path / "export")
    assert sorted(r["adresse"] for _line, r in dataset.tables["logements"].rows) == sorted(PAYLOADS)
    Dwelling.objects.all().delete()
    report = import_dataset(dataset)
    assert report.ok, [str(p) for p in report.errors]
    assert sorted(Dwelling.objects.values_list("address", flat=True)) == sorted(PAYLOADS)


@pytest.mark.django_db
def test_exchange_workbook_stores_formula_like_texts_as_text(hostile):
    content = workbook_bytes(collect([hostile]))
    sheet = load_workbook(io.BytesIO(content))["logements"]
    cells = [row[3] for row in sheet.iter_rows(min_row=2)]
    assert {c.value for c in cells} == set(PAYLOADS)
    assert not any(_is_live_formula(c) for c in cells)
    assert all(c.quotePrefix for c in cells)
    dataset = read_uploaded("export.xlsx", content)
    assert sorted(r["adresse"] for _line, r in dataset.tables["logements"].rows) == sorted(PAYLOADS)


@pytest.mark.django_db
def test_bilan_exports_neutralise_user_defined_labels():
    values = {"parc.logements": 3}
    labels = {"parc.logements": '=HYPERLINK("http://x")'}
    rows = [("Parc", labels["parc.logements"], "parc.logements", 3)]
    original = exports.rows
    exports.rows = lambda values, arrears_on=None: rows
    try:
        csv_text = exports.as_excel_csv(values).decode("utf-8-sig")
        open_data = exports.as_open_data_csv(2024, "-région", values).decode()
        sheet = load_workbook(io.BytesIO(exports.as_xlsx(2024, "@région", values))).worksheets[0]
    finally:
        exports.rows = original
    excel_rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    open_rows = list(csv.reader(io.StringIO(open_data)))
    assert excel_rows[1][1] == "'" + labels["parc.logements"]
    assert open_rows[1][1:4] == ["'-région", "parc.logements", "'" + labels["parc.logements"]]
    assert not any(_is_live_formula(c) for row in sheet.iter_rows() for c in row)
    assert sheet["A1"].value.endswith("@région")


@pytest.mark.django_db
def test_the_import_report_writes_cell_values_as_text(client, tmp_path):
    from tests.exchange.test_import_export import VALID
    from tests.exchange.test_web_import import upload, workbook

    membership = MembershipFactory(organisation=OrganisationFactory(state=True), role=Role.STATE_COORDINATOR)
    client.force_login(membership.user)
    upload(client, workbook(dict(VALID, logements=VALID["logements"].replace("T2,41.5", "=1+2,41.5"))))
    job = ImportJob.objects.get()
    report = load_workbook(io.BytesIO(client.get(reverse("www:import_report", args=[job.pk])).content)).active
    values = [c for row in report.iter_rows() for c in row if c.value == "=1+2"]
    assert values and not any(_is_live_formula(c) for c in values)


@pytest.mark.django_db
def test_control_characters_already_stored_do_not_break_the_export(client, operator):
    dwelling = DwellingFactory(organisation=operator)
    from django.db import connection

    nul = "" if connection.vendor == "postgresql" else "\x00"  # PostgreSQL refuses NUL in text by itself
    Dwelling.objects.filter(pk=dwelling.pk).update(address=f"1 rue\x0bdes{nul}Tests")  # bypasses the rules
    membership = MembershipFactory(organisation=operator, role=Role.DIRECTOR)
    client.force_login(membership.user)
    response = client.get(reverse("www:export_own"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["logements"]
    assert sheet.cell(row=2, column=4).value == "1 ruedesTests"
