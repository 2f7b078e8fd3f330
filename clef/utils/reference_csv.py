"""Reading an administrator's reference file (IRL indices, Loc'Avantages ceilings…): a CSV in UTF-8 (with or
without BOM), separated by `;` or `,` (found on the header line), bounded in bytes and lines, every line
typed and checked before anything is written, French errors naming file, line, column and value. The caller
describes its columns and messages (`CsvFormat`), parses a line's cells into its own typed line, then writes
them all in one transaction and leaves a trace of the load (`trace_fields`: name, SHA-256, counts).

Domain-free: the rules of a value (bounds, codes) are the caller's; this module only reads."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError


class CsvFileError(Exception):
    """The file was refused: nothing was written. `errors` are French lines naming file, line, column."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class CsvFormat:
    """A reference file's columns, bounds and the messages that name what it holds."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    max_bytes: int
    max_rows: int
    header_hint: str  # « annee;trimestre;valeur;date_publication (et, facultative, exemple) »
    too_large: Callable[[int], str]  # the file's size in bytes → « le fichier dépasse … »
    too_many_rows: str  # « plus de 1000 lignes. »
    nothing_read: str  # « aucune ligne d'indice. »
    error: type[CsvFileError] = CsvFileError
    max_errors: int = 50


def french_int(value: int) -> str:
    """1234567 → « 1 234 567 » (a space between thousands)."""
    return f"{value:,}".replace(",", " ")


def cell_label(where: str, column: str, value: str) -> str:
    return f"{where}, colonne « {column} » (valeur « {value[:40]} »)"


def decimal_cell(raw: str, bound) -> tuple[Decimal | None, str]:
    """A decimal with a comma or a point and at most two decimals, within `bound` (a `clef.utils.bounds.Bound`
    or anything with `check`): (value, "") or (None, the French reason)."""
    try:
        value = Decimal(raw.replace(",", ".").replace(" ", "").replace("\u202f", ""))
        if not value.is_finite() or value != value.quantize(Decimal("0.01")):
            raise InvalidOperation
        bound.check(value)
    except (InvalidOperation, ValidationError) as exc:
        reason = (
            exc.messages[0] if isinstance(exc, ValidationError) else "nombre attendu, deux décimales au plus"
        )
        return None, reason
    return value, ""


def decode(name: str, data: bytes, fmt: CsvFormat) -> str:
    if len(data) > fmt.max_bytes:
        raise fmt.error([f"{name} : {fmt.too_large(len(data))}"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fmt.error(
            [
                f"{name} : le fichier n'est pas en UTF-8 (octet {exc.start + 1}). Enregistrez-le en « CSV UTF-8 »."
            ]
        ) from None


def _reader(name: str, text: str, fmt: CsvFormat):
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [column for column in fmt.required if column not in header]
    if missing:
        raise fmt.error(
            [
                f"{name}, ligne 1 : colonne(s) manquante(s) : {', '.join(missing)}. En-tête attendu : "
                f"{fmt.header_hint}."
            ]
        )
    known = fmt.required + fmt.optional
    unknown = [column for column in header if column and column not in known]
    if unknown:
        raise fmt.error([f"{name}, ligne 1 : colonne(s) inconnue(s) : {', '.join(unknown)}."])
    return reader, {column: header.index(column) for column in header if column}


@dataclass(frozen=True)
class LineRules:
    """How the caller reads one line: `parse(where, cells)` → (line, None) or (None, French error); `key`
    names the line (two lines with one key must agree by `same`, else `duplicate(where, line)`)."""

    parse: Callable[[str, dict[str, str]], tuple[Any, str | None]]
    key: Callable[[Any], Hashable]
    same: Callable[[Any, Any], bool]
    duplicate: Callable[[str, Any], str]


def read_lines(name: str, data: bytes, fmt: CsvFormat, rules: LineRules) -> list:
    """Every line typed and checked, or `fmt.error` with the errors found (up to `fmt.max_errors`)."""
    reader, columns = _reader(name, decode(name, data, fmt), fmt)
    lines: dict[Hashable, Any] = {}
    errors: list[str] = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if number - 1 > fmt.max_rows:
            raise fmt.error([f"{name} : {fmt.too_many_rows}"])
        where = f"{name}, ligne {number}"
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            errors.append(f"{where} : {len(row)} cellules pour {len(columns)} colonnes.")
            continue
        cells = {
            column: (row[index].strip() if index < len(row) else "") for column, index in columns.items()
        }
        line, error = rules.parse(where, cells)
        if error:
            errors.append(error)
        elif (key := rules.key(line)) in lines and not rules.same(lines[key], line):
            errors.append(rules.duplicate(where, line))
        else:
            lines[key] = line
        if len(errors) >= fmt.max_errors:
            errors.append(f"{name} : arrêt après {fmt.max_errors} erreurs.")
            break
    if errors:
        raise fmt.error(errors)
    if not lines:
        raise fmt.error([f"{name} : {fmt.nothing_read}"])
    return list(lines.values())


def trace_fields(*, name: str, data: bytes, rows: int, created: int, updated: int) -> dict:
    """The fields of a load's trace record (the file's name, its SHA-256 and what the load did)."""
    return {
        "name": name[:200],
        "sha256": hashlib.sha256(data).hexdigest(),
        "rows": rows,
        "created": created,
        "updated": updated,
        "unchanged": rows - created - updated,
    }


def load_summary(created: int, updated: int, unchanged: int) -> str:
    return f"{created} ajoutés, {updated} modifiés, {unchanged} inchangés"


def file_summary(name: str, sha256: str) -> str:
    return f"{name[:150]} (SHA-256 {sha256[:12]}…)"
