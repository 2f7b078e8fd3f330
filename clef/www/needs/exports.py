"""XLSX and CSV files of the needs and targets tables (the same columns and figures as the pages)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse

from clef.utils.spreadsheet import csv_text, xlsx_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _french(value) -> object:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return csv_text(value)


def as_csv(columns: list[tuple[str, str]], lines: list[dict]) -> bytes:
    """`;` separated, UTF-8 with BOM, decimal comma: opens as-is in a French Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([title for _, title in columns])
    for line in lines:
        writer.writerow([_french(line[name]) for name, _ in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(title: str, columns: list[tuple[str, str]], lines: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(xlsx_row(sheet, [title]))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([heading for _, heading in columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(xlsx_row(sheet, [line[name] for name, _ in columns]))
    for index in range(1, len(columns) + 1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(kind: str, stem: str, title: str, columns, lines) -> HttpResponse | None:
    """The file of `kind` ("xlsx" or "csv"), None for any other kind."""
    if kind == "xlsx":
        content, content_type, name = as_xlsx(title, columns, lines), XLSX, f"{stem}.xlsx"
    elif kind == "csv":
        content, content_type, name = as_csv(columns, lines), "text/csv; charset=utf-8", f"{stem}.csv"
    else:
        return None
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
