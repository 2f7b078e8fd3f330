"""Every spreadsheet and CSV file Clef writes goes through here: no formula injection, no character a
workbook cannot hold.

Formula injection (OWASP "CSV injection"): a cell starting with = + - @ (or tab, carriage return) is
run as a formula by spreadsheet programs. In CSV files such a text gets a leading apostrophe, which
`csv_unescape` removes when Clef reads the file back, so the exchange format's round trip stays
lossless. In XLSX workbooks the text is stored as a string cell with Excel's "quote prefix" (shown and
edited as text, never evaluated), the value itself unchanged.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell

from clef.utils.bounds import CONTROL_CHARACTERS

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def strip_control_characters(text: str) -> str:
    """What no workbook can hold (NUL, vertical tab…) is dropped rather than breaking the export."""
    return CONTROL_CHARACTERS.sub("", text)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet program could take this text for a formula (or it is an escaped one)."""
    if not text:
        return False
    if text.startswith(FORMULA_TRIGGERS):
        return True
    return text.startswith("'") and is_formula_like(text[1:])


def csv_text(value) -> object:
    """A value ready for csv.writer: texts cleaned and neutralised; numbers left as they are."""
    if not isinstance(value, str):
        return value
    text = strip_control_characters(value)
    return "'" + text if is_formula_like(text) else text


def csv_unescape(text: str) -> str:
    """The inverse of csv_text for a text cell read back from a CSV file."""
    if text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


def _cell(sheet, value, *, as_text: bool) -> Cell:
    cell = Cell(sheet, row=1, column=1, value=value)
    if as_text:
        cell.data_type = "s"  # a string, even when it starts with "=" (openpyxl would make it a formula)
        cell.quotePrefix = True  # Excel and LibreOffice keep it as text when the cell is edited
    return cell


def xlsx_row(sheet, values) -> list:
    """Values ready for sheet.append (normal or write-only sheet). A row holding a formula-like text is
    made of Cell objects only (a write-only sheet reuses the last Cell's style for plain values)."""
    cleaned = [strip_control_characters(v) if isinstance(v, str) else v for v in values]
    risky = [isinstance(v, str) and is_formula_like(v) for v in cleaned]
    if not any(risky):
        return cleaned
    return [_cell(sheet, v, as_text=r) for v, r in zip(cleaned, risky, strict=True)]
