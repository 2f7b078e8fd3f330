"""Import an exchange-format dataset: validate everything, then write everything in one transaction.

- Every problem is reported with file, line, column, value and the rule broken, in French (the first
  IMPORT_MAX_PROBLEMS are kept, all are counted).
- Every value is checked by the rule of the model field it goes into (clef/utils/bounds.py: the same
  validators as the forms and services).
- An import only touches the operators the uploader oversees (`within`: a DDETS its department, a DREETS
  its region, a director its structure); a `structures` row never changes an organisation that is not an
  operator, never moves one out of that perimeter, never clears its SIRET or carte professionnelle.
- Nothing is written when there is an error (or with dry_run).
- Rows are matched on (structure_id, own id): importing the same data twice changes nothing.
- Every record created or changed is journaled (JournalEntry, field by field).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from clef.dwellings.enums import Conventionnement, Parc
from clef.dwellings.models import Dwelling
from clef.exchange import parsing
from clef.exchange.reader import Dataset, Problem
from clef.exchange.spec import FILE_BY_NAME, FILES, Column
from clef.households.enums import PersonRole
from clef.households.models import Household, HouseholdResource, Person
from clef.journal.models import JournalEntry
from clef.journal.services import content_type_id
from clef.organisations.models import Organisation, OrganisationKind
from clef.organisations.perms import Oversight
from clef.stays.enums import Destination
from clef.stays.models import Stay
from clef.territories.models import Commune, Department

MAX_DATE = date(9999, 12, 31)
QUANT = {
    "surface_m2": Decimal("0.1"),
    "loyer_hc": Decimal("0.01"),
    "charges": Decimal("0.01"),
    "dette_sortie": Decimal("0.01"),
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
}
# Reference columns (structure_id, menage_id, logement_id of other files) follow the rule of the id.
ID_FIELD = Household._meta.get_field("external_id")


def field_problem(field: models.Field, value) -> str | None:
    """The French message of the field's validators for this value, or None when it is accepted."""
    try:
        field.run_validators(value)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


@dataclass
class Record:
    line: int
    values: dict[str, object]


