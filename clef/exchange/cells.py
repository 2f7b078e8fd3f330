"""Reading and typed parsing: every row of every table becomes a typed record (a named tuple per file).

Every value is checked by the rule of the model field it goes into (clef/utils/bounds.py: the same
validators as the forms and services). A value that repeats (a date, a code, a structure's id) is parsed
and checked once per import, and its typed value shared by every row that holds it: a national file has
600 000 rows but a few thousand distinct dates.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from clef.dwellings.models import Dwelling
from clef.exchange import codes, parsing
from clef.exchange.reader import CsvRows, Table
from clef.exchange.report import Context
from clef.exchange.spec import FILES, Column, FileSpec
from clef.exits.models import ExitAssessment, Solicitation
from clef.funding.models import Subsidy
from clef.households.models import Household, Person
from clef.occupancy.models import OccupancyTerm
from clef.organisations.models import Organisation
from clef.rental.declared import DeclaredArrears
from clef.stays.models import Stay
from clef.territories.models import Commune, Department
from clef.utils.bounds import NoControlCharacters

QUANT = {
    "surface_m2": Decimal("0.1"),
    "loyer_hc": Decimal("0.01"),
    "charges": Decimal("0.01"),
    "dette_sortie": Decimal("0.01"),
    "montant": Decimal("0.01"),
    "mensualite_nette": Decimal("0.01"),
    "montant_captation": Decimal("0.01"),
    "montant_gla": Decimal("0.01"),
    "montant_accompagnement": Decimal("0.01"),
}
# The model field each column goes into: its validators (bounds, length, control characters) are the
# rule the importer applies, the same one as the forms and services.
FIELD_OF: dict[tuple[str, str], models.Field] = {
    ("structures", "structure_id"): Organisation._meta.get_field("external_id"),
    ("structures", "nom"): Organisation._meta.get_field("name"),
    ("logements", "logement_id"): Dwelling._meta.get_field("external_id"),
    ("logements", "adresse"): Dwelling._meta.get_field("address"),
    ("logements", "surface_m2"): Dwelling._meta.get_field("surface_m2"),
    ("logements", "places"): Dwelling._meta.get_field("places"),
    ("logements", "loyer_hc"): Dwelling._meta.get_field("rent_hc"),
    ("logements", "charges"): Dwelling._meta.get_field("charges"),
    ("logements", "date_entree"): Dwelling._meta.get_field("entry_date"),
    ("logements", "date_sortie"): Dwelling._meta.get_field("exit_date"),
    ("menages", "menage_id"): Household._meta.get_field("external_id"),
    ("personnes", "personne_id"): Person._meta.get_field("external_id"),
    ("personnes", "date_naissance"): Person._meta.get_field("birth_date"),
    ("sejours", "sejour_id"): Stay._meta.get_field("external_id"),
    ("sejours", "date_entree"): Stay._meta.get_field("entry_date"),
    ("sejours", "date_sortie"): Stay._meta.get_field("exit_date"),
    ("sejours", "dette_sortie"): Stay._meta.get_field("exit_debt"),
    # Optional files of the pathways (issue 8).
    ("echeances", "numero"): OccupancyTerm._meta.get_field("number"),
    ("echeances", "date_debut"): OccupancyTerm._meta.get_field("starts_on"),
    ("echeances", "date_echeance"): OccupancyTerm._meta.get_field("ends_on"),
    ("echeances", "date_decision"): OccupancyTerm._meta.get_field("decided_on"),
    ("echeances", "motif"): OccupancyTerm._meta.get_field("reason"),
    ("bilans_sortie", "date_bilan"): ExitAssessment._meta.get_field("assessed_on"),
    ("bilans_sortie", "relais_nom"): ExitAssessment._meta.get_field("relay_name"),
    ("sollicitations", "date"): Solicitation._meta.get_field("solicited_on"),
    ("sollicitations", "minutes"): Solicitation._meta.get_field("minutes_spent"),
    # Optional files of rental management and funding (issue 10).
    ("impayes", "date_arrete"): DeclaredArrears._meta.get_field("day"),
    ("impayes", "montant"): DeclaredArrears._meta.get_field("amount"),
    ("impayes", "mensualite_nette"): DeclaredArrears._meta.get_field("net_monthly_due"),
    ("subventions", "annee"): Subsidy._meta.get_field("year"),
    ("subventions", "montant_captation"): Subsidy._meta.get_field("captation_amount"),
    ("subventions", "montant_gla"): Subsidy._meta.get_field("gla_amount"),
    ("subventions", "montant_accompagnement"): Subsidy._meta.get_field("support_amount"),
    ("subventions", "date_attribution"): Subsidy._meta.get_field("granted_on"),
}
# Reference columns (structure_id, menage_id, logement_id of other files) follow the rule of the id.
ID_FIELD = Household._meta.get_field("external_id")
# Texts that never repeat: checked cell by cell, not remembered.
UNIQUE = {
    ("structures", "nom"),
    ("logements", "adresse"),
    ("personnes", "personne_id"),
    ("sejours", "sejour_id"),
    ("echeances", "motif"),
    ("bilans_sortie", "relais_nom"),
}
# What a `structures` row says about the cells left empty (an empty cell keeps what Clef has).
EXTRA = {"structures": ("siret_given", "carte_given")}
# One named tuple per file: the line, then every column of the format (typed), then EXTRA.
ROW = {
    spec.name: namedtuple(
        f"{spec.name.capitalize()}Row", ["line", *spec.column_names, *EXTRA.get(spec.name, ())]
    )
    for spec in FILES
}
STORED = {name: codes.stored_values(mapping) for name, (mapping, _enum) in codes.LISTS.items()}


def field_problem(field: models.Field, value) -> str | None:
    """The French message of the field's validators for this value, or None when it is accepted."""
    try:
        field.run_validators(value)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


