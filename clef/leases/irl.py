"""The IRL file: `annee;trimestre;valeur;date_publication` (+ optional `exemple`: 1 for a value not checked
at the source), one line per quarter (docs/spec/irl.md).

Read as UTF-8 (with or without BOM), separated by `;` or `,` (found on the header line; with `,` the values
use a decimal point), decimal comma or point, dates dd/mm/yyyy or ISO. Bounded: at most MAX_BYTES bytes and
MAX_ROWS lines. Every line is checked before anything is written; then one transaction writes them all
(atomic: a file with one bad line changes nothing). Idempotent: re-loading a quarter replaces its value; a
line identical to what is stored changes nothing. Each load leaves an `IrlFile`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.leases.bounds import IRL_QUARTER, IRL_VALUE, IRL_YEAR
from clef.leases.models import IrlFile, IrlIndex
from clef.utils import reference_csv
from clef.utils.bounds import MAX_DATE, MIN_DATE
from clef.utils.reference_csv import CsvFileError, cell_label

MAX_BYTES = 200 * 1024  # 200 Ko: the whole series since 1998 is about 4 Ko
MAX_ROWS = 1_000
MAX_ERRORS = 50
REQUIRED = ["annee", "trimestre", "valeur", "date_publication"]
OPTIONAL = ["exemple"]
SAMPLE_FILE = Path(__file__).resolve().parent / "data" / "irl.csv"


class IrlFileError(CsvFileError):
    """The file was refused: nothing was written. `errors` are French lines naming file, line, column."""


@dataclass
class LoadResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    file: IrlFile | None = None


@dataclass(frozen=True)
class IrlLine:
    year: int
    quarter: int
    value: Decimal
    published_on: date | None
    is_sample: bool


def _format() -> reference_csv.CsvFormat:
    """The file's shape (read at each load: the bounds are module settings the tests may lower)."""
    return reference_csv.CsvFormat(
        required=tuple(REQUIRED),
        optional=tuple(OPTIONAL),
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        max_errors=MAX_ERRORS,
        header_hint="annee;trimestre;valeur;date_publication (et, facultative, exemple)",
        too_large=lambda size: f"le fichier dépasse {MAX_BYTES // 1024} Ko ({size} octets).",
        too_many_rows=f"plus de {MAX_ROWS} lignes.",
        nothing_read="aucune ligne d'indice.",
        error=IrlFileError,
    )


def parse_date(raw: str) -> date | None:
    """dd/mm/yyyy or yyyy-mm-dd; empty → None; ValueError otherwise (or outside the accepted dates)."""
    if not raw:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
        if MIN_DATE <= day <= MAX_DATE:
            return day
    raise ValueError(raw)


def _integer(raw: str, bound) -> int:
    value = int(raw)
    bound.check(value)
    return value


def _parse(where: str, cells: dict[str, str]) -> tuple[IrlLine | None, str | None]:
    raw_year, raw_quarter, raw_value, raw_date = (cells[c] for c in REQUIRED)
    raw_sample = cells.get("exemple", "")
    try:
        year = _integer(raw_year, IRL_YEAR)
    except (ValueError, ValidationError):
        return None, f"{cell_label(where, 'annee', raw_year)} : {IRL_YEAR.message}"
    try:
        quarter = _integer(raw_quarter.upper().removeprefix("T"), IRL_QUARTER)
    except (ValueError, ValidationError):
        return None, f"{cell_label(where, 'trimestre', raw_quarter)} : trimestre attendu 1, 2, 3 ou 4."
    value, reason = reference_csv.decimal_cell(raw_value, IRL_VALUE)
    if value is None:
        return None, f"{cell_label(where, 'valeur', raw_value)} : {reason}"
    try:
        published_on = parse_date(raw_date)
    except ValueError:
        return (
            None,
            f"{cell_label(where, 'date_publication', raw_date)} : date attendue au format 31/12/2025.",
        )
    if raw_sample not in ("", "0", "1"):
        return None, f"{cell_label(where, 'exemple', raw_sample)} : 1 (valeur d'exemple), 0 ou vide attendu."
    return IrlLine(year, quarter, value, published_on, raw_sample == "1"), None


LINE_RULES = reference_csv.LineRules(
    parse=_parse,
    key=lambda line: (line.year, line.quarter),
    same=lambda stored, line: stored == line,
    duplicate=lambda where, line: (
        f"{where} : le T{line.quarter} {line.year} figure déjà avec une autre valeur."
    ),
)


def read_lines(name: str, data: bytes) -> list[IrlLine]:
    """Every line typed and checked, or IrlFileError with the errors found (up to MAX_ERRORS)."""
    return reference_csv.read_lines(name, data, _format(), LINE_RULES)


def _write(lines: list[IrlLine]) -> tuple[int, int]:
    """Insert the new quarters, update the changed ones: (created, updated)."""
    existing = {(i.year, i.quarter): i for i in IrlIndex.objects.order_by()}
    to_create, to_update = [], []
    for line in lines:
        stored = existing.get((line.year, line.quarter))
        values = (line.value, line.published_on, line.is_sample)
        if stored is None:
            to_create.append(
                IrlIndex(
                    year=line.year,
                    quarter=line.quarter,
                    value=line.value,
                    published_on=line.published_on,
                    is_sample=line.is_sample,
                )
            )
        elif (stored.value, stored.published_on, stored.is_sample) != values:
            stored.value, stored.published_on, stored.is_sample = values
            to_update.append(stored)
    for index in to_create + to_update:
        index.full_clean(validate_unique=False, validate_constraints=False)
    IrlIndex.objects.bulk_create(to_create)
    for index in to_update:
        index.save(update_fields=["value", "published_on", "is_sample", "loaded_at"])
    return len(to_create), len(to_update)


@transaction.atomic
def load_irl(*, name: str, data: bytes, acting_user=None, organisation=None) -> LoadResult:
    """Check then write every line of the file in one transaction (nothing written when a line is bad).
    Journaled under `organisation` when given (the upload page); the command leaves the IrlFile."""
    lines = read_lines(name, data)
    result = LoadResult(rows=len(lines))
    result.created, result.updated = _write(lines)
    result.unchanged = result.rows - result.created - result.updated
    result.file = IrlFile.objects.create(
        **reference_csv.trace_fields(
            name=name, data=data, rows=result.rows, created=result.created, updated=result.updated
        ),
        loaded_by=acting_user,
    )
    if organisation is not None:
        journal.record_action(
            acting_user=acting_user,
            organisation_id=organisation.pk,
            subject=result.file,
            action=JournalEntry.Action.IMPORT,
            label="indices de référence des loyers",
            changes={
                "indices": journal.change(
                    "indices",
                    None,
                    reference_csv.load_summary(result.created, result.updated, result.unchanged),
                ),
                "fichier": journal.change(
                    "fichier", None, reference_csv.file_summary(name, result.file.sha256)
                ),
            },
        )
    return result


def load_shipped(*, acting_user=None, organisation=None) -> LoadResult:
    """The series shipped with Clef (`clef/leases/data/irl.csv`; unverified quarters flagged « exemple »)."""
    return load_irl(
        name=SAMPLE_FILE.name,
        data=SAMPLE_FILE.read_bytes(),
        acting_user=acting_user,
        organisation=organisation,
    )
