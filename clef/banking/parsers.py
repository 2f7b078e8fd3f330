"""Reading a bank statement: CSV (docs/spec/releve-bancaire.md) or CAMT.053 (ISO 20022 XML, `camt.py`).

Both give the same `StatementLine` records (signed amount: a credit is positive, a debit negative). A file
is read whole and checked before anything is written: any error refuses it, with every error found (up to
MAX_ERRORS), each naming the file, the line, the column and the value, in French. Bounded: MAX_BYTES bytes,
MAX_LINES operations. The XML is parsed by defusedxml (no DTD, no entity, no external reference: a « billion
laughs » or an external entity is refused, never expanded).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from clef.banking.bounds import MAX_BYTES, MAX_LINES
from clef.banking.camt import read_camt053
from clef.banking.lines import (
    StatementFileError,
    StatementLine,
    int_fr,
    make_line,
    parse_amount,
    parse_date,
    refuse_if_errors,
    too_many,
    where,
)

CSV, CAMT053 = "csv", "camt053"

# Accepted header names, compared without accents, case, spaces or punctuation.
HEADERS = {
    "date": {"date", "dateoperation", "datedeloperation", "datecomptable", "bookingdate", "dateop"},
    "montant": {"montant", "amount", "montanteur", "montanteuros"},
    "credit": {"credit", "credits", "montantcredit"},
    "debit": {"debit", "debits", "montantdebit"},
    "libelle": {"libelle", "label", "libelleoperation", "description", "intitule"},
    "contrepartie": {"contrepartie", "tiers", "emetteur", "donneurdordre", "counterparty", "nom"},
    "reference": {"reference", "ref", "referenceoperation", "referencedebit", "endtoendid"},
}


def detect_format(name: str, data: bytes) -> str:
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    return CAMT053 if name.lower().endswith(".xml") or head.startswith(b"<") else CSV


def parse_statement(name: str, data: bytes) -> tuple[str, list[StatementLine]]:
    """(format, lines) or StatementFileError."""
    kind, lines, _ = read_statement(name, data)
    return kind, lines


def read_statement(name: str, data: bytes) -> tuple[str, list[StatementLine], int]:
    """(format, lines, entries skipped as not booked: CAMT only) or StatementFileError."""
    if len(data) > MAX_BYTES:
        raise StatementFileError(
            [f"{name} : le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo ({int_fr(len(data))} octets)."]
        )
    if not data.strip():
        raise StatementFileError([f"{name} : le fichier est vide."])
    kind = detect_format(name, data)
    if kind == CAMT053:
        return kind, *read_camt053(name, data)
    return kind, parse_csv(name, data), 0


# --- CSV --------------------------------------------------------------------------------------------


def _decode(name: str, data: bytes) -> str:
    if b"\x00" in data:
        raise StatementFileError(
            [
                f"{name} : le fichier n'est pas un CSV lisible (UTF-16 ou binaire). Enregistrez-le en « CSV UTF-8 »."
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:  # the Windows encoding French banks' exports often use
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise StatementFileError(
            [f"{name} : encodage illisible (octet {exc.start + 1}). Enregistrez le fichier en « CSV UTF-8 »."]
        ) from None


def _header_key(cell: str) -> str:
    text = unicodedata.normalize("NFKD", cell).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]", "", text)


def _columns(name: str, header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _header_key(cell)
        for column, names in HEADERS.items():
            if key in names and column not in columns:
                columns[column] = index
    has_amount = "montant" in columns or ("credit" in columns or "debit" in columns)
    if "date" not in columns or not has_amount:
        raise StatementFileError(
            [
                f"{name}, ligne 1 : en-tête non reconnu (« {';'.join(header)[:120]} »). Colonnes attendues : "
                "date ; montant (ou débit et crédit) ; libellé ; et, facultatives, contrepartie et référence."
            ]
        )
    return columns


def _csv_amount(cells: dict[str, str]) -> tuple[str, str]:
    """(column, raw signed amount) from `montant`, or from `credit`/`debit` (a debit is made negative)."""
    if cells.get("montant", "").strip():
        return "montant", cells["montant"]
    credit, debit = cells.get("credit", "").strip(), cells.get("debit", "").strip()
    if credit and not debit:
        return "crédit", credit
    if debit and not credit:
        return "débit", debit if debit.lstrip().startswith("-") else "-" + debit.lstrip("+")
    return "montant", credit or debit


def _csv_line(name: str, number: int, cells: dict[str, str], errors: list[str]) -> StatementLine | None:
    raw_date = cells.get("date", "")
    column, raw_amount = _csv_amount(cells)
    try:
        booked_on = parse_date(raw_date)
    except ValueError as exc:
        errors.append(f"{where(name, number, 'date', raw_date)} : {exc}.")
        return None
    try:
        amount = parse_amount(raw_amount)
    except ValueError as exc:
        errors.append(f"{where(name, number, column, raw_amount)} : {exc}.")
        return None
    if amount == 0:
        errors.append(f"{where(name, number, column, raw_amount)} : montant nul.")
        return None
    return make_line(
        number,
        booked_on,
        amount,
        cells.get("libelle", ""),
        cells.get("contrepartie", ""),
        cells.get("reference", ""),
    )


def parse_csv(name: str, data: bytes) -> list[StatementLine]:
    text = _decode(name, data)
    first = text.split("\n", 1)[0]
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=";" if first.count(";") >= first.count(",") else ","
    )
    lines: list[StatementLine] = []
    errors: list[str] = []
    try:
        header = next(reader, [])
        columns = _columns(name, header)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(lines) + len(errors) >= MAX_LINES:
                raise too_many(name)
            cells = {column: row[index] if index < len(row) else "" for column, index in columns.items()}
            line = _csv_line(name, reader.line_num, cells, errors)
            if line is not None:
                lines.append(line)
    except csv.Error as exc:
        errors.append(f"{name}, ligne {reader.line_num} : CSV mal formé ({exc}).")
    return refuse_if_errors(name, errors, lines)
