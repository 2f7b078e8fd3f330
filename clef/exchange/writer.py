"""Writing a validated dataset, in one transaction, table after table: structures, dwellings, households
(and their resources), persons, stays (with their pathway start). Each table goes through
clef/exchange/upsert.py: compared by row hash, created or updated in bulk, journaled."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import F

from clef.dwellings.models import Dwelling
from clef.exchange import finance, pathways, rules
from clef.exchange.report import Context
from clef.exchange.upsert import Journal, Target, Upsert
from clef.exchange.validation import Checked
from clef.households.enums import PersonRole
from clef.households.models import Household, HouseholdResource, Person
from clef.journal.models import JournalEntry
from clef.journal.services import change, labels_of
from clef.organisations.models import Organisation, OrganisationKind
from clef.stays.models import Stay
from clef.utils.bulk import SCAN, analyze_after_bulk_load, chunks, raw_insert, row_hash

STRUCTURE_FIELDS = ("name", "siret", "head_office_department_id", "has_carte_professionnelle")
DWELLING_FIELDS = (
    "commune_id", "address", "typology", "surface_m2", "places", "parc", "management_mode", "conventionnement",
    "rent_level", "rent_hc", "charges", "entry_date", "exit_date", "exit_reason",
)  # fmt: skip
HOUSEHOLD_FIELDS = ("composition", "siao_oriented", "dalo", "prior_situation", "social_housing_demand")
PERSON_FIELDS = ("role", "sex", "birth_date")
STAY_FIELDS = (
    "household_id", "dwelling_id", "entry_date", "exit_date", "destination", "loss_unpaid_rent", "loss_damage",
    "exit_debt", "pathway_start",
)  # fmt: skip


def write(ctx: Context, checked: Checked) -> None:
    """Write the dataset in one transaction. The optional files of the pathways come last (their rows name
    the séjours and households just written); a problem there, or a dry run, rolls everything back."""
    writer = Writer(ctx, checked)
    try:
        with transaction.atomic():
            for step, (label, method) in enumerate(writer.steps()):
                ctx.progress(step, 6, label)
                method()
            ctx.progress(5, 6, "Journalisation")
            writer.journal.flush()
            writer.bump_household_versions()
            for optional in (pathways, finance):  # the optional files: issue 8's, then issue 10's
                optional.write(ctx, checked)
            if not ctx.report.ok or ctx.report.dry_run:
                raise pathways.RolledBack
    except pathways.RolledBack:
        ctx.report.counts = {}  # nothing was written
        return
    ctx.report.written = True
    if any(c["créés"] or c["modifiés"] for c in ctx.report.counts.values()):  # nothing new: nothing to learn
        analyze_after_bulk_load(Dwelling, Household, HouseholdResource, Person, Stay)


def stored(model, filters: dict, key_fields: tuple[str, ...], fields: tuple[str, ...]):
    """(key values, pk, digest of `fields`) of the stored rows, read as plain values in chunks."""
    rows = model.objects.filter(**filters).values_list(*key_fields, "pk", *fields).order_by()
    width = len(key_fields)
    for row in rows.iterator(chunk_size=SCAN):
        yield row[:width], row[width], row_hash(row[width + 1 :])


class Writer:
    def __init__(self, ctx: Context, checked: Checked):
        self.ctx, self.checked, self.orgs = ctx, checked, checked.orgs
        self.journal = Journal(ctx)
        self.dwelling_ids: dict[tuple, int] = {}
        self.household_ids: dict[tuple, int] = {}
        self.created_households: set[int] = set()

    def steps(self):
        return [
            ("Enregistrement des structures", self.structures),
            ("Enregistrement des logements", self.dwellings),
            ("Enregistrement des ménages", self.households),
            ("Enregistrement des personnes", self.persons),
            ("Enregistrement des séjours", self.stays),
        ]

    def org_ids(self) -> list[int]:
        """The organisations the dataset touches (filters by organisation beat huge id lists)."""
        checked = self.checked
        sids = (
            set(checked.structures) | {k[0] for k in checked.dwellings} | {k[0] for k in checked.households}
        )
        return sorted(self.orgs[sid].pk for sid in sids)

    def upsert(self, target: Target, wanted, existing: dict, read_ids) -> dict:
        return Upsert(self.ctx, self.journal, target, read_ids).run(wanted, existing)

    def read_org_ids(self, model):
        """{key: pk} of the rows of `model` for the organisations of the dataset (after an insert)."""

        def read(keys: list[tuple]) -> dict:
            sid_of = {self.orgs[sid].pk: sid for sid in {k[0] for k in keys}}
            rows = model.objects.filter(organisation_id__in=list(sid_of)).values_list(
                "organisation_id", "external_id", "pk"
            )
            return {(sid_of[o], e): pk for o, e, pk in rows.iterator(chunk_size=SCAN)}

        return read

    def existing_by_org(self, model, fields: tuple[str, ...]) -> dict:
        sid_of = {org.pk: sid for sid, org in self.orgs.items()}
        found = stored(
            model, {"organisation_id__in": self.org_ids()}, ("organisation_id", "external_id"), fields
        )
        return {(sid_of[org_id], external_id): (pk, digest) for (org_id, external_id), pk, digest in found}

    # ------------------------------------------------------------------ structures
    def structures(self) -> None:
        wanted = {}
        for sid, row in self.checked.structures.items():
            org = self.orgs.get(sid)
            wanted[sid] = {
                "name": row.nom,
                # An empty or absent cell keeps what Clef has (validation refused an explicit clearing).
                "siret": row.siret or (org.siret if org else ""),
                "head_office_department_id": row.departement,
                "has_carte_professionnelle": bool(row.carte_professionnelle)
                if row.carte_given or org is None
                else org.has_carte_professionnelle,
            }
        existing = {
            sid: (org.pk, row_hash(getattr(org, f) for f in STRUCTURE_FIELDS))
            for sid, org in self.orgs.items()
            if sid in wanted
        }
        target = Target(
            Organisation,
            "structures",
            STRUCTURE_FIELDS,
            make=lambda sid, values: {"kind": OrganisationKind.OPERATOR, "external_id": sid, **values},
            journal_ids=lambda sid, pk: {"organisation_id": pk},  # an organisation's entries are its own
        )

        def read_ids(keys: list) -> dict:
            return dict(Organisation.objects.filter(external_id__in=keys).values_list("external_id", "pk"))

        ids = self.upsert(target, wanted.items(), existing, read_ids)
        new = {sid: pk for sid, pk in ids.items() if sid not in self.orgs}
        for org in Organisation.objects.filter(pk__in=new.values()):
            self.orgs[org.external_id] = org
        Organisation.departments.through.objects.bulk_create(
            [
                Organisation.departments.through(
                    organisation_id=pk, department_id=wanted[sid]["head_office_department_id"]
                )
                for sid, pk in new.items()
            ],
            ignore_conflicts=True,
        )

    # ------------------------------------------------------------------ dwellings
    def dwellings(self) -> None:
        def wanted():
            for key, row in self.checked.dwellings.items():
                yield (
                    key,
                    {
                        "commune_id": row.commune_insee,
                        "address": row.adresse or "",
                        "typology": row.typologie,
                        "surface_m2": row.surface_m2,
                        "places": row.places,
                        "parc": row.parc,
                        "management_mode": row.mode_gestion,
                        "conventionnement": row.conventionnement or "aucun",
                        "rent_level": row.niveau_loyer or "",
                        "rent_hc": row.loyer_hc,
                        "charges": row.charges,
                        "entry_date": row.date_entree,
                        "exit_date": row.date_sortie,
                        "exit_reason": row.motif_sortie or "",
                    },
                )

        target = Target(
            Dwelling,
            "logements",
            DWELLING_FIELDS,
            make=lambda key, values: {
                "organisation_id": self.orgs[key[0]].pk,
                "external_id": key[1],
                **values,
            },
            journal_ids=lambda key, pk: {"organisation_id": self.orgs[key[0]].pk, "dwelling_id": pk},
        )
        existing = self.existing_by_org(Dwelling, DWELLING_FIELDS)
        self.dwelling_ids = self.upsert(target, wanted(), existing, self.read_org_ids(Dwelling))

    # ------------------------------------------------------------------ households and resources
    def households(self) -> None:
        def wanted():
            for key, row in self.checked.households.items():
                yield (
                    key,
                    {
                        "composition": row.composition,
                        "siao_oriented": bool(row.orientation_siao),
                        "dalo": bool(row.dalo),
                        "prior_situation": row.situation_avant_entree,
                        "social_housing_demand": bool(row.demande_logement_social),
                    },
                )

        existing = self.existing_by_org(Household, HOUSEHOLD_FIELDS)
        target = Target(
            Household,
            "menages",
            HOUSEHOLD_FIELDS,
            make=lambda key, values: {
                "organisation_id": self.orgs[key[0]].pk,
                "external_id": key[1],
                **values,
            },
            journal_ids=lambda key, pk: {"organisation_id": self.orgs[key[0]].pk, "household_id": pk},
            created_summary=self.household_summary,
        )
        self.household_ids = self.upsert(target, wanted(), existing, self.read_org_ids(Household))
        self.created_households = {pk for key, pk in self.household_ids.items() if key not in existing}
        self.resources(existing)

    def household_summary(self, key: tuple) -> str:
        """What arrived with a household created by the import (journaled once, on the household)."""
        if not hasattr(self, "_contents"):
            self._contents: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
            for person_key in self.checked.persons:
                self._contents[person_key[0]][0] += 1
            for stay_key, row in self.checked.stays.items():
                self._contents[self.checked.household_of(stay_key, row)][1] += 1
        persons, stays = self._contents[key]
        return f"{persons} personne(s), {stays} séjour(s)"

    def resources(self, existing: dict) -> None:
        """A household's resources are replaced when they differ from the file's (journaled on it)."""
        current: dict[int, tuple] = {}
        if existing:
            rows = HouseholdResource.objects.filter(household__organisation_id__in=self.org_ids())
            grouped: dict[int, list[str]] = defaultdict(list)
            for household_id, source in rows.values_list("household_id", "source").iterator(chunk_size=SCAN):
                grouped[household_id].append(source)
            current = {pk: tuple(sorted(sources)) for pk, sources in grouped.items()}
        source_field = HouseholdResource._meta.get_field("source")
        stale, fresh = [], []
        for key, row in self.checked.households.items():
            pk, sources = self.household_ids[key], tuple(row.ressources or ())
            old = current.get(pk, ())
            if old == sources:
                continue
            stale.append(pk)
            fresh += [{"household_id": pk, "source": s} for s in sources]
            if key in existing:
                lines = {
                    "resources": change(
                        "ressources", labels_of(source_field, old), labels_of(source_field, sources)
                    )
                }
                ids = {"organisation_id": self.orgs[key[0]].pk, "household_id": pk}
                self.journal.add(Household, JournalEntry.Action.UPDATE, pk, lines, ids)
        replaced = [pk for pk in stale if pk not in self.created_households]  # new ones have nothing yet
        for chunk in chunks(replaced):
            HouseholdResource.objects.filter(household_id__in=chunk).delete()
        raw_insert(HouseholdResource, fresh)

    # ------------------------------------------------------------------ persons
    def persons(self) -> None:
        key_of = {pk: key for key, pk in self.household_ids.items()}
        organisation_of = {pk: self.orgs[key[0]].pk for key, pk in self.household_ids.items()}
        existing, references = {}, []
        rows = Person.objects.filter(household__organisation_id__in=self.org_ids()).order_by()
        for row in rows.values_list("household_id", "external_id", "pk", *PERSON_FIELDS).iterator(
            chunk_size=SCAN
        ):
            if row[0] in key_of:
                key = (key_of[row[0]], row[1])
                existing[key] = (row[2], row_hash(row[3:]))
                if row[3] == PersonRole.REFERENCE:  # PERSON_FIELDS begins with the role
                    references.append((key, row[2]))
        # The reference role may move from one person to another: demote the old reference first so that
        # the "one reference per household" constraint holds at every statement.
        persons = self.checked.persons
        moving = [
            pk for key, pk in references if key in persons and persons[key].role != PersonRole.REFERENCE
        ]
        for chunk in chunks(moving):
            Person.objects.filter(pk__in=chunk).update(role=PersonRole.AUTRE)
        demoted = {pk: {"role": PersonRole.REFERENCE.value} for pk in moving}

        def wanted():
            for key, row in persons.items():
                yield key, {"role": row.role, "sex": row.sexe, "birth_date": row.date_naissance}

        def read_ids(keys: list) -> dict:
            rows = Person.objects.filter(household__organisation_id__in=self.org_ids()).values_list(
                "household_id", "external_id", "pk"
            )
            return {(key_of[h], e): pk for h, e, pk in rows.iterator(chunk_size=SCAN) if h in key_of}

        target = Target(
            Person,
            "personnes",
            PERSON_FIELDS,
            make=lambda key, values: {
                "household_id": self.household_ids[key[0]],
                "external_id": key[1],
                **values,
            },
            journal_ids=lambda key, pk: {
                "household_id": self.household_ids[key[0]],
                "organisation_id": organisation_of[self.household_ids[key[0]]],
            },
            journal_create=lambda key: self.household_ids[key[0]] not in self.created_households,
            before=demoted,
        )
        self.upsert(target, wanted(), existing, read_ids)

    # ------------------------------------------------------------------ stays
    def stays(self) -> None:
        existing = self.existing_by_org(Stay, STAY_FIELDS)
        starts = self.pathway_starts(existing)

        def wanted():
            for key, row in self.checked.stays.items():
                yield (
                    key,
                    {
                        "household_id": self.household_ids[(key[0], row.menage_id)],  # checked.household_of
                        "dwelling_id": self.dwelling_ids[(key[0], row.logement_id)],
                        "entry_date": row.date_entree,
                        "exit_date": row.date_sortie,
                        "destination": row.destination or "",
                        "loss_unpaid_rent": bool(row.sinistre_impaye),
                        "loss_damage": bool(row.sinistre_degradation),
                        "exit_debt": row.dette_sortie,
                        "pathway_start": starts[key],
                    },
                )

        target = Target(
            Stay,
            "sejours",
            STAY_FIELDS,
            make=lambda key, values: {
                "organisation_id": self.orgs[key[0]].pk,
                "external_id": key[1],
                **values,
            },
            journal_ids=self.stay_journal_ids,
            journal_create=lambda key: self.stay_household(key) not in self.created_households,
        )
        self.upsert(target, wanted(), existing, self.read_org_ids(Stay))

    def stay_household(self, key: tuple) -> int:
        return self.household_ids[self.checked.household_of(key, self.checked.stays[key])]

    def stay_journal_ids(self, key: tuple, pk: int) -> dict:
        row = self.checked.stays[key]
        return {
            "organisation_id": self.orgs[key[0]].pk,
            "household_id": self.household_ids[self.checked.household_of(key, row)],
            "dwelling_id": self.dwelling_ids[self.checked.dwelling_of(key, row)],
        }

    def pathway_starts(self, existing: dict) -> dict[tuple, object]:
        """Pathway chaining, from every stay of the households concerned (the file's and Clef's others)."""
        checked = self.checked
        chains: dict[int, list] = defaultdict(list)
        for key, row in checked.stays.items():
            household_id = self.household_ids[(key[0], row.menage_id)]  # checked.household_of
            chains[household_id].append((row.date_entree, row.date_sortie, row.destination or "", key))
        # `existing` holds every stored stay of these structures: those the file does not list are read.
        others = [pk for key, (pk, _digest) in existing.items() if key not in checked.stays]
        for chunk in chunks(others):
            rows = Stay.objects.filter(pk__in=chunk).values_list(
                "household_id", "entry_date", "exit_date", "destination"
            )
            for household_id, entry, exit_, destination in rows:
                if household_id in chains:
                    chains[household_id].append((entry, exit_, destination, None))
        starts: dict[tuple, object] = {}
        for stays in chains.values():
            starts.update(rules.pathway_starts(stays))
        return starts

    # ------------------------------------------------------------------ versions
    def bump_household_versions(self) -> None:
        """A household whose members or resources the import changed gets a new version, so that an edit
        form opened before the import is refused (optimistic concurrency) instead of undoing it."""
        ids = sorted(self.journal.touched_households - self.created_households)
        for chunk in chunks(ids):
            Household.objects.filter(pk__in=chunk).update(version=F("version") + 1)
