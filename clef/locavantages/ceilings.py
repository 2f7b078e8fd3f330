"""The ceilings file: `annee;code_commune;niveau;plafond_m2` (+ optional `source`), one line per commune,
year and level (docs/spec/plafonds-loc-avantages.md).

Read as UTF-8 (with or without BOM), separated by `;` or `,` (found on the header line), decimal comma or
point. Bounded: at most MAX_BYTES bytes and MAX_ROWS lines (a full arrêté: about 35 000 communes × 3 levels
for one year). Every line is checked before anything is written; then one transaction writes them all
(atomic: a file with one bad line changes nothing). Idempotent: re-loading a (year, commune, level)
replaces its value; a line identical to what is stored changes nothing. Each load leaves a `CeilingFile`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clef.dwellings.enums import RentLevel
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.locavantages.models import CEILING_YEAR, EUR_PER_M2, CeilingFile, RentCeiling
from clef.territories.models import Commune
from clef.utils import reference_csv
from clef.utils.bounds import no_control_characters
from clef.utils.reference_csv import CsvFileError, cell_label, french_int

MAX_BYTES = 10 * 1024 * 1024  # 10 Mo
MAX_ROWS = 250_000
MAX_ERRORS = 50  # reported; the file is refused at the first one anyway
REQUIRED = ["annee", "code_commune", "niveau", "plafond_m2"]
OPTIONAL = ["source"]
SOURCE_MAX = 200


class CeilingFileError(CsvFileError):
    """The file was refused: nothing was written. `errors` are French lines naming file, line, column."""


@dataclass
class LoadResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    years: list[int] = field(default_factory=list)
    file: CeilingFile | None = None


@dataclass(frozen=True)
class _Line:
    year: int
    commune: str
    level: str
    value: Decimal
    source: str


def _format() -> reference_csv.CsvFormat:
    """The file's shape (read at each load: the bounds are module settings the tests may lower)."""
    return reference_csv.CsvFormat(
        required=tuple(REQUIRED),
        optional=tuple(OPTIONAL),
        max_bytes=MAX_BYTES,
        max_rows=MAX_ROWS,
        max_errors=MAX_ERRORS,
        header_hint="annee;code_commune;niveau;plafond_m2 (et, facultative, source)",
        too_large=lambda size: (
            f"le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mo ({french_int(size)} octets)."
        ),
        too_many_rows=f"plus de {french_int(MAX_ROWS)} lignes ; découpez le fichier.",
        nothing_read="aucune ligne de plafond.",
        error=CeilingFileError,
    )


def _parse(where: str, cells: dict[str, str], communes: set[str]) -> tuple[_Line | None, str | None]:
    raw_year, code, level, raw_value = (cells[c] for c in REQUIRED)
    source = cells.get("source", "")
    try:
        year = int(raw_year)
        CEILING_YEAR.check(year)
    except (ValueError, ValidationError):
        return None, f"{cell_label(where, 'annee', raw_year)} : {CEILING_YEAR.message}"
    if code.upper() not in communes:
        return None, f"{cell_label(where, 'code_commune', code)} : code INSEE de commune inconnu (COG)."
    if level.lower() not in RentLevel.values:
        return None, f"{cell_label(where, 'niveau', level)} : niveau attendu loc1, loc2 ou loc3."
    value, reason = reference_csv.decimal_cell(raw_value, EUR_PER_M2)
    if value is None:
        return None, f"{cell_label(where, 'plafond_m2', raw_value)} : {reason}"
    try:
        no_control_characters(source)
        if len(source) > SOURCE_MAX:
            raise ValidationError(f"{SOURCE_MAX} caractères au plus.")
    except ValidationError as exc:
        return None, f"{cell_label(where, 'source', source)} : {exc.messages[0]}"
    return _Line(year, code.upper(), level.lower(), value, source), None


def _commune_codes() -> set[str]:
    """Every COG code (one query: a full file names most communes, a set lookup per line is cheap)."""
    return set(Commune.objects.values_list("code", flat=True))


