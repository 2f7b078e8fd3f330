"""Read an exchange-format dataset: a folder of CSV files or one XLSX workbook.

Nothing in a file is trusted: a table may hold at most `IMPORT_MAX_ROWS` rows (the reader stops there),
a workbook is an archive whose declared uncompressed size and compression ratio are checked before it
is opened (decompression bombs), its `<dimension>` tag is ignored (every row is read), and its XML is
parsed by defusedxml (openpyxl uses it when installed).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings

from clef.exchange.spec import FILE_BY_NAME
from clef.utils.spreadsheet import csv_unescape

MAX_COLUMNS = 100  # the widest table of the format has 16 columns


@dataclass
class Problem:
    file: str
    line: int | None
    column: str
    value: str
    message: str
    severity: str = "erreur"  # or "avertissement"

    @classmethod
    def about_file(cls, file: str, message: str, severity: str = "erreur") -> Problem:
        """A problem of the whole file (no line, column or value)."""
        return cls(file, None, "", "", message, severity)

    def __post_init__(self) -> None:
        if len(self.value) > 200:  # a hostile cell is not copied whole into the report
            self.value = self.value[:200] + "…"

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
    # (line, {column: text}); a list for a workbook's sheet, a CsvRows (parsed on each pass) for a CSV file
    rows: list[tuple[int, dict[str, str]]] | CsvRows = field(default_factory=list)


@dataclass
class Dataset:
    tables: dict[str, Table]
    problems: list[Problem]


class DatasetError(Exception):
    """The dataset cannot be read at all (not a folder, not a workbook…)."""


def _max_rows(max_rows: int | None) -> int:
    return settings.IMPORT_MAX_ROWS if max_rows is None else max_rows


def too_many_rows(label: str, limit: int) -> DatasetError:
    count = f"{limit:,}".replace(",", "\u202f")
    return DatasetError(
        f"{label} compte plus de {count} lignes (limite par fichier) : découpez-le en plusieurs fichiers "
        "ou contactez l'équipe de la plateforme."
    )


def uncompressed_size(name: str, content: bytes) -> int:
    """The size the data takes once read: a CSV file as it is, a workbook once unzipped. Refuses
    (DatasetError) a workbook whose archive is a decompression bomb."""
    if not name.lower().endswith(".xlsx"):
        return len(content)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DatasetError(f"{name} n'est pas un classeur Excel lisible (archive endommagée).") from exc
    if len(entries) > 10_000:
        raise DatasetError(
            f"{name} contient {len(entries)} fichiers internes : ce n'est pas un classeur ordinaire."
        )
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    # Each large member on its own too: padding the archive with incompressible data must not hide a bomb.
    ratio = max(
        [total / packed] + [e.file_size / max(e.compress_size, 1) for e in entries if e.file_size > 1_000_000]
    )
    if total > settings.IMPORT_MAX_UNCOMPRESSED_BYTES or ratio > settings.IMPORT_MAX_COMPRESSION_RATIO:
        raise DatasetError(
            f"{name} se décompresse en {total // 1_000_000} Mo (taux de compression {int(ratio)} pour 1) : "
            "c'est au-delà de ce qu'un classeur du format d'échange peut contenir. Il est refusé."
        )
    return total


def read_dataset(path: Path | str, *, max_rows: int | None = None) -> Dataset:
    path = Path(path)
    if path.is_dir():
        return _read_folder(path, _max_rows(max_rows))
    if path.suffix.lower() == ".xlsx" and path.is_file():
        content = path.read_bytes()
        uncompressed_size(path.name, content)
        return _read_workbook(content, path.name, _max_rows(max_rows))
    if not path.exists():
        raise DatasetError(f"{path} n'existe pas.")
    raise DatasetError(f"{path} n'est ni un dossier de fichiers CSV ni un classeur .xlsx.")


def read_uploaded(name: str, content: bytes, *, max_rows: int | None = None) -> Dataset:
    """A single uploaded file: a workbook, or one CSV file named after its table."""
    if name.lower().endswith(".xlsx"):
        uncompressed_size(name, content)
        return _read_workbook(content, name, _max_rows(max_rows))
    stem = Path(name).stem
    problems: list[Problem] = []
    tables = {}
    if stem in FILE_BY_NAME:
        tables[stem] = _read_csv(content, stem, name, problems, _max_rows(max_rows))
    else:
        problems.append(
            Problem.about_file(name, "fichier inconnu du format d'échange : ignoré.", "avertissement")
        )
    return Dataset(tables, problems)


def _read_folder(folder: Path, max_rows: int) -> Dataset:
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".csv":
            continue
        if path.stem not in FILE_BY_NAME:
            problems.append(
                Problem.about_file(
                    path.name, "fichier inconnu du format d'échange : ignoré.", "avertissement"
                )
            )
            continue
        tables[path.stem] = _read_csv(path.read_bytes(), path.stem, path.name, problems, max_rows)
    return Dataset(tables, problems)


def _read_csv(content: bytes, name: str, label: str, problems: list[Problem], max_rows: int) -> Table:
    """Checks the whole file now (encoding, quoting, row count); its rows are parsed again on each pass
    over `Table.rows` from the decoded text, which is kept instead of one dict per row."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem.about_file(
                label,
                f"le fichier n'est pas encodé en UTF-8 (octet {exc.start}) : "
                "enregistrez-le en « CSV UTF-8 ».",
            )
        )
        return Table(name, label, [])
    first_line = text.split("\n", 1)[0]
    rows = CsvRows(text, ";" if first_line.count(";") > first_line.count(",") else ",")
    count = 0
    reader = rows.reader()
    try:
        for values in reader:
            if not rows.header:
                rows.header = [h.strip() for h in values[:MAX_COLUMNS]]
                rows.header_line = reader.line_num
                continue
            if not any(v.strip() for v in values):
                continue
            if count >= max_rows:
                raise too_many_rows(label, max_rows)
            count += 1
            if len(values) > len(rows.header):
                problems.append(
                    Problem(
                        label,
                        reader.line_num,
                        "",
                        "",
                        f"{len(values)} valeurs pour {len(rows.header)} colonnes.",
                    )
                )
    except csv.Error as exc:
        problems.append(Problem(label, reader.line_num, "", "", f"fichier CSV mal formé ({exc})."))
    rows.count = count
    return Table(name, label, rows.header, rows)


