"""The arrears export (« Impayés des ménages », CSV and XLSX): the same rows as the arrears page, the money
columns in euros and cents, as numbers (a French Excel reads « 400,00 » in the CSV; the XLSX cells are
numbers shown `#,##0.00 €`), the months of debt with one decimal."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse

from clef.utils.spreadsheet import csv_text, xlsx_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = "Impayés des ménages"
COLUMNS = [
    ("reference", "Référence"),
    ("household", "Ménage"),
    ("mode", "Mode de gestion"),
    ("balance", "Solde (€)"),
    ("benefit_pending", "Aide attendue (€)"),
    ("household_debt", "Dette du ménage (€)"),
    ("net_monthly_due", "Dû par mois, net (€)"),
    ("months", "Mois de dette"),
    ("bucket", "Ancienneté"),
]
MONEY = {"balance", "benefit_pending", "household_debt", "net_monthly_due"}
FORMATS = dict.fromkeys(MONEY, "#,##0.00 €") | {"months": "0.0"}


def _csv_cell(name: str, value) -> object:
    if value is None:
        return ""
    if isinstance(value, float):
        return (f"{value:.2f}" if name in MONEY else f"{value:.1f}").replace(".", ",")
    return csv_text(value)


def as_csv(lines: list[dict]) -> bytes:
    """`;` separated, UTF-8 with BOM, decimal comma: opens as-is in a French Excel, numbers as numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([title for _, title in COLUMNS])
    for line in lines:
        writer.writerow([_csv_cell(name, line[name]) for name, _ in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(lines: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TITLE
    sheet.append([TITLE])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([heading for _, heading in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(xlsx_row(sheet, [line[name] for name, _ in COLUMNS]))
        for index, (name, _) in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=sheet.max_row, column=index)
            if name in FORMATS and isinstance(cell.value, int | float):
                cell.number_format = FORMATS[name]
    for index in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(kind: str, stem: str, lines: list[dict]) -> HttpResponse | None:
    """The file of `kind` ("xlsx" or "csv"), None for any other kind."""
    if kind == "xlsx":
        content, content_type, name = as_xlsx(lines), XLSX, f"{stem}.xlsx"
    elif kind == "csv":
        content, content_type, name = as_csv(lines), "text/csv; charset=utf-8", f"{stem}.csv"
    else:
        return None
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
