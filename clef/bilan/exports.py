"""Bilan exports: JSON (the contract), Excel-friendly CSV, open-data CSV, XLSX."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from clef.bilan.labels import SECTIONS, label, scheme_labels, section_of, unit
from clef.bilan.perimeter import arrears_day
from clef.utils.spreadsheet import csv_text, xlsx_row


def as_json(year: int, perimeter_label: str, values: dict) -> str:
    return json.dumps(
        {"annee": year, "perimetre": perimeter_label, "indicateurs": values}, ensure_ascii=False, indent=2
    )


# Number formats of the XLSX cells by unit (clef.bilan.labels.unit): numbers stay numbers.
XLSX_FORMATS = {"€": "#,##0.00 €", "%": "0.0"}


def _french_number(value, unit_: str = "") -> str:
    """A number for a French Excel's CSV: a decimal comma, euros with their two decimals (« 400,00 »)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if unit_ == "€":
        return f"{value:.2f}".replace(".", ",")
    return str(value).replace(".", ",")


def rows(values: dict, arrears_on: date | None = None) -> list[tuple[str, str, str, object]]:
    """(section title, label, key, value) in report order; `arrears_on`: the day a running year's arrears
    are read at (clef.bilan.perimeter.arrears_day)."""
    labels = scheme_labels()
    titles = dict(SECTIONS)
    ordered = sorted(values.items(), key=lambda kv: [s for s, _ in SECTIONS].index(section_of(kv[0])))
    return [(titles[section_of(k)], label(k, labels, arrears_on=arrears_on), k, v) for k, v in ordered]


def as_excel_csv(values: dict, arrears_on: date | None = None) -> bytes:
    """`;` separated, UTF-8 with BOM, decimal comma: opens as-is in a French Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Section", "Indicateur", "Unité", "Valeur", "Clé"])
    for section, text, key, value in rows(values, arrears_on):
        writer.writerow(
            [
                csv_text(section),
                csv_text(text),
                unit(key),
                _french_number(value, unit(key)),
                csv_text(key),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_open_data_csv(year: int, perimeter_label: str, values: dict) -> bytes:
    """`,` separated, UTF-8, decimal point, one row per indicator; secrecy is applied by the caller."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["annee", "perimetre", "indicateur", "libelle", "valeur", "secret"])
    for _section, text, key, value in rows(values, arrears_day(year)):
        secret = value == "secret"
        writer.writerow(
            [
                year,
                csv_text(perimeter_label),
                csv_text(key),
                csv_text(text),
                "" if secret or value is None else value,
                "oui" if secret else "non",
            ]
        )
    return buffer.getvalue().encode("utf-8")


OPEN_DATA_SCHEMA = {
    "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
    "name": "bilan-iml",
    "title": "Bilan annuel de l'intermédiation locative (IML)",
    "description": "Indicateurs définis par bilan-indicators.md (v1 et sections des parcours) ; secret "
    "statistique appliqué "
    "(effectifs < 5, pourcentages calculés sur moins de 11).",
    "fields": [
        {"name": "annee", "type": "year", "title": "Année"},
        {"name": "perimetre", "type": "string", "title": "Périmètre"},
        {"name": "indicateur", "type": "string", "title": "Clé de l'indicateur"},
        {"name": "libelle", "type": "string", "title": "Libellé"},
        {
            "name": "valeur",
            "type": "number",
            "title": "Valeur",
            "description": "Vide si secret ou non défini",
        },
        {
            "name": "secret",
            "type": "boolean",
            "trueValues": ["oui"],
            "falseValues": ["non"],
            "title": "Masqué par le secret statistique",
        },
    ],
    "primaryKey": ["annee", "perimetre", "indicateur"],
}


def as_xlsx(year: int, perimeter_label: str, values: dict) -> bytes:
    """One sheet per section; numbers stored as numbers, French headers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    by_section: dict[str, list] = {}
    for section, text, key, value in rows(values, arrears_day(year)):
        by_section.setdefault(section, []).append((text, value, unit(key), key))
    for section, items in by_section.items():
        sheet = workbook.create_sheet(section[:31])
        sheet.append(xlsx_row(sheet, [f"Bilan IML {year} — {perimeter_label}"]))
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(["Indicateur", "Valeur", "Unité", "Clé"])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for text, value, unit_, key in items:
            sheet.append(xlsx_row(sheet, [text, value, unit_, key]))
            if isinstance(value, int | float) and unit_ in XLSX_FORMATS:
                sheet.cell(row=sheet.max_row, column=2).number_format = XLSX_FORMATS[unit_]
            elif isinstance(value, float):
                sheet.cell(row=sheet.max_row, column=2).number_format = "0.0"
        sheet.column_dimensions["A"].width = 62
        sheet.column_dimensions["B"].width = 12
        sheet.column_dimensions["D"].width = 52
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