class CsvRows:
    """The rows of a CSV table as (line, {column: text}), parsed from the decoded text on each pass."""

    def __init__(self, text: str, delimiter: str):
        self.text, self.delimiter = text, delimiter
        self.header: list[str] = []
        self.header_line = 0
        self.count = 0  # rows found by the checking pass (it stops at a malformed row)

    def reader(self):
        return csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        header = self.header
        for line, cells in self.lists():
            yield line, dict(zip(header, cells, strict=False))

    def lists(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells in header order): what __iter__ gives, without a dict per row (the importer's pass)."""
        if not self.count:
            return
        reader, width, done = self.reader(), len(self.header), 0
        missing = [""] * width
        for values in reader:
            if reader.line_num <= self.header_line:
                continue
            cells = [csv_unescape(v) if v.startswith("'") else v for v in map(str.strip, values)]
            if not any(cells):
                continue
            if len(cells) < width:
                cells += missing[len(cells) :]
            yield reader.line_num, cells
            done += 1
            if done == self.count:
                return


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


def _read_workbook(content: bytes, label: str, max_rows: int) -> Dataset:
    from openpyxl import load_workbook

    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DatasetError(
            f"{label} n'est pas un classeur Excel lisible ({exc.__class__.__name__})."
        ) from exc
    if _has_uncomputed_formulas(content):
        problems.append(
            Problem.about_file(
                label,
                "le classeur contient des formules jamais calculées (fichier produit par un programme) : "
                "leurs cellules sont lues vides. Ouvrez-le et enregistrez-le dans un tableur, ou remplacez "
                "les formules par leurs valeurs.",
                "avertissement",
            )
        )
    try:
        for sheet in workbook.worksheets:
            _read_sheet(sheet, label, max_rows, tables, problems)
    except DatasetError:
        raise
    except Exception as exc:  # a sheet that cannot be parsed (malformed or hostile XML)
        raise DatasetError(
            f"{label} n'est pas un classeur Excel lisible ({exc.__class__.__name__})."
        ) from exc
    finally:
        workbook.close()
    return Dataset(tables, problems)


UNCOMPUTED_FORMULA = re.compile(rb"(?:</f>|<f[^>]*/>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")


def _has_uncomputed_formulas(content: bytes) -> bool:
    """A formula cell saved without its result (`<f>…</f>` and no `<v>`): a data-only read gives None."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for entry in archive.infolist():
            sheet = entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml")
            if sheet and UNCOMPUTED_FORMULA.search(archive.read(entry)):
                return True
    return False


def _read_sheet(sheet, label: str, max_rows: int, tables: dict, problems: list[Problem]) -> None:
    if sheet.title not in FILE_BY_NAME:
        problems.append(
            Problem.about_file(
                f"{label} › {sheet.title}",
                "feuille inconnue du format d'échange : ignorée.",
                "avertissement",
            )
        )
        return
    # The <dimension> tag is the writer's claim about the sheet's size: a valid workbook whose tag
    # understates its rows would be read short. Ignore it and read every row (bounded below).
    sheet.reset_dimensions()
    sheet_label = f"{label} › {sheet.title}"
    header_row = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
    header = [_cell(h) for h in header_row]
    while header and not header[-1]:
        header.pop()
    table = Table(sheet.title, sheet_label, header)
    width = max(len(header), 1)
    for line, values in enumerate(sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2):
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        if len(table.rows) >= max_rows:
            raise too_many_rows(sheet_label, max_rows)
        table.rows.append((line, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}))
    tables[sheet.title] = table