def read_lines(name: str, data: bytes) -> list[_Line]:
    """Every line typed and checked, or CeilingFileError with all the errors found (up to MAX_ERRORS)."""
    fmt = _format()
    reference_csv.decode(name, data, fmt)  # the size and encoding refused before the communes are read
    communes = _commune_codes()
    rules = reference_csv.LineRules(
        parse=lambda where, cells: _parse(where, cells, communes),
        key=lambda line: (line.year, line.commune, line.level),
        same=lambda stored, line: stored.value == line.value,
        duplicate=lambda where, line: (
            f"{where} : {line.commune} {line.year} {line.level} figure déjà avec une autre valeur."
        ),
    )
    return reference_csv.read_lines(name, data, fmt, rules)


def _write(lines: list[_Line], *, sample: bool) -> tuple[int, int]:
    """Insert the new (year, commune, level), update the changed ones: (created, updated)."""
    existing = {
        (c.year, c.commune_id, c.level): c
        for c in RentCeiling.objects.filter(year__in={line.year for line in lines}).order_by()
    }
    now = timezone.now()
    to_create, to_update = [], []
    for line in lines:
        stored = existing.get((line.year, line.commune, line.level))
        if stored is None:
            to_create.append(
                RentCeiling(
                    year=line.year,
                    commune_id=line.commune,
                    level=line.level,
                    eur_per_m2=line.value,
                    is_sample=sample,
                    source=line.source,
                    loaded_at=now,
                )
            )
        elif (stored.eur_per_m2, stored.is_sample, stored.source) != (line.value, sample, line.source):
            stored.eur_per_m2, stored.is_sample, stored.source, stored.loaded_at = (
                line.value,
                sample,
                line.source,
                now,
            )
            to_update.append(stored)
    RentCeiling.objects.bulk_create(to_create, batch_size=2000)
    RentCeiling.objects.bulk_update(
        to_update, ["eur_per_m2", "is_sample", "source", "loaded_at"], batch_size=2000
    )
    return len(to_create), len(to_update)


def _journal(result: LoadResult, *, name: str, sample: bool, acting_user, organisation) -> None:
    journal.record_action(
        acting_user=acting_user,
        organisation_id=organisation.pk,
        subject=result.file,
        action=JournalEntry.Action.IMPORT,
        label=f"plafonds Loc'Avantages {result.file.years}",
        changes={
            "plafonds": journal.change(
                "plafonds",
                None,
                reference_csv.load_summary(result.created, result.updated, result.unchanged)
                + (" (valeurs d'exemple)" if sample else ""),
            ),
            "fichier": journal.change("fichier", None, reference_csv.file_summary(name, result.file.sha256)),
        },
    )


@transaction.atomic
def load_ceilings(
    *, name: str, data: bytes, sample: bool = False, acting_user=None, organisation=None
) -> LoadResult:
    """Check then write every line of the file in one transaction (nothing written when a line is bad).
    Journaled under `organisation` when given (the upload page); the command leaves the CeilingFile."""
    lines = read_lines(name, data)
    years = sorted({line.year for line in lines})
    result = LoadResult(rows=len(lines), years=years)
    result.created, result.updated = _write(lines, sample=sample)
    result.unchanged = len(lines) - result.created - result.updated
    result.file = CeilingFile.objects.create(
        **reference_csv.trace_fields(
            name=name, data=data, rows=result.rows, created=result.created, updated=result.updated
        ),
        is_sample=sample,
        years=", ".join(map(str, years))[:100],
        loaded_by=acting_user,
    )
    if organisation is not None:
        _journal(result, name=name, sample=sample, acting_user=acting_user, organisation=organisation)
    return result


SAMPLE_FILE = Path(__file__).resolve().parent / "data" / "plafonds-exemple.csv"


def load_sample_ceilings(*, acting_user=None, organisation=None) -> LoadResult:
    """The sample ceilings shipped with Clef (demo communes of the Isère, Rhône and Savoie, this year and
    the previous one), flagged « valeurs d'exemple »: what the demo loads."""
    return load_ceilings(
        name=SAMPLE_FILE.name,
        data=SAMPLE_FILE.read_bytes(),
        sample=True,
        acting_user=acting_user,
        organisation=organisation,
    )