@dataclass
class ImportReport:
    """Problems are kept up to IMPORT_MAX_PROBLEMS (the report of a hostile file stays small); every
    problem is counted."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    dry_run: bool = False
    written: bool = False
    total_problems: int = 0
    total_errors: int = 0
    limit: int = field(default_factory=lambda: settings.IMPORT_MAX_PROBLEMS)

    def add(self, problem: Problem) -> None:
        self.total_problems += 1
        if problem.severity == "erreur":
            self.total_errors += 1
        if len(self.problems) < self.limit:
            self.problems.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "erreur"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "erreur"]

    @property
    def truncated(self) -> bool:
        return self.total_problems > len(self.problems)

    @property
    def ok(self) -> bool:
        return self.total_errors == 0

    def summary(self) -> str:
        parts = []
        for name, c in self.counts.items():
            parts.append(
                f"{name} : {c.get('créés', 0)} créé(s), {c.get('modifiés', 0)} modifié(s), "
                f"{c.get('inchangés', 0)} inchangé(s)"
            )
        return " ; ".join(parts)


OUTSIDE = "cette structure est hors de votre périmètre : vous ne pouvez pas importer ses données."


class _Importer:
    def __init__(
        self,
        dataset: Dataset,
        *,
        acting_user,
        restrict_to: Organisation | None,
        within: Oversight | None,
        progress: Callable[[int, int, str], None] | None,
    ):
        self.dataset = dataset
        self.user = acting_user
        self.restrict_to = restrict_to
        self.within = within
        self.progress = progress or (lambda done, total, step: None)
        self.report = ImportReport()
        for problem in dataset.problems:
            self.report.add(problem)
        self.records: dict[str, list[Record]] = {}

    # ------------------------------------------------------------------ helpers
    def error(self, file: str, line: int | None, column: str, value, message: str) -> None:
        self.report.add(
            Problem(self._label(file), line, column, "" if value is None else str(value), message)
        )

    def _label(self, name: str) -> str:
        table = self.dataset.tables.get(name)
        return table.label if table else f"{name}.csv"

    # ------------------------------------------------------------------ step 1: cells
    def parse(self) -> None:
        communes = set(Commune.objects.values_list("code", flat=True))
        departments = set(Department.objects.values_list("code", flat=True))
        total = sum(len(t.rows) for t in self.dataset.tables.values()) or 1
        done = 0
        for spec in FILES:
            table = self.dataset.tables.get(spec.name)
            records: list[Record] = []
            self.records[spec.name] = records
            if table is None:
                continue
            unknown = [h for h in table.header if h and h not in spec.column_names]
            for column in unknown:
                self.report.add(
                    Problem(
                        table.label,
                        1,
                        column,
                        "",
                        "colonne inconnue du format d'échange : ignorée.",
                        "avertissement",
                    )
                )
            missing = [c.name for c in spec.columns if c.required and c.name not in table.header]
            for column in missing:
                self.error(spec.name, 1, column, "", "colonne obligatoire absente de l'en-tête.")
            if missing:
                continue
            # Plain text columns are taken as they are; the others go through _cell (typed parsing).
            plain = [c.name for c in spec.columns if c.kind in {"id", "text"} and not c.required]
            typed = [c for c in spec.columns if c.name not in plain]
            checked = [(name, FIELD_OF[(spec.name, name)]) for name in plain if (spec.name, name) in FIELD_OF]
            for line, raw in table.rows:
                values = {name: raw.get(name, "") or None for name in plain}
                for name, model_field in checked:
                    if values[name] is not None:
                        message = field_problem(model_field, values[name])
                        if message:
                            self.error(spec.name, line, name, values[name], message)
                            values[name] = None
                if spec.name == "structures":
                    values["_siret_given"] = bool(raw.get("siret"))
                    values["_carte_given"] = bool(raw.get("carte_professionnelle"))
                for column in typed:
                    text = raw.get(column.name, "")
                    if text and column.kind == "id":
                        message = field_problem(FIELD_OF.get((spec.name, column.name), ID_FIELD), text)
                        if message:
                            self.error(spec.name, line, column.name, text, message)
                        values[column.name] = None if message else text
                    else:
                        values[column.name] = self._cell(spec.name, line, column, text, communes, departments)
                records.append(Record(line, values))
                done += 1
                if done % 5000 == 0:
                    self.progress(done, total, "Lecture des fichiers")

    def _cell(self, file: str, line: int, column: Column, text: str, communes, departments):
        if text == "":
            if column.required:
                self.error(file, line, column.name, "", "valeur obligatoire manquante.")
            return column.default
        value = self._parse(file, line, column, text, communes, departments)
        model_field = FIELD_OF.get((file, column.name))
        if value is not None and model_field is not None:
            message = field_problem(model_field, value)
            if message:
                self.error(file, line, column.name, text, message)
                return None
        return value

    def _parse(self, file: str, line: int, column: Column, text: str, communes, departments):
        try:
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
                    return parsing.parse_code(text, column.codes)
                case "codes":
                    return parsing.parse_codes(text, column.codes)
                case "siret":
                    return parsing.parse_siret(text)
                case "department":
                    code = text.upper().zfill(2) if text.isdigit() else text.upper()
                    if code not in departments:
                        raise parsing.CellError("code de département inconnu (ex. 01, 2A, 69, 974).")
                    return code
                case "insee":
                    code = text.upper().zfill(5) if text.isdigit() else text.upper()
                    if code not in communes:
                        raise parsing.CellError(
                            "code INSEE de commune inconnu (COG 2026 ; arrondissement pour "
                            "Paris, Lyon, Marseille)."
                        )
                    return code
        except parsing.CellError as exc:
            self.error(file, line, column.name, text, str(exc))
            return None
        raise AssertionError(column.kind)  # pragma: no cover

    # ------------------------------------------------------------------ step 2: rows and references
    def check(self) -> None:
        self.structures = self._unique("structures", lambda v: v["structure_id"])
        known_orgs = {
            o.external_id: o
            for o in Organisation.objects.filter(external_id__isnull=False).select_related(
                "head_office_department"
            )
        }
        self.orgs = known_orgs

        def structure_ok(file: str, record: Record) -> bool:
            sid = record.values["structure_id"]
            if sid is None:
                return False
            if sid not in self.structures and sid not in known_orgs:
                self.error(
                    file,
                    record.line,
                    "structure_id",
                    sid,
                    "structure inconnue : absente de structures.csv et de Clef.",
                )
                return False
            if self.restrict_to is not None and sid != self.restrict_to.external_id:
                self.error(
                    file,
                    record.line,
                    "structure_id",
                    sid,
                    f"vous ne pouvez importer que les données de votre structure ({self.restrict_to.external_id}).",
                )
                return False
            org = known_orgs.get(sid)
            if org is not None and org.kind != OrganisationKind.OPERATOR:
                self.error(
                    file, record.line, "structure_id", sid, "cet identifiant n'est pas une structure agréée."
                )
                return False
            if org is not None and self.within is not None and not self.within.covers(org):
                self.error(file, record.line, "structure_id", sid, OUTSIDE)
                return False
            return True

        for record in self.records["structures"]:
            if self.restrict_to is not None and record.values["structure_id"] not in (
                None,
                self.restrict_to.external_id,
            ):
                self.error(
                    "structures",
                    record.line,
                    "structure_id",
                    record.values["structure_id"],
                    f"vous ne pouvez importer que les données de votre structure ({self.restrict_to.external_id}).",
                )

        for sid, record in self.structures.items():
            self._check_structure_scope(sid, record, known_orgs.get(sid))

        self.dwellings = self._unique("logements", lambda v: (v["structure_id"], v["logement_id"]))
        for record in self.records["logements"]:
            if structure_ok("logements", record):
                self._check_dwelling(record)
        self.households = self._unique("menages", lambda v: (v["structure_id"], v["menage_id"]))
        for record in self.records["menages"]:
            structure_ok("menages", record)

        household_keys = _by_own_id(self.households)
        dwelling_keys = _by_own_id(self.dwellings)
        self.persons: dict[tuple, Record] = {}
        references: dict[tuple, int] = defaultdict(int)
        for record in self.records["personnes"]:
            key = self._resolve("personnes", record, "menage_id", household_keys)
            if key is None:
                continue
            person_key = (key, record.values["personne_id"])
            if person_key in self.persons:
                self.error(
                    "personnes",
                    record.line,
                    "personne_id",
                    record.values["personne_id"],
                    f"identifiant en double (déjà ligne {self.persons[person_key].line}).",
                )
                continue
            self.persons[person_key] = record
            record.values["_household"] = key
            if record.values["role"] == PersonRole.REFERENCE:
                references[key] += 1
        for key, record in self.households.items():
            if references[key] != 1:
                self.error(
                    "menages",
                    record.line,
                    "menage_id",
                    key[1],
                    f"un ménage compte exactement une personne de référence dans personnes.csv "
                    f"({references[key]} trouvée(s)).",
                )

        self.stays: dict[tuple, Record] = {}
        for record in self.records["sejours"]:
            household = self._resolve("sejours", record, "menage_id", household_keys)
            dwelling = self._resolve("sejours", record, "logement_id", dwelling_keys)
            if household is None or dwelling is None:
                continue
            if household[0] != dwelling[0]:
                self.error(
                    "sejours",
                    record.line,
                    "logement_id",
                    record.values["logement_id"],
                    "le ménage et le logement doivent relever de la même structure.",
                )
                continue
            key = (household[0], record.values["sejour_id"])
            if key in self.stays:
                self.error(
                    "sejours",
                    record.line,
                    "sejour_id",
                    key[1],
                    f"identifiant en double (déjà ligne {self.stays[key].line}).",
                )
                continue
            record.values["_household"], record.values["_dwelling"] = household, dwelling
            self.stays[key] = record
            self._check_stay_row(record)

    def _check_structure_scope(self, sid: str, record: Record, org: Organisation | None) -> None:
        """A `structures` row: only an operator inside the uploader's perimeter, never moved out of it,
        never losing its SIRET or carte professionnelle."""
        v, line, within = record.values, record.line, self.within
        department = v["departement"]
        if org is None:
            if within is not None and (
                within.kind == "structure" or not within.covers_department(department)
            ):
                self.error(
                    "structures",
                    line,
                    "departement" if within.kind != "structure" else "structure_id",
                    department if within.kind != "structure" else sid,
                    "vous ne pouvez pas créer de structure hors de votre périmètre."
                    if within.kind != "structure"
                    else "une structure ne peut pas en créer une autre par un import.",
                )
            return
        if org.kind != OrganisationKind.OPERATOR:
            self.error(
                "structures",
                line,
                "structure_id",
                sid,
                "cet identifiant est celui d'une organisation qui n'est pas une structure agréée "
                f"({org.get_kind_display()}) : un import ne peut pas la modifier.",
            )
            return
        if within is not None and not within.covers(org):
            self.error("structures", line, "structure_id", sid, OUTSIDE)
            return
        if department and department != org.head_office_department_id:
            if within is not None and within.kind == "structure":
                self.error(
                    "structures",
                    line,
                    "departement",
                    department,
                    f"le département du siège ({org.head_office_department_id}) ne se change pas par un import : "
                    "demandez-le à la coordination.",
                )
            elif within is not None and not within.covers_department(department):
                self.error(
                    "structures",
                    line,
                    "departement",
                    department,
                    "ce département est hors de votre périmètre : la structure ne peut pas y être déplacée.",
                )
        if v["_siret_given"] is False and org.siret and "siret" in self._header("structures"):
            self.error(
                "structures",
                line,
                "siret",
                "",
                f"le SIRET enregistré ({org.siret}) ne peut pas être effacé par un import.",
            )
        if v["_carte_given"] and v["carte_professionnelle"] is False and org.has_carte_professionnelle:
            self.error(
                "structures",
                line,
                "carte_professionnelle",
                "non",
                "la carte professionnelle enregistrée ne peut pas être retirée par un import : "
                "modifiez-la dans Clef.",
            )

    def _header(self, name: str) -> list[str]:
        table = self.dataset.tables.get(name)
        return table.header if table else []

    def _unique(self, file: str, key_of) -> dict:
        result: dict = {}
        for record in self.records[file]:
            key = key_of(record.values)
            if key is None or (isinstance(key, tuple) and None in key):
                continue
            if key in result:
                own = FILE_BY_NAME[file].key
                self.error(
                    file,
                    record.line,
                    own,
                    record.values[own],
                    f"identifiant en double (déjà ligne {result[key].line}).",
                )
                continue
            result[key] = record
        return result

    def _resolve(self, file: str, record: Record, column: str, keys: dict[str, list[tuple]]):
        own = record.values[column]
        if own is None:
            return None
        candidates = keys.get(own, [])
        if not candidates:
            label = "ménage" if column == "menage_id" else "logement"
            source = "menages.csv" if column == "menage_id" else "logements.csv"
            self.error(file, record.line, column, own, f"{label} inconnu : absent de {source}.")
            return None
        if len(candidates) > 1:
            self.error(
                file,
                record.line,
                column,
                own,
                "identifiant ambigu : plusieurs structures du fichier l'utilisent.",
            )
            return None
        return candidates[0]

    def _check_dwelling(self, record: Record) -> None:
        v, line = record.values, record.line
        if v["places"] is not None and v["places"] < 1:
            self.error("logements", line, "places", v["places"], "un logement compte au moins une place.")
        if v["surface_m2"] is not None and v["surface_m2"] <= 0:
            self.error(
                "logements", line, "surface_m2", v["surface_m2"], "la surface doit être strictement positive."
            )
        if v["date_entree"] and v["date_sortie"] and v["date_sortie"] < v["date_entree"]:
            self.error(
                "logements",
                line,
                "date_sortie",
                v["date_sortie"].isoformat(),
                "la date de sortie du parc précède la date d'entrée.",
            )
        if v["motif_sortie"] and not v["date_sortie"]:
            self.error(
                "logements", line, "motif_sortie", v["motif_sortie"], "motif de sortie sans date de sortie."
            )
        conventionne = v["conventionnement"] not in (None, Conventionnement.AUCUN)
        if v["parc"] == Parc.PUBLIC and conventionne:
            self.error(
                "logements",
                line,
                "conventionnement",
                v["conventionnement"],
                "le conventionnement Anah ne concerne que le parc privé.",
            )
        if v["niveau_loyer"] and not conventionne:
            self.error(
                "logements",
                line,
                "niveau_loyer",
                v["niveau_loyer"],
                "le niveau de loyer ne s'indique que pour un logement conventionné.",
            )

    def _check_stay_row(self, record: Record) -> None:
        v, line = record.values, record.line
        if v["date_entree"] and v["date_sortie"] and v["date_sortie"] < v["date_entree"]:
            self.error(
                "sejours",
                line,
                "date_sortie",
                v["date_sortie"].isoformat(),
                "la date de sortie précède la date d'entrée.",
            )
        if v["date_sortie"] and not v["destination"]:
            self.error(
                "sejours", line, "destination", "", "destination obligatoire quand date_sortie est remplie."
            )
        if v["destination"] and not v["date_sortie"]:
            self.error("sejours", line, "destination", v["destination"], "destination sans date de sortie.")
        dwelling = self.dwellings[v["_dwelling"]].values
        if v["date_entree"] and dwelling["date_entree"] and v["date_entree"] < dwelling["date_entree"]:
            self.error(
                "sejours",
                line,
                "date_entree",
                v["date_entree"].isoformat(),
                f"le logement n'entre dans le parc que le {dwelling['date_entree']:%d/%m/%Y}.",
            )
        if (
            dwelling["date_sortie"]
            and v["date_entree"]
            and ((v["date_sortie"] or MAX_DATE) > dwelling["date_sortie"])
        ):
            self.error(
                "sejours",
                line,
                "date_sortie",
                v["date_sortie"].isoformat() if v["date_sortie"] else "",
                f"le logement quitte le parc le {dwelling['date_sortie']:%d/%m/%Y} : le séjour doit être terminé "
                "au plus tard ce jour-là.",
            )

    def check_overlaps(self) -> None:
        """Two stays of the same dwelling, or of the same household, may not overlap (dataset + Clef)."""
        orgs = {self.orgs[sid].pk: sid for sid in {k[0] for k in self.stays} if sid in self.orgs}
        existing = Stay.objects.filter(organisation_id__in=list(orgs)).values_list(
            "organisation_id",
            "external_id",
            "household__external_id",
            "dwelling__external_id",
            "entry_date",
            "exit_date",
        )
        intervals: dict[tuple, tuple] = {}
        for org_id, stay_id, household_id, dwelling_id, entry, exit_ in existing:
            sid = orgs[org_id]
            intervals[(sid, stay_id)] = ((sid, household_id), (sid, dwelling_id), entry, exit_, None)
        for key, record in self.stays.items():
            v = record.values
            if v["date_entree"] is None:
                continue
            intervals[key] = (
                v["_household"],
                v["_dwelling"],
                v["date_entree"],
                v["date_sortie"],
                record.line,
            )
        for position, label in ((1, "logement"), (0, "ménage")):
            groups: dict[tuple, list] = defaultdict(list)
            for item in intervals.values():
                groups[item[position]].append(item)
            for items in groups.values():
                items.sort(key=lambda i: (i[2], i[3] or MAX_DATE))
                for previous, current in zip(items, items[1:], strict=False):
                    if current[2] < (previous[3] or MAX_DATE):
                        line = current[4] or previous[4]
                        if line is None:
                            continue
                        what = (
                            "ce logement est déjà occupé"
                            if label == "logement"
                            else "ce ménage occupe déjà un autre logement"
                        )
                        self.error(
                            "sejours",
                            line,
                            "date_entree",
                            current[2].isoformat(),
                            f"{what} sur cette période (séjour du {previous[2]:%d/%m/%Y}).",
                        )

    # ------------------------------------------------------------------ step 3: write
    def write(self) -> None:
        with transaction.atomic():
            self.progress(0, 6, "Enregistrement des structures")
            self._write_structures()
            self.progress(1, 6, "Enregistrement des logements")
            self._write_dwellings()
            self.progress(2, 6, "Enregistrement des ménages")
            self._write_households()
            self.progress(3, 6, "Enregistrement des personnes")
            self._write_persons()
            self.progress(4, 6, "Enregistrement des séjours")
            self._write_stays()
            self.progress(5, 6, "Journalisation")
            raw_insert(JournalEntry, self.journal)
            self._bump_household_versions()
        self.report.written = True
        analyze_after_bulk_load()

    created_changes = {"source": {"label": "origine", "old": None, "new": "import au format d'échange"}}

    def _bump_household_versions(self) -> None:
        """A household whose members or resources the import changed gets a new version, so that an edit
        form opened before the import is refused (optimistic concurrency) instead of undoing it."""
        touched = {
            entry["household_id"]
            for entry in self.journal
            if entry["object_type"] in {"person", "household"} and entry["household_id"] is not None
        } - getattr(self, "created_households", set())
        ids = sorted(touched)
        for start in range(0, len(ids), 5000):
            Household.objects.filter(pk__in=ids[start : start + 5000]).update(version=F("version") + 1)

    def _household_summary(self, key: tuple) -> str:
        """What arrived with a household created by the import (journaled once, on the household)."""
        if not hasattr(self, "_children"):
            self._children: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
            for person_key in self.persons:
                self._children[person_key[0]][0] += 1
            for record in self.stays.values():
                self._children[record.values["_household"]][1] += 1
        persons, stays = self._children[key]
        return f"{persons} personne(s), {stays} séjour(s)"

    def _org_ids(self) -> list[int]:
        """The organisations the dataset touches (filters by organisation beat huge id lists)."""
        return sorted(
            {self.orgs[sid].pk for sid in self.structures}
            | {self.orgs[k[0]].pk for k in self.dwellings}
            | {self.orgs[k[0]].pk for k in self.households}
        )

    def _ids_of(self, model, keys: list) -> dict:
        """Primary keys of rows just inserted, read back in one query per table."""
        if not keys:
            return {}
        if model is Organisation:
            return dict(Organisation.objects.filter(external_id__in=keys).values_list("external_id", "pk"))
        if model is Person:
            household_keys = {o.pk: k for k, o in self.household_objects.items()}
            rows = Person.objects.filter(household__organisation_id__in=self._org_ids()).values_list(
                "household_id", "external_id", "pk"
            )
            return {(household_keys[h], e): pk for h, e, pk in rows if h in household_keys}
        sid_of = {self.orgs[sid].pk: sid for sid in {k[0] for k in keys}}
        rows = model.objects.filter(organisation_id__in=list(sid_of)).values_list(
            "organisation_id", "external_id", "pk"
        )
        return {(sid_of[o], e): pk for o, e, pk in rows}

    def _count(self, name: str, outcome: str) -> None:
        self.report.counts.setdefault(name, {"créés": 0, "modifiés": 0, "inchangés": 0})[outcome] += 1

    def _journal(
        self,
        action: str,
        model,
        obj,
        changes: dict,
        *,
        household_id=None,
        dwelling_id=None,
        organisation_id=None,
    ) -> None:
        if organisation_id is None:
            organisation_id = getattr(obj, "organisation_id", None)
        self.journal.append(
            {
                "organisation_id": organisation_id,
                "actor_id": self.user.pk if self.user else None,
                "action": action,
                "object_type": model._meta.model_name,  # not a column: read by _bump_household_versions
                "content_type_id": content_type_id(model),
                "object_id": obj.pk,
                "object_label": str(model._meta.verbose_name),
                "household_id": household_id,
                "dwelling_id": dwelling_id,
                "changes": changes,
            }
        )

    def _upsert(
        self,
        model,
        name: str,
        existing: dict,
        wanted: dict,
        make,
        *,
        journal_ids=lambda obj: {},
        journal_create=lambda key, obj: True,
        created_summary=lambda key: None,
    ):
        """Create what is missing, update what changed, leave the rest. Returns key → object."""
        versioned = any(f.name == "version" for f in model._meta.concrete_fields)
        labels = {f.name: str(f.verbose_name) for f in model._meta.concrete_fields}
        labels.update({f.attname: str(f.verbose_name) for f in model._meta.concrete_fields})
        result, to_create, to_update, fields_changed = {}, [], [], set()
        for key, values in wanted.items():
            obj = existing.get(key)
            if obj is None:
                to_create.append((key, make(key, values)))
                continue
            changes = {
                f: {"label": labels.get(f, f), "old": _plain(getattr(obj, f)), "new": _plain(v)}
                for f, v in values.items()
                if getattr(obj, f) != v
            }
            if changes:
                for f in changes:
                    setattr(obj, f, values[f])
                fields_changed.update(changes)
                if versioned:  # a form opened before the import must not overwrite it silently
                    obj.version += 1
                    fields_changed.add("version")
                to_update.append(obj)
                self._count(name, "modifiés")
                self._journal(JournalEntry.Action.UPDATE, model, obj, changes, **journal_ids(obj))
            else:
                self._count(name, "inchangés")
            result[key] = obj
        raw_insert(model, [row for _, row in to_create])
        ids = self._ids_of(model, [key for key, _ in to_create])
        for key, row in to_create:
            obj = SimpleNamespace(pk=ids[key], **row)
            result[key] = obj
            self._count(name, "créés")
            if journal_create(key, obj):
                summary = created_summary(key)
                changes = (
                    self.created_changes
                    if summary is None
                    else {
                        **self.created_changes,
                        "contenu": {"label": "contenu importé", "old": None, "new": summary},
                    }
                )
                self._journal(JournalEntry.Action.CREATE, model, obj, changes, **journal_ids(obj))
        if to_update:
            model.objects.bulk_update(to_update, sorted(fields_changed), batch_size=2000)
        return result

    def _write_structures(self) -> None:
        self.journal: list[JournalEntry] = []
        wanted = {}
        for sid, record in self.structures.items():
            v = record.values
            org = self.orgs.get(sid)
            wanted[sid] = {
                "name": v["nom"],
                # An empty or absent cell keeps what Clef has (check() refused an explicit clearing).
                "siret": v["siret"] or (org.siret if org else ""),
                "head_office_department_id": v["departement"],
                "has_carte_professionnelle": bool(v["carte_professionnelle"])
                if v["_carte_given"] or org is None
                else org.has_carte_professionnelle,
            }
        existing = {sid: org for sid, org in self.orgs.items() if sid in wanted}
        created = self._upsert(
            Organisation,
            "structures",
            existing,
            wanted,
            lambda sid, values: {"kind": OrganisationKind.OPERATOR, "external_id": sid, **values},
        )
        # An organisation's journal entries belong to the organisation itself.
        for entry in self.journal:
            entry["organisation_id"] = entry["object_id"]
        self.orgs.update(created)
        Organisation.departments.through.objects.bulk_create(
            [
                Organisation.departments.through(
                    organisation_id=org.pk, department_id=org.head_office_department_id
                )
                for org in created.values()
            ],
            ignore_conflicts=True,
        )

    def _existing(self, model, keys, org_field="organisation_id"):
        org_ids = {self.orgs[sid].pk: sid for sid in {k[0] for k in keys}}
        queryset = model.objects.filter(**{f"{org_field}__in": list(org_ids)})
        return {(org_ids[getattr(o, org_field)], o.external_id): o for o in queryset}

    def _write_dwellings(self) -> None:
        wanted = {}
        for key, record in self.dwellings.items():
            v = record.values
            wanted[key] = {
                "commune_id": v["commune_insee"],
                "address": v["adresse"] or "",
                "typology": v["typologie"],
                "surface_m2": v["surface_m2"],
                "places": v["places"],
                "parc": v["parc"],
                "management_mode": v["mode_gestion"],
                "conventionnement": v["conventionnement"] or "aucun",
                "rent_level": v["niveau_loyer"] or "",
                "rent_hc": v["loyer_hc"],
                "charges": v["charges"],
                "entry_date": v["date_entree"],
                "exit_date": v["date_sortie"],
                "exit_reason": v["motif_sortie"] or "",
            }
        self.dwelling_objects = self._upsert(
            Dwelling,
            "logements",
            self._existing(Dwelling, wanted),
            wanted,
            lambda key, values: {"organisation_id": self.orgs[key[0]].pk, "external_id": key[1], **values},
            journal_ids=lambda obj: {"dwelling_id": obj.pk},
        )

    def _write_households(self) -> None:
        wanted, resources = {}, {}
        for key, record in self.households.items():
            v = record.values
            wanted[key] = {
                "composition": v["composition"],
                "siao_oriented": bool(v["orientation_siao"]),
                "dalo": bool(v["dalo"]),
                "prior_situation": v["situation_avant_entree"],
                "social_housing_demand": bool(v["demande_logement_social"]),
            }
            resources[key] = set(v["ressources"] or ())
        existing = self._existing(Household, wanted)
        self.household_objects = self._upsert(
            Household,
            "menages",
            existing,
            wanted,
            lambda key, values: {"organisation_id": self.orgs[key[0]].pk, "external_id": key[1], **values},
            journal_ids=lambda obj: {"household_id": obj.pk},
            created_summary=lambda key: self._household_summary(key),
        )
        self.created_households = {o.pk for key, o in self.household_objects.items() if key not in existing}
        current: dict[int, set[str]] = defaultdict(set)
        if existing:
            for household_id, source in HouseholdResource.objects.filter(
                household__organisation_id__in=self._org_ids()
            ).values_list("household_id", "source"):
                current[household_id].add(source)
        stale, fresh = [], []
        for key, sources in resources.items():
            household = self.household_objects[key]
            if current[household.pk] != sources:
                stale.append(household.pk)
                fresh += [{"household_id": household.pk, "source": s} for s in sorted(sources)]
                if key in existing:
                    self._journal(
                        JournalEntry.Action.UPDATE,
                        Household,
                        household,
                        {
                            "resources": {
                                "label": "ressources",
                                "old": ", ".join(sorted(current[household.pk])) or None,
                                "new": ", ".join(sorted(sources)) or None,
                            }
                        },
                        household_id=household.pk,
                    )
        replaced = [pk for pk in stale if pk not in self.created_households]  # new ones have nothing yet
        for start in range(0, len(replaced), 5000):
            HouseholdResource.objects.filter(household_id__in=replaced[start : start + 5000]).delete()
        raw_insert(HouseholdResource, fresh)

    def _write_persons(self) -> None:
        wanted = {}
        for (household_key, person_id), record in self.persons.items():
            v = record.values
            wanted[(household_key, person_id)] = {
                "role": v["role"],
                "sex": v["sexe"],
                "birth_date": v["date_naissance"],
            }
        household_ids = {o.pk: key for key, o in self.household_objects.items()}
        existing = {
            (household_ids[p.household_id], p.external_id): p
            for p in Person.objects.filter(household__organisation_id__in=self._org_ids()).only(
                "pk", "household_id", "external_id", "role", "sex", "birth_date"
            )
            if p.household_id in household_ids
        }
        # The reference role may move from one person to another: demote the old reference first so
        # that the "one reference per household" constraint holds at every statement.
        moving = [
            p
            for key, p in existing.items()
            if key in wanted
            and p.role == PersonRole.REFERENCE
            and wanted[key]["role"] != PersonRole.REFERENCE
        ]
        Person.objects.filter(pk__in=[p.pk for p in moving]).update(role=PersonRole.AUTRE)
        for person in moving:
            person.role = PersonRole.AUTRE
        organisation_of = {o.pk: o.organisation_id for o in self.household_objects.values()}
        self._upsert(
            Person,
            "personnes",
            existing,
            wanted,
            lambda key, values: {
                "household_id": self.household_objects[key[0]].pk,
                "external_id": key[1],
                **values,
            },
            journal_create=lambda key, obj: obj.household_id not in self.created_households,
            journal_ids=lambda obj: {
                "household_id": obj.household_id,
                "organisation_id": organisation_of[obj.household_id],
            },
        )

    def _write_stays(self) -> None:
        wanted = {}
        for key, record in self.stays.items():
            v = record.values
            wanted[key] = {
                "household_id": self.household_objects[v["_household"]].pk,
                "dwelling_id": self.dwelling_objects[v["_dwelling"]].pk,
                "entry_date": v["date_entree"],
                "exit_date": v["date_sortie"],
                "destination": v["destination"] or "",
                "loss_unpaid_rent": bool(v["sinistre_impaye"]),
                "loss_damage": bool(v["sinistre_degradation"]),
                "exit_debt": v["dette_sortie"],
            }
        existing = self._existing(Stay, wanted)
        # Parcours starts, from every stay of the households concerned (dataset and Clef).
        households = {w["household_id"] for w in wanted.values()}
        chains: dict[int, list] = defaultdict(list)
        replaced = {s.pk for s in existing.values()}
        for pk, household_id, entry, exit_, destination in Stay.objects.filter(
            organisation_id__in=self._org_ids()
        ).values_list("pk", "household_id", "entry_date", "exit_date", "destination"):
            if pk not in replaced and household_id in households:
                chains[household_id].append((entry, exit_, destination, None))
        for key, values in wanted.items():
            chains[values["household_id"]].append(
                (values["entry_date"], values["exit_date"], values["destination"], key)
            )
        starts: dict[tuple, date] = {}
        for items in chains.values():
            items.sort(key=lambda i: (i[0], i[1] or MAX_DATE))
            start, previous_move = None, False
            for entry, _exit, destination, key in items:
                if start is None or not previous_move:
                    start = entry
                if key is not None:
                    starts[key] = start
                previous_move = destination == Destination.MUTATION_INTERNE_IML
        for key, values in wanted.items():
            values["pathway_start"] = starts[key]
        self._upsert(
            Stay,
            "sejours",
            existing,
            wanted,
            lambda key, values: {"organisation_id": self.orgs[key[0]].pk, "external_id": key[1], **values},
            journal_create=lambda key, obj: obj.household_id not in self.created_households,
            journal_ids=lambda obj: {"household_id": obj.household_id, "dwelling_id": obj.dwelling_id},
        )


_JSON_CACHE: dict[int, tuple[object, str]] = {}


def _json(value) -> str:
    """JSON text of a value; the same dict object shared by many rows is encoded once."""
    cached = _JSON_CACHE.get(id(value))
    if cached is not None and cached[0] is value:
        return cached[1]
    text = json.dumps(value, ensure_ascii=False)
    if len(_JSON_CACHE) > 1000:
        _JSON_CACHE.clear()
    _JSON_CACHE[id(value)] = (value, text)
    return text


def analyze_after_bulk_load() -> None:
    """Refresh PostgreSQL's statistics after a bulk load, so that the bilan's queries are planned on the
    real sizes (autovacuum would do it later; the next bilan may be computed right now)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Dwelling, Household, HouseholdResource, Person, Stay):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def raw_insert(model, rows: list[dict], batch: int = 5000) -> None:
    """INSERT many rows without building model instances (the import's hot path).

    Values are already typed by the parser; fields absent from a row take their default, auto_now fields
    the current time. Only what the database driver cannot adapt is converted.
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    sqlite = connection.vendor == "sqlite"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    getters = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            getters.append(lambda row, now=now: now)
            continue
        default = f.get_default() if f.has_default() else (None if f.null else "")
        if isinstance(f, models.JSONField):
            getters.append(
                lambda row, name=f.attname, d=default: json.dumps(row.get(name, d), ensure_ascii=False)
            )
        elif sqlite and isinstance(f, models.DecimalField):
            getters.append(lambda row, name=f.attname: None if row.get(name) is None else str(row[name]))
        elif sqlite and isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            getters.append(lambda row, name=f.attname: row[name].isoformat() if row.get(name) else None)
        else:
            getters.append(lambda row, name=f.attname, d=default: row.get(name, d))
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    if connection.vendor == "postgresql":
        # COPY is the fastest way into PostgreSQL (psycopg 3 adapts the Python values).
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(tuple(get(row) for get in getters))
        return
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.executemany(
                sql, [tuple(get(row) for get in getters) for row in rows[start : start + batch]]
            )


def _by_own_id(index: dict[tuple, Record]) -> dict[str, list[tuple]]:
    result: dict[str, list[tuple]] = defaultdict(list)
    for key in index:
        result[key[1]].append(key)
    return result


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def import_dataset(
    dataset: Dataset,
    *,
    acting_user=None,
    dry_run: bool = False,
    restrict_to: Organisation | None = None,
    within: Oversight | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> ImportReport:
    """Validate `dataset`, then (unless dry_run or an error was found) write it in one transaction.

    `restrict_to`: the one structure the file may describe (a director's, or the one a coordinator
    chose). `within`: what the uploader oversees (None: the command line, run by the platform's team)."""
    importer = _Importer(
        dataset, acting_user=acting_user, restrict_to=restrict_to, within=within, progress=progress
    )
    importer.report.dry_run = dry_run
    importer.parse()
    importer.check()
    if importer.report.ok:
        importer.check_overlaps()
    if importer.report.ok and not dry_run:
        importer.write()
    return importer.report
