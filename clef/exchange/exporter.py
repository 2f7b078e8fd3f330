"""Export to the exchange format: a folder of CSV files or one XLSX workbook.

Rows are sorted by their ids and values written in one canonical form (ISO dates, oui/non, decimal
point), so that export → import into an empty database → export gives identical files. Texts that a
spreadsheet could run as a formula are neutralised (clef.utils.spreadsheet); the reader undoes it.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from clef.dwellings.models import Dwelling
from clef.exchange import codes
from clef.exchange.finance import collect_finance
from clef.exchange.pathway_export import collect_optional
from clef.exchange.spec import FILE_BY_NAME, FILES, V1_FILES
from clef.households.models import Household, HouseholdResource, Person
from clef.organisations.models import Organisation
from clef.stays.models import Stay
from clef.utils.spreadsheet import csv_text, xlsx_row


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return (
            format(value.normalize(), "f") if value == value.to_integral() else format(value, "f").rstrip("0")
        )
    return str(value)


EXPORTED = {name: codes.exchange_codes(mapping) for name, (mapping, _enum) in codes.LISTS.items()}


def _dwellings(orgs, sid: dict) -> list[list]:
    dwellings = Dwelling.objects.filter(organisation__in=orgs).values_list(
        "organisation_id",
        "external_id",
        "commune_id",
        "address",
        "typology",
        "surface_m2",
        "places",
        "parc",
        "management_mode",
        "conventionnement",
        "rent_level",
        "rent_hc",
        "charges",
        "entry_date",
        "exit_date",
        "exit_reason",
    )
    return [[d[1], sid[d[0]], *d[2:]] for d in dwellings]


def _households(orgs, sid: dict) -> list[list]:
    resources: dict[int, list[str]] = defaultdict(list)
    for household_id, source in HouseholdResource.objects.filter(
        household__organisation__in=orgs
    ).values_list("household_id", "source"):
        resources[household_id].append(source)
    households = Household.objects.filter(organisation__in=orgs).values_list(
        "pk",
        "organisation_id",
        "external_id",
        "composition",
        "siao_oriented",
        "dalo",
        "prior_situation",
        "social_housing_demand",
    )
    return [
        [h[2], sid[h[1]], h[3], h[4], h[5], h[6], "|".join(sorted(resources[h[0]])), h[7]] for h in households
    ]


def _stays(orgs) -> list[list]:
    stays = Stay.objects.filter(organisation__in=orgs).values_list(
        "external_id",
        "household__external_id",
        "dwelling__external_id",
        "entry_date",
        "exit_date",
        "destination",
        "loss_unpaid_rent",
        "loss_damage",
        "exit_debt",
    )
    return [list(s) for s in stays]


def _exchange_code(mapping: dict[str, str], text: str) -> str:
    """A stored value (or `|`-separated values) as the exchange format's code(s)."""
    if not text:
        return text
    return "|".join(sorted(mapping.get(value, value) for value in text.split("|")))


def _as_exchange_codes(name: str, rows: list[list[str]]) -> None:
    for index, column in enumerate(FILE_BY_NAME[name].columns):
        if column.kind in {"code", "codes"}:
            mapping = EXPORTED[column.name]
            for row in rows:
                row[index] = _exchange_code(mapping, row[index])


def collect(organisations, *, withheld: frozenset[str] = frozenset()) -> dict[str, list[list[str]]]:
    """Rows of every file for the given operators, as text (codes of the exchange format), sorted. The files
    named in `withheld` (clef.exchange.finance.withheld_for: what the downloading member may not read) are
    written with their header alone."""
    orgs = list(organisations)
    sid = {o.pk: o.external_id or f"clef-{o.pk}" for o in orgs}
    rows: dict[str, list[list]] = {}
    rows["structures"] = [
        [sid[o.pk], o.name, o.siret, o.head_office_department_id or "", o.has_carte_professionnelle]
        for o in orgs
    ]
    rows["logements"] = _dwellings(orgs, sid)
    rows["menages"] = _households(orgs, sid)
    persons = Person.objects.filter(household__organisation__in=orgs).values_list(
        "external_id", "household__external_id", "role", "sex", "birth_date"
    )
    rows["personnes"] = [list(p) for p in persons]
    rows["sejours"] = _stays(orgs)
    rows |= collect_optional(orgs, sid)
    rows |= collect_finance(orgs, sid, withheld)
    v1 = {spec.name for spec in V1_FILES}
    text_rows = {}
    for name, items in rows.items():
        converted = [[_text(v) for v in row] for row in items]
        _as_exchange_codes(name, converted)
        if name not in v1:  # optional files: by structure, then their own key
            converted.sort()
        else:
            converted.sort(key=lambda r: (r[1], r[0]) if name != "structures" else (r[0],))
        text_rows[name] = converted
    return text_rows


def _present(rows: dict) -> list:
    """The files to write: every v1 file, and the optional files `rows` holds (collect gives them all)."""
    return [spec for spec in FILES if spec in V1_FILES or spec.name in rows]


def write_folder(rows: dict[str, list[list[str]]], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in _present(rows):
        path = folder / f"{spec.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(spec.column_names)
            writer.writerows([csv_text(v) for v in row] for row in rows[spec.name])
        written.append(path)
    return written


def workbook_bytes(rows: dict[str, list[list[str]]]) -> bytes:
    """One sheet per file; every cell stored as text so that ids keep their leading zeros."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for spec in _present(rows):
        sheet = workbook.create_sheet(spec.name)
        sheet.append(spec.column_names)
        for row in rows[spec.name]:
            sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(organisations, out: Path) -> list[Path]:
    rows = collect(organisations)
    if out.suffix.lower() == ".xlsx":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(workbook_bytes(rows))
        return [out]
    return write_folder(rows, out)


def operators_for(structure: str | None) -> list[Organisation]:
    queryset = Organisation.objects.operators().order_by("external_id", "pk")
    if structure is None:
        return list(queryset)
    found = queryset.filter(external_id=structure) or (
        queryset.filter(pk=structure) if structure.isdigit() else []
    )
    return list(found)
