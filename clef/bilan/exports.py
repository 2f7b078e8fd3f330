"""Bilan exports: JSON (the contract), Excel-friendly CSV, open-data CSV, XLSX."""

from __future__ import annotations

import csv
import io
import json

from clef.bilan.labels import SECTIONS, is_percentage, label, scheme_labels, section_of
from clef.utils.spreadsheet import csv_text, xlsx_row


def as_json(year: int, perimeter_label: str, values: dict) -> str:
    return json.dumps(
        {"annee": year, "perimetre": perimeter_label, "indicateurs": values}, ensure_ascii=False, indent=2
    )


def _french_number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return str(value).replace(".", ",")


def rows(values: dict) -> list[tuple[str, str, str, object]]:
    """(section title, label, key, value) in report order."""
    labels = scheme_labels()
    titles = dict(SECTIONS)
    ordered = sorted(values.items(), key=lambda kv: [s for s, _ in SECTIONS].index(section_of(kv[0])))
    return [(titles[section_of(k)], label(k, labels), k, v) for k, v in ordered]


def as_excel_csv(values: dict) -> bytes:
    """`;` separated, UTF-8 with BOM, decimal comma: opens as-is in a French Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Section", "Indicateur", "Unité", "Valeur", "Clé"])
    for section, text, key, value in rows(values):
        writer.writerow(
            [
                csv_text(section),
                csv_text(text),
                "%" if is_percentage(key) else "",
                _french_number(value),
                csv_text(key),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_open_data_csv(year: int, perimeter_label: str, values: dict) -> bytes:
    """`,` separated, UTF-8, decimal point, one row per indicator; secrecy is applied by the caller."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["annee", "perimetre", "indicateur", "libelle", "valeur", "secret"])
    for _section, text, key, value in rows(values):
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
    for section, text, key, value in rows(values):
        by_section.setdefault(section, []).append((text, value, "%" if is_percentage(key) else "", key))
    for section, items in by_section.items():
        sheet = workbook.create_sheet(section[:31])
        sheet.append(xlsx_row(sheet, [f"Bilan IML {year} — {perimeter_label}"]))
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(["Indicateur", "Valeur", "Unité", "Clé"])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for text, value, unit, key in items:
            sheet.append(xlsx_row(sheet, [text, value, unit, key]))
            if isinstance(value, float):
                sheet.cell(row=sheet.max_row, column=2).number_format = "0.0"
        sheet.column_dimensions["A"].width = 62
        sheet.column_dimensions["B"].width = 12
        sheet.column_dimensions["D"].width = 52
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
