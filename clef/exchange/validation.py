"""Validation of a whole dataset before anything is written: who may import what (the uploader's
perimeter), ids unique and references resolved across files, and the register rules
(clef/exchange/rules.py) on each row, across files and against the stays already in Clef."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from clef.exchange import rules
from clef.exchange.report import OUTSIDE, Context
from clef.exchange.spec import FILE_BY_NAME, OPTIONAL_FILES
from clef.organisations.models import Organisation, OrganisationKind
from clef.stays.models import Stay
from clef.utils.bulk import SCAN, chunks


@dataclass
class Checked:
    """The dataset's rows by key, as the writer needs them. Keys: a structure's id; (structure id, own id)
    for dwellings, households and stays; (household key, own id) for persons."""

    orgs: dict[str, Organisation]  # organisations of Clef by external id (the writer adds the new ones)
    structures: dict = field(default_factory=dict)
    dwellings: dict = field(default_factory=dict)
    households: dict = field(default_factory=dict)
    persons: dict = field(default_factory=dict)
    stays: dict = field(default_factory=dict)
    # Optional files of the pathways: name → {key: row}, checked against Clef once the v1 files are written
    # (clef.exchange.pathways).
    optional: dict = field(default_factory=dict)

    def household_of(self, stay_key: tuple, row) -> tuple:
        return (stay_key[0], row.menage_id)

    def dwelling_of(self, stay_key: tuple, row) -> tuple:
        return (stay_key[0], row.logement_id)


def validate(ctx: Context, records: dict[str, list]) -> Checked:
    validator = Validator(ctx, records)
    validator.check()
    if ctx.report.ok:
        validator.check_overlaps()
    return validator.checked


AMBIGUOUS = ("", "")
# The key of a row of each optional file: one row per key in a file (a second one is an error).
OPTIONAL_KEYS = {
    "choix_entrees": lambda r: (r.structure_id, r.sejour_id),
    "echeances": lambda r: (r.structure_id, r.sejour_id, r.numero),
    "bilans_sortie": lambda r: (r.structure_id, r.sejour_id),
    "sollicitations": lambda r: (r.structure_id, r.menage_id, r.date, r.objet),
    "impayes": lambda r: (r.structure_id, r.sejour_id, r.date_arrete),
    "subventions": lambda r: (r.structure_id, r.annee),
}  # an own id that several structures of the file use


def _by_own_id(index: dict) -> dict[str, tuple]:
    """Own id → the key (structure id, own id) of the only row that has it, or AMBIGUOUS."""
    result: dict[str, tuple] = {}
    for key in index:
        result[key[1]] = AMBIGUOUS if key[1] in result else key
    return result


class Validator:
    def __init__(self, ctx: Context, records: dict[str, list]):
        self.ctx, self.records, self.error = ctx, records, ctx.error
        orgs = Organisation.objects.filter(external_id__isnull=False).select_related("head_office_department")
        self.checked = Checked(orgs={o.external_id: o for o in orgs})

    def check(self) -> None:
        checked, restrict_to = self.checked, self.ctx.restrict_to
        checked.structures = self.unique("structures", lambda r: r.structure_id)
        for row in self.records["structures"]:
            if restrict_to is not None and row.structure_id not in (None, restrict_to.external_id):
                self.error("structures", row.line, "structure_id", row.structure_id, self.only_yours())
        for sid, row in checked.structures.items():
            org = checked.orgs.get(sid)
            if org is None:
                self.check_new_structure(sid, row)
            else:
                self.check_known_structure(sid, row, org)
        checked.dwellings = self.unique("logements", lambda r: (r.structure_id, r.logement_id))
        for row in self.records["logements"]:
            if self.structure_ok("logements", row):
                for violation in rules.dwelling_coherence(row):
                    self.error("logements", row.line, *violation)
        checked.households = self.unique("menages", lambda r: (r.structure_id, r.menage_id))
        for row in self.records["menages"]:
            self.structure_ok("menages", row)
        self.check_persons()
        self.check_stays()
        self.check_optional()

    def check_optional(self) -> None:
        """Rows of the optional files: their structure in the uploader's scope, their key once in the file."""
        for spec in OPTIONAL_FILES:
            rows = [row for row in self.records[spec.name] if self.structure_ok(spec.name, row)]
            self.records[spec.name] = rows
            self.checked.optional[spec.name] = self.unique(spec.name, OPTIONAL_KEYS[spec.name])

    def only_yours(self) -> str:
        return f"vous ne pouvez importer que les données de votre structure ({self.ctx.restrict_to.external_id})."

    def structure_ok(self, file: str, row) -> bool:
        """The row's structure is known (in the file or in Clef), an operator, and the uploader's."""
        sid, restrict_to, within = row.structure_id, self.ctx.restrict_to, self.ctx.within
        if sid is None:
            return False
        org = self.checked.orgs.get(sid)
        if sid not in self.checked.structures and org is None:
            message = "structure inconnue : absente de structures.csv et de Clef."
        elif restrict_to is not None and sid != restrict_to.external_id:
            message = self.only_yours()
        elif org is not None and org.kind != OrganisationKind.OPERATOR:
            message = "cet identifiant n'est pas une structure agréée."
        elif org is not None and within is not None and not within.covers(org):
            message = OUTSIDE
        else:
            return True
        self.error(file, row.line, "structure_id", sid, message)
        return False

    def check_new_structure(self, sid: str, row) -> None:
        """A structure Clef does not know: created only within the uploader's perimeter, never by another."""
        within = self.ctx.within
        if within is None:
            return
        if within.kind == "structure":
            self.error(
                "structures",
                row.line,
                "structure_id",
                sid,
                "une structure ne peut pas en créer une autre par un import.",
            )
        elif not within.covers_department(row.departement):
            message = "vous ne pouvez pas créer de structure hors de votre périmètre."
            self.error("structures", row.line, "departement", row.departement, message)

    def check_known_structure(self, sid: str, row, org: Organisation) -> None:
        """Only an operator inside the uploader's perimeter, never moved out of it, never losing its SIRET
        or carte professionnelle."""
        within, line, department = self.ctx.within, row.line, row.departement
        if org.kind != OrganisationKind.OPERATOR:
            message = (
                "cet identifiant est celui d'une organisation qui n'est pas une structure agréée "
                f"({org.get_kind_display()}) : un import ne peut pas la modifier."
            )
            self.error("structures", line, "structure_id", sid, message)
            return
        if within is not None and not within.covers(org):
            self.error("structures", line, "structure_id", sid, OUTSIDE)
            return
        if department and department != org.head_office_department_id and within is not None:
            if within.kind == "structure":
                message = (
                    f"le département du siège ({org.head_office_department_id}) ne se change pas par un import : "
                    "demandez-le à la coordination."
                )
                self.error("structures", line, "departement", department, message)
            elif not within.covers_department(department):
                message = (
                    "ce département est hors de votre périmètre : la structure ne peut pas y être déplacée."
                )
                self.error("structures", line, "departement", department, message)
        if not row.siret_given and org.siret and "siret" in self.ctx.header("structures"):
            message = f"le SIRET enregistré ({org.siret}) ne peut pas être effacé par un import."
            self.error("structures", line, "siret", "", message)
        if row.carte_given and row.carte_professionnelle is False and org.has_carte_professionnelle:
            message = "la carte professionnelle enregistrée ne peut pas être retirée par un import : modifiez-la dans Clef."
            self.error("structures", line, "carte_professionnelle", "non", message)

    def unique(self, file: str, key_of) -> dict:
        """Rows by key; a second row with the same key is an error (and left out)."""
        result: dict = {}
        own = FILE_BY_NAME[file].key
        for row in self.records[file]:
            key = key_of(row)
            if key is None or (isinstance(key, tuple) and None in key):
                continue
            if key in result:
                message = f"identifiant en double (déjà ligne {result[key].line})."
                self.error(file, row.line, own, getattr(row, own), message)
                continue
            result[key] = row
        return result

    def resolve(self, file: str, row, column: str, keys: dict[str, tuple]) -> tuple | None:
        """The key of the household or dwelling a row names by its own id (unique across structures)."""
        own = getattr(row, column)
        if own is None:
            return None
        key = keys.get(own)
        if key is None:
            label, source = (
                ("ménage", "menages.csv") if column == "menage_id" else ("logement", "logements.csv")
            )
            self.error(file, row.line, column, own, f"{label} inconnu : absent de {source}.")
            return None
        if key is AMBIGUOUS:
            message = "identifiant ambigu : plusieurs structures du fichier l'utilisent."
            self.error(file, row.line, column, own, message)
            return None
        return key

    def check_persons(self) -> None:
        """Persons resolved to their household; then each household's members: one reference person, a
        composition that agrees with them."""
        checked = self.checked
        self.household_keys = household_keys = _by_own_id(checked.households)
        self.roles: dict[tuple, list[str]] = defaultdict(list)
        for row in self.records["personnes"]:
            household = self.resolve("personnes", row, "menage_id", household_keys)
            if household is None:
                continue
            key = (household, row.personne_id)
            if key in checked.persons:
                message = f"identifiant en double (déjà ligne {checked.persons[key].line})."
                self.error("personnes", row.line, "personne_id", row.personne_id, message)
                continue
            checked.persons[key] = row
            self.roles[household].append(row.role)
        for key, household in checked.households.items():
            roles = self.roles.get(key, [])
            for violation in rules.one_reference_person(household, roles):
                self.error("menages", household.line, *violation)
            for violation in rules.composition_matches_members(household, roles):
                self.error("menages", household.line, *violation)

    def check_stays(self) -> None:
        checked = self.checked
        household_keys, dwelling_keys = self.household_keys, _by_own_id(checked.dwellings)
        for row in self.records["sejours"]:
            household = self.resolve("sejours", row, "menage_id", household_keys)
            dwelling = self.resolve("sejours", row, "logement_id", dwelling_keys)
            if household is None or dwelling is None:
                continue
            if message := rules.same_structure(household, dwelling):
                self.error("sejours", row.line, "logement_id", row.logement_id, message)
                continue
            key = (household[0], row.sejour_id)
            if key in checked.stays:
                self.error(
                    "sejours",
                    row.line,
                    "sejour_id",
                    key[1],
                    f"identifiant en double (déjà ligne {checked.stays[key].line}).",
                )
                continue
            checked.stays[key] = row
            for violation in rules.stay_dates(row) or rules.stay_fits_dwelling(
                row, checked.dwellings[dwelling]
            ):
                self.error("sejours", row.line, *violation)
            warning = rules.places_for_household(
                checked.dwellings[dwelling], len(self.roles.get(household, ()))
            )
            if warning:
                self.ctx.warning("sejours", row.line, "logement_id", warning)

    def stored_stays(self):
        """(structure id, household id, dwelling id, entry, exit) of the stays of Clef that the file does
        not replace: found by id first, read in full only for those (a re-import replaces them all)."""
        checked = self.checked
        orgs = {checked.orgs[sid].pk: sid for sid in {k[0] for k in checked.stays} if sid in checked.orgs}
        ids = Stay.objects.filter(organisation_id__in=list(orgs)).values_list(
            "organisation_id", "external_id", "pk"
        )
        others = [
            pk
            for org_id, stay_id, pk in ids.iterator(chunk_size=SCAN)
            if (orgs[org_id], stay_id) not in checked.stays
        ]
        for chunk in chunks(others):
            rows = Stay.objects.filter(pk__in=chunk).values_list(
                "organisation_id",
                "household__external_id",
                "dwelling__external_id",
                "entry_date",
                "exit_date",
            )
            for org_id, household_id, dwelling_id, entry, exit_ in rows:
                yield orgs[org_id], household_id, dwelling_id, entry, exit_

    def check_overlaps(self) -> None:
        """Two stays of the same dwelling, or of the same household, may not overlap (dataset + Clef)."""
        checked = self.checked
        by_dwelling: dict[tuple, list] = defaultdict(list)
        by_household: dict[tuple, list] = defaultdict(list)
        for sid, household_id, dwelling_id, entry, exit_ in self.stored_stays():
            by_dwelling[(sid, dwelling_id)].append(rules.Period(entry, exit_, None))
            by_household[(sid, household_id)].append(rules.Period(entry, exit_, None))
        for key, row in checked.stays.items():
            if row.date_entree is not None:
                period = rules.Period(row.date_entree, row.date_sortie, row.line)
                by_dwelling[(key[0], row.logement_id)].append(period)  # checked.dwelling_of, inlined
                by_household[(key[0], row.menage_id)].append(period)
        for groups, dwelling in ((by_dwelling, True), (by_household, False)):
            for periods in groups.values():
                for previous, current in rules.overlapping(periods):
                    line = current.line or previous.line
                    if line is not None:
                        value = current.entry.isoformat()
                        self.error(
                            "sejours", line, "date_entree", value, rules.overlap_message(dwelling, previous)
                        )