def plain_ascii_accepted(field: models.Field | None, text: str) -> bool:
    """Whether a text needs no validator run: printable ASCII (no control nor invisible character) within
    the length of a field whose only validators are those two rules. Any other validator on the field
    (added one day) turns this shortcut off: the validators then decide, as for every other text."""
    if field is None or not _text_rules_only(field):
        return False
    return text.isascii() and text.isprintable() and len(text) <= field.max_length


@cache
def _text_rules_only(field: models.Field) -> bool:
    return bool(field.max_length) and all(
        isinstance(v, NoControlCharacters | MaxLengthValidator)
        and getattr(v, "limit_value", field.max_length) == field.max_length
        for v in field.validators
    )


class CellParser:
    """Typed values of cells, each distinct text of a column parsed and checked once."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.communes = set(Commune.objects.values_list("code", flat=True))
        self.departments = set(Department.objects.values_list("code", flat=True))
        self.memos: dict[object, dict[str, tuple]] = {}

    def table(self, spec: FileSpec, done: int, total: int) -> list:
        """The typed rows of one file (nothing when a required column is missing from its header)."""
        table = self.ctx.dataset.tables.get(spec.name)
        if table is None:
            return []
        for column in [h for h in table.header if h and h not in spec.column_names]:
            self.ctx.warning(spec.name, 1, column, "colonne inconnue du format d'échange : ignorée.")
        missing = [c.name for c in spec.columns if c.required and c.name not in table.header]
        for column in missing:
            self.ctx.error(spec.name, 1, column, "", "colonne obligatoire absente de l'en-tête.")
        if missing:
            return []
        make, rows, file = ROW[spec.name]._make, [], spec.name
        # Each column read at its position in the header (the last one, as a dict would); -1 for a column
        # the file does not have: every row gets an empty cell at its end.
        position = {name: index for index, name in enumerate(table.header)}
        plan = [
            (position.get(c.name, -1), c, self.memo(file, c), c.required, c.default) for c in spec.columns
        ]
        extra = [position.get("siret", -1), position.get("carte_professionnelle", -1)]
        for line, cells in _lists(table):
            cells.append("")
            values = [line]
            append = values.append
            for index, column, memo, required, default in plan:
                text = cells[index]
                if text:
                    found = memo.get(text) if memo is not None else None
                    if found is not None and found[1] is None:  # the value seen before, accepted
                        append(found[0])
                        continue
                elif not required:
                    append(default)
                    continue
                append(self.value(file, line, column, text))
            if file == "structures":
                values += [bool(cells[i]) for i in extra]
            rows.append(make(values))
            done += 1
            if done % 5000 == 0:
                self.ctx.progress(done, total, "Lecture des fichiers")
        return rows

    def memo(self, file: str, column: Column) -> dict[str, tuple] | None:
        """Typed values of the texts of a column seen so far: text → (value, message). Ids share one memo per
        model field (the same text is then the same object in every file); free texts have none."""
        if (file, column.name) in UNIQUE:
            return None
        field = FIELD_OF.get((file, column.name), ID_FIELD if column.kind == "id" else None)
        return self.memos.setdefault(field if column.kind == "id" else (file, column.name), {})

    def value(self, file: str, line: int, column: Column, text: str):
        """The typed value of a cell, or the column's default (empty cell) or None (a problem reported)."""
        if text == "":
            if column.required:
                self.ctx.error(file, line, column.name, "", "valeur obligatoire manquante.")
            return column.default
        field = FIELD_OF.get((file, column.name), ID_FIELD if column.kind == "id" else None)
        memo = self.memo(file, column)
        if memo is None:
            value, message = self.typed(column, field, text)
        else:
            found = memo.get(text)
            if found is None:
                found = memo[text] = self.typed(column, field, text)
            value, message = found
        if message:
            self.ctx.error(file, line, column.name, text, message)
            return None
        return value

    def typed(self, column: Column, field: models.Field | None, text: str) -> tuple:
        """(value, None), or (None, the French message of what is wrong)."""
        if column.kind in {"id", "text"} and plain_ascii_accepted(field, text):
            return text, None
        try:
            value = self.parse(column, text)
        except parsing.CellError as exc:
            return None, str(exc)
        message = field_problem(field, value) if field is not None else None
        return (None, message) if message else (value, None)

    def parse(self, column: Column, text: str):
        match column.kind:
            case "id" | "text":
                return text
            case "date":
                return parsing.parse_date(text)
            case "birth_date":
                return parsing.parse_birth_date(text)
            case "bool":
                return parsing.parse_bool(text)
            case "int":
                return parsing.parse_int(text)
            case "decimal":
                value = parsing.parse_decimal(text)
                if abs(value) >= 10**12:  # beyond any bound; quantizing it would be pointless
                    raise parsing.CellError("nombre hors limites.")
                return value.quantize(QUANT[column.name], rounding=ROUND_HALF_UP)
            case "code":
                return STORED[column.name][parsing.parse_code(text, column.codes)]
            case "codes":
                return tuple(sorted(STORED[column.name][c] for c in parsing.parse_codes(text, column.codes)))
            case "siret":
                return parsing.parse_siret(text)
            case "department":
                return self.department(text)
            case "insee":
                return self.commune(text)
        raise AssertionError(column.kind)  # pragma: no cover

    def department(self, text: str) -> str:
        code = text.upper().zfill(2) if text.isdigit() else text.upper()
        if code not in self.departments:
            raise parsing.CellError("code de département inconnu (ex. 01, 2A, 69, 974).")
        return code

    def commune(self, text: str) -> str:
        code = text.upper().zfill(5) if text.isdigit() else text.upper()
        if code not in self.communes:
            raise parsing.CellError(
                "code INSEE de commune inconnu (COG 2026 ; arrondissement pour Paris, Lyon, Marseille)."
            )
        return code


def _lists(table: Table) -> Iterator[tuple[int, list[str]]]:
    """(line, cells in header order) of a table: straight from a CSV file, from the dicts of a sheet."""
    if isinstance(table.rows, CsvRows):
        return table.rows.lists()
    return ((line, [raw.get(h, "") for h in table.header]) for line, raw in table.rows)


def parse_tables(ctx: Context) -> dict[str, list]:
    """Every file of the dataset as typed rows, file after file (a file's raw rows are never all held)."""
    parser = CellParser(ctx)
    total = sum(len(t.rows) for t in ctx.dataset.tables.values()) or 1
    records: dict[str, list] = {}
    done = 0
    for spec in FILES:
        records[spec.name] = parser.table(spec, done, total)
        done += len(records[spec.name])
    return records
