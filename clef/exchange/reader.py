"""Read an exchange-format dataset: a folder of CSV files or one XLSX workbook."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from clef.exchange.spec import FILE_BY_NAME


@dataclass
class Problem:
    file: str
    line: int | None
    column: str
    value: str
    message: str
    severity: str = "erreur"  # or "avertissement"

    def __str__(self) -> str:
        where = (
            self.file
            + (f", ligne {self.line}" if self.line else "")
            + (f", colonne « {self.column} »" if self.column else "")
        )
        value = f" — valeur « {self.value} »" if self.value else ""
        return f"{self.severity.capitalize()} : {where}{value} : {self.message}"


@dataclass
class Table:
    name: str  # spec name, e.g. "logements"
    label: str  # what the user sees: "logements.csv" or "données.xlsx › logements"
    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


@dataclass
class Dataset:
    tables: dict[str, Table]
    problems: list[Problem]


class DatasetError(Exception):
    """The dataset cannot be read at all (not a folder, not a workbook…)."""


def read_dataset(path: Path | str) -> Dataset:
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if path.suffix.lower() == ".xlsx" and path.is_file():
        return _read_workbook(path.read_bytes(), path.name)
    if not path.exists():
        raise DatasetError(f"{path} n'existe pas.")
    raise DatasetError(f"{path} n'est ni un dossier de fichiers CSV ni un classeur .xlsx.")


def read_uploaded(name: str, content: bytes) -> Dataset:
    """A single uploaded file: a workbook, or one CSV file named after its table."""
    if name.lower().endswith(".xlsx"):
        return _read_workbook(content, name)
    stem = Path(name).stem
    problems: list[Problem] = []
    tables = {}
    if stem in FILE_BY_NAME:
        tables[stem] = _read_csv(content, stem, name, problems)
    else:
        problems.append(
            Problem(name, None, "", "", "fichier inconnu du format d'échange : ignoré.", "avertissement")
        )
    return Dataset(tables, problems)


def _read_folder(folder: Path) -> Dataset:
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".csv":
            continue
        if path.stem not in FILE_BY_NAME:
            problems.append(
                Problem(
                    path.name, None, "", "", "fichier inconnu du format d'échange : ignoré.", "avertissement"
                )
            )
            continue
        tables[path.stem] = _read_csv(path.read_bytes(), path.stem, path.name, problems)
    return Dataset(tables, problems)


def _read_csv(content: bytes, name: str, label: str, problems: list[Problem]) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(
                label,
                None,
                "",
                "",
                f"le fichier n'est pas encodé en UTF-8 (octet {exc.start}) : "
                "enregistrez-le en « CSV UTF-8 ».",
            )
        )
        return Table(name, label, [])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    table = Table(name, label, header)
    for values in reader:
        if not header:
            header.extend(h.strip() for h in values)
            continue
        if not any(v.strip() for v in values):
            continue
        line = reader.line_num
        if len(values) > len(header):
            problems.append(
                Problem(label, line, "", "", f"{len(values)} valeurs pour {len(header)} colonnes.")
            )
        table.rows.append(
            (line, {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)})
        )
    return table


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_workbook(content: bytes, label: str) -> Dataset:
    from openpyxl import load_workbook

    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DatasetError(
            f"{label} n'est pas un classeur Excel lisible ({exc.__class__.__name__})."
        ) from exc
    for sheet in workbook.worksheets:
        if sheet.title not in FILE_BY_NAME:
            problems.append(
                Problem(
                    f"{label} › {sheet.title}",
                    None,
                    "",
                    "",
                    "feuille inconnue du format d'échange : ignorée.",
                    "avertissement",
                )
            )
            continue
        rows = sheet.iter_rows(values_only=True)
        header = [_cell(h) for h in next(rows, ())]
        while header and not header[-1]:
            header.pop()
        table = Table(sheet.title, f"{label} › {sheet.title}", header)
        for line, values in enumerate(rows, start=2):
            cells = [_cell(v) for v in values]
            if not any(cells):
                continue
            table.rows.append((line, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}))
        tables[sheet.title] = table
    workbook.close()
    return Dataset(tables, problems)
