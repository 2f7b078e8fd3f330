"""Load regions, departments, EPCI and communes from @etalab/decoupage-administratif (COG 2026).

Idempotent: rows are upserted on their INSEE code, so a second run changes nothing. The models are
passed in so the same code serves the data migration (historical models) and the command.
"""

import json
from pathlib import Path

from clef.utils.text import search_key

KEPT_COMMUNE_TYPES = {"commune-actuelle": "commune", "arrondissement-municipal": "arrondissement"}


class TerritoriesDataMissing(RuntimeError):
    pass


def _read(data_dir: Path, name: str) -> list[dict]:
    path = data_dir / name
    if not path.exists():
        raise TerritoriesDataMissing(
            f"Fichier {path} introuvable : lancez `npm ci` (paquet @etalab/decoupage-administratif 6.0.0)."
        )
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _load_communes(data_dir: Path, Commune, region_codes, department_codes, epci_of_commune) -> list:  # noqa: N803
    """Current communes and municipal arrondissements (parents first), upserted by code."""
    rows = [c for c in _read(data_dir, "communes.json") if c["type"] in KEPT_COMMUNE_TYPES]
    rows.sort(key=lambda c: c["type"] != "commune-actuelle")  # parents before arrondissements
    communes = []
    for c in rows:
        if c.get("departement") not in department_codes:
            continue
        is_arrondissement = c["type"] == "arrondissement-municipal"
        communes.append(
            Commune(
                code=c["code"],
                name=c["nom"],
                kind=KEPT_COMMUNE_TYPES[c["type"]],
                department_id=c["departement"],
                region_id=c.get("region") if c.get("region") in region_codes else None,
                epci_id=epci_of_commune.get(c.get("commune") if is_arrondissement else c["code"]),
                parent_id=c.get("commune") if is_arrondissement else None,
                postcodes=" ".join(c.get("codesPostaux", [])),
                population=c.get("population"),
                search_name=search_key(c["nom"]),
            )
        )
    Commune.objects.bulk_create(
        communes,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "kind",
            "department",
            "region",
            "epci",
            "parent",
            "postcodes",
            "population",
            "search_name",
        ],
    )
    return communes


def load_territories(data_dir: Path, *, Region, Department, Epci, Commune) -> dict[str, int]:  # noqa: N803
    regions = [Region(code=r["code"], name=r["nom"]) for r in _read(data_dir, "regions.json")]
    Region.objects.bulk_create(regions, update_conflicts=True, unique_fields=["code"], update_fields=["name"])
    region_codes = {r.code for r in regions}

    departments = [
        Department(
            code=d["code"],
            name=d["nom"],
            region_id=d.get("region") if d.get("region") in region_codes else None,
        )
        for d in _read(data_dir, "departements.json")
    ]
    Department.objects.bulk_create(
        departments, update_conflicts=True, unique_fields=["code"], update_fields=["name", "region"]
    )
    department_codes = {d.code for d in departments}

    epci_of_commune: dict[str, str] = {}
    epcis = []
    for e in _read(data_dir, "epci.json"):
        epcis.append(Epci(code=e["code"], name=e["nom"], kind=e.get("type", "")))
        for member in e.get("membres", []):
            epci_of_commune[member["code"]] = e["code"]
    Epci.objects.bulk_create(
        epcis, update_conflicts=True, unique_fields=["code"], update_fields=["name", "kind"]
    )

    communes = _load_communes(data_dir, Commune, region_codes, department_codes, epci_of_commune)
    return {
        "regions": len(regions),
        "departements": len(departments),
        "epci": len(epcis),
        "communes": len(communes),
    }
