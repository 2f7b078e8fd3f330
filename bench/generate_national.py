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


def generate(out: Path, scale: float = 1.0, seed: int = 2024) -> dict[str, int]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    communes = json.loads((DATA / "communes.json").read_text(encoding="utf-8"))
    by_department: dict[str, list[str]] = {}
    for c in communes:
        if (
            c["type"] == "commune-actuelle"
            and c.get("zone") == "metro"
            and c["code"] not in {"75056", "69123", "13055"}
        ):
            by_department.setdefault(c["departement"], []).append(c["code"])
    departments = sorted(by_department)
    n_structures, n_dwellings, target_stays = int(600 * scale), int(60_000 * scale), int(200_000 * scale)
    structures = [(f"N{i:04d}", departments[i % len(departments)]) for i in range(n_structures)]
    counts = {"structures": 0, "logements": 0, "menages": 0, "personnes": 0, "sejours": 0}

    def writer(name, header):
        handle = (out / f"{name}.csv").open("w", encoding="utf-8", newline="")
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(header)
        return handle, w

    fs, ws = writer("structures", ["structure_id", "nom", "siret", "departement", "carte_professionnelle"])
    for i, (sid, dep) in enumerate(structures):
        ws.writerow([sid, f"Structure nationale {i}", siret(i), dep, "oui" if i % 2 else "non"])
        counts["structures"] += 1
    fs.close()

    fl, wl = writer(
        "logements",
        [
            "logement_id",
            "structure_id",
            "commune_insee",
            "adresse",
            "typologie",
            "surface_m2",
            "places",
            "parc",
            "mode_gestion",
            "conventionnement",
            "niveau_loyer",
            "loyer_hc",
            "charges",
            "date_entree",
            "date_sortie",
            "motif_sortie",
        ],
    )
    stays_per_dwelling = 1.12 * target_stays / n_dwellings
    stays: list[tuple] = []  # (structure, stay_id, dwelling_id, entry, exit)
    span = (END - START).days
    for d in range(n_dwellings):
        sid, dep = structures[d % n_structures]
        entry = START + timedelta(days=rng.randint(0, span - 400))
        leaves = rng.random() < 0.2
        exit_ = entry + timedelta(days=rng.randint(400, (END - entry).days)) if leaves else None
        parc = "prive" if rng.random() < 0.67 else "public"
        conv = rng.choice(["aucun", "aucun", "sans_travaux", "avec_travaux"]) if parc == "prive" else "aucun"
        typ = rng.choice(TYPOLOGIES)
        wl.writerow(
            [
                f"L{d}",
                sid,
                rng.choice(by_department[dep][:50]),
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
        )
        counts["logements"] += 1
        # Stays one after another in this dwelling, within its park period.
        cursor, limit = entry + timedelta(days=rng.randint(0, 30)), exit_ or END
        wanted = max(1, round(rng.expovariate(1 / stays_per_dwelling)))
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
    fl.close()

    # Households: most stays are one household; ~25 % are a re-entry of an earlier household of the same
    # structure whose stay ended before (so that 200 000 stays make ≈ 150 000 households).
    stays.sort(key=lambda s: (s[0], s[3]))
    fm, wm = writer(
        "menages",
        [
            "menage_id",
            "structure_id",
            "composition",
            "orientation_siao",
            "dalo",
            "situation_avant_entree",
            "ressources",
            "demande_logement_social",
        ],
    )
    fp, wp = writer("personnes", ["personne_id", "menage_id", "role", "sexe", "date_naissance"])
    fj, wj = writer(
        "sejours",
        [
            "sejour_id",
            "menage_id",
            "logement_id",
            "date_entree",
            "date_sortie",
            "destination",
            "sinistre_impaye",
            "sinistre_degradation",
            "dette_sortie",
        ],
    )
    free: list[tuple[date, str]] = []
    current = None
    for sid, stay_id, dwelling, entry, end in stays:
        if sid != current:
            current, free = sid, []
        household = None
        if free and rng.random() < 0.26 and free[0][0] < entry:
            _, household = free.pop(0)
        if household is None:
            household = f"M{counts['menages']}"
            counts["menages"] += 1
            composition = rng.choice(COMPOSITIONS)
            wm.writerow(
                [
                    household,
                    sid,
                    composition,
                    "oui" if rng.random() < 0.8 else "non",
                    "oui" if rng.random() < 0.05 else "non",
                    rng.choice(ORIGINS),
                    "|".join(sorted(rng.sample(RESOURCES, rng.randint(0, 2)))),
                    "oui",
                ]
            )
            wp.writerow([f"{household}-1", household, "reference", rng.choice("FM"), rng.randint(1945, 2004)])
            counts["personnes"] += 1
            if composition in {"couple_avec_enfants", "famille_monoparentale"}:
                wp.writerow(
                    [f"{household}-2", household, "enfant", rng.choice("FM"), rng.randint(2005, 2020)]
                )
                counts["personnes"] += 1
        destination = rng.choice(DESTINATIONS) if end else ""
        wj.writerow(
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
            ]
        )
        counts["sejours"] += 1
        if end is not None:
            free.append((end, household))
            free.sort()
    for handle in (fm, fp, fj):
        handle.close()
    return counts


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    print(generate(args.out, args.scale))
