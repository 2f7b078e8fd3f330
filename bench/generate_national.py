"""National-scale dataset in the exchange format (CSV folder), for the benchmarks.

≈ 60 000 dwellings, 150 000 households, 200 000 stays over 10 years (2015-2024), 600 structures in
every metropolitan department. Deterministic (seeded); a few seconds to write.

    python bench/generate_national.py bench/data/national [--scale 1.0]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "node_modules" / "@etalab" / "decoupage-administratif" / "data"
TYPOLOGIES = ["T1", "T2", "T3", "T4", "T5+"]
MODES = ["mandat_gestion", "sous_location", "bail_glissant"]
COMPOSITIONS = [
    "personne_isolee",
    "couple_sans_enfant",
    "couple_avec_enfants",
    "famille_monoparentale",
    "autre",
]
ORIGINS = [
    "hebergement_urgence",
    "hebergement_insertion",
    "hotel",
    "chez_des_tiers",
    "sans_domicile",
    "habitat_precaire",
    "logement_personnel",
    "sortie_institution",
    "autre",
    "inconnue",
]
RESOURCES = ["salaire", "rsa", "aah", "chomage", "retraite", "prime_activite", "prestations_familiales"]
DESTINATIONS = [
    "parc_social",
    "parc_prive",
    "maintien_glissement_bail",
    "maintien_mandat",
    "logement_accompagne",
    "mutation_parc_associatif",
    "institution",
    "hebergement_tiers",
    "hebergement_urgence_insertion",
    "expulsion",
    "depart_sans_adresse",
    "deces",
    "autre",
    "inconnue",
]
START, END = date(2015, 1, 1), date(2024, 12, 31)


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def siret(index: int) -> str:
    siren = f"98{index:06d}"
    siren += luhn_digit(siren)
    body = siren + "0000"
    return body + luhn_digit(body)


HEADERS = {
    "structures": ["structure_id", "nom", "siret", "departement", "carte_professionnelle"],
    "logements": [
        "logement_id", "structure_id", "commune_insee", "adresse", "typologie", "surface_m2", "places", "parc",
        "mode_gestion", "conventionnement", "niveau_loyer", "loyer_hc", "charges", "date_entree", "date_sortie",
        "motif_sortie",
    ],
    "menages": [
        "menage_id", "structure_id", "composition", "orientation_siao", "dalo", "situation_avant_entree",
        "ressources", "demande_logement_social",
    ],
    "personnes": ["personne_id", "menage_id", "role", "sexe", "date_naissance"],
    "sejours": [
        "sejour_id", "menage_id", "logement_id", "date_entree", "date_sortie", "destination", "sinistre_impaye",
        "sinistre_degradation", "dette_sortie",
    ],
}  # fmt: skip


class Files:
    """The five CSV writers of the dataset, and the rows written to each."""

    def __init__(self, out: Path):
        out.mkdir(parents=True, exist_ok=True)
        self.handles = {
            name: (out / f"{name}.csv").open("w", encoding="utf-8", newline="") for name in HEADERS
        }
        self.writers = {
            name: csv.writer(handle, lineterminator="\n") for name, handle in self.handles.items()
        }
        self.counts = dict.fromkeys(HEADERS, 0)
        for name, header in HEADERS.items():
            self.writers[name].writerow(header)

    def write(self, name: str, row: list) -> None:
        self.writers[name].writerow(row)
        self.counts[name] += 1

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()


def metropolitan_communes() -> dict[str, list[str]]:
    communes = json.loads((DATA / "communes.json").read_text(encoding="utf-8"))
    by_department: dict[str, list[str]] = {}
    for c in communes:
        if (
            c["type"] == "commune-actuelle"
            and c.get("zone") == "metro"
            and c["code"] not in {"75056", "69123", "13055"}
        ):
            by_department.setdefault(c["departement"], []).append(c["code"])
    return by_department


def dwelling_row(rng: random.Random, d: int, sid: str, communes: list[str]) -> tuple[list, date, date | None]:
    span = (END - START).days
    entry = START + timedelta(days=rng.randint(0, span - 400))
    leaves = rng.random() < 0.2
    exit_ = entry + timedelta(days=rng.randint(400, (END - entry).days)) if leaves else None
    parc = "prive" if rng.random() < 0.67 else "public"
    conv = rng.choice(["aucun", "aucun", "sans_travaux", "avec_travaux"]) if parc == "prive" else "aucun"
    typ = rng.choice(TYPOLOGIES)
    row = [
        f"L{d}",
        sid,
        rng.choice(communes[:50]),
        f"{rng.randint(1, 200)} rue du Banc",
        typ,
        f"{rng.uniform(18, 110):.1f}",
        rng.randint(1, 7),
        parc,
        rng.choice(MODES),
        conv,
        rng.choice(["loc1", "loc2", "loc3"]) if conv != "aucun" else "",
        f"{rng.uniform(250, 900):.2f}",
        f"{rng.uniform(20, 150):.2f}",
        entry.isoformat(),
        exit_.isoformat() if exit_ else "",
        rng.choice(["fin_mandat", "reprise_proprietaire"]) if exit_ else "",
    ]
    return row, entry, exit_


def dwelling_stays(rng, stays: list, sid: str, d: int, entry: date, exit_: date | None, per_dwelling: float):
    """Stays one after another in this dwelling, within its park period."""
    cursor, limit = entry + timedelta(days=rng.randint(0, 30)), exit_ or END
    wanted = max(1, round(rng.expovariate(1 / per_dwelling)))
    length = max(60, ((limit - cursor).days // wanted))
    for _ in range(wanted):
        if cursor >= limit:
            break
        end = cursor + timedelta(days=rng.randint(max(30, length // 2), length))
        if end >= limit or rng.random() < 0.05:
            end = None if exit_ is None else limit
        stays.append((sid, f"S{len(stays)}", f"L{d}", cursor, end))
        if end is None:
            break
        cursor = end + timedelta(days=rng.randint(1, 40))


def new_household(rng: random.Random, files: Files, sid: str) -> str:
    """A household with members that agree with its composition (a couple has a conjoint, a family a child)."""
    household = f"M{files.counts['menages']}"
    composition = rng.choice(COMPOSITIONS)
    files.write(
        "menages",
        [
            household,
            sid,
            composition,
            "oui" if rng.random() < 0.8 else "non",
            "oui" if rng.random() < 0.05 else "non",
            rng.choice(ORIGINS),
            "|".join(sorted(rng.sample(RESOURCES, rng.randint(0, 2)))),
            "oui",
        ],
    )
    sex, born = rng.choice("FM"), rng.randint(1945, 2004)
    files.write("personnes", [f"{household}-1", household, "reference", sex, born])
    if composition.startswith("couple"):  # no random draw: the rest of the dataset stays the same
        files.write(
            "personnes", [f"{household}-c", household, "conjoint", "M" if sex == "F" else "F", born + 2]
        )
    if composition in {"couple_avec_enfants", "famille_monoparentale"}:
        files.write(
            "personnes", [f"{household}-2", household, "enfant", rng.choice("FM"), rng.randint(2005, 2020)]
        )
    return household


def households_and_stays(rng: random.Random, files: Files, stays: list) -> None:
    """Most stays are one household; ~25 % are a re-entry of an earlier household of the same structure
    whose stay ended before (so that 200 000 stays make ≈ 150 000 households)."""
    stays.sort(key=lambda s: (s[0], s[3]))
    free: list[tuple[date, str]] = []
    current = None
    for sid, stay_id, dwelling, entry, end in stays:
        if sid != current:
            current, free = sid, []
        household = None
        if free and rng.random() < 0.26 and free[0][0] < entry:
            _, household = free.pop(0)
        if household is None:
            household = new_household(rng, files, sid)
        destination = rng.choice(DESTINATIONS) if end else ""
        files.write(
            "sejours",
            [
                stay_id,
                household,
                dwelling,
                entry.isoformat(),
                end.isoformat() if end else "",
                destination,
                "oui" if end and rng.random() < 0.2 else "non",
                "oui" if end and rng.random() < 0.1 else "non",
                "",
            ],
        )
        if end is not None:
            free.append((end, household))
            free.sort()


def generate(out: Path, scale: float = 1.0, seed: int = 2024) -> dict[str, int]:
    rng = random.Random(seed)
    by_department = metropolitan_communes()
    departments = sorted(by_department)
    n_structures, n_dwellings, target_stays = int(600 * scale), int(60_000 * scale), int(200_000 * scale)
    structures = [(f"N{i:04d}", departments[i % len(departments)]) for i in range(n_structures)]
    files = Files(out)
    for i, (sid, dep) in enumerate(structures):
        files.write("structures", [sid, f"Structure nationale {i}", siret(i), dep, "oui" if i % 2 else "non"])
    stays_per_dwelling = 1.12 * target_stays / n_dwellings
    stays: list[tuple] = []  # (structure, stay_id, dwelling_id, entry, exit)
    for d in range(n_dwellings):
        sid, dep = structures[d % n_structures]
        row, entry, exit_ = dwelling_row(rng, d, sid, by_department[dep])
        files.write("logements", row)
        dwelling_stays(rng, stays, sid, d, entry, exit_, stays_per_dwelling)
    households_and_stays(rng, files, stays)
    files.close()
    return files.counts


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    print(generate(args.out, args.scale))
