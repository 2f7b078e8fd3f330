"""The tables of the needs and targets pages, as the page, the XLSX and the CSV show them: one list of
columns and one list of rows each, so that the three always hold the same figures.

Household counts (declared, proposed, waiting, gap) follow the bilan's statistical secrecy
(`clef.bilan.secrecy`): below its threshold they read « secret » for the viewers the bilan would mask
(`masked`: an operator or a platform reading the whole territory; the SIAO and the State read them)."""

from __future__ import annotations

from datetime import date

from clef.bilan.secrecy import SECRET, is_secret_count
from clef.needs.queries import NeedRow, Progress

NEED_COLUMNS = [
    ("department", "Département"),
    ("epci", "Intercommunalité (EPCI)"),
    ("typology", "Typologie"),
    ("declared", "Ménages en attente déclarés par le SIAO"),
    ("proposed", "Candidats proposés en attente de décision"),
    ("waiting", "Ménages en attente (total)"),
    ("park", "Logements dans le parc"),
    ("vacant", "dont vacants"),
    ("pipeline", "Logements en cours de captation"),
    ("gap", "Besoins sans réponse"),
]
HOUSEHOLD_COLUMNS = ("declared", "proposed", "waiting", "gap")


def need_line(row: NeedRow, *, masked: bool) -> dict:
    values = {
        "department": f"{row.department_code} – {row.department_name}" if row.department_code else "Total",
        "epci": row.epci_name,
        "typology": row.typology_label,
        "declared": row.declared,
        "proposed": row.proposed,
        "waiting": row.waiting,
        "park": row.park,
        "vacant": row.vacant,
        "pipeline": row.pipeline,
        "gap": row.gap,
    }
    if masked:
        for name in HOUSEHOLD_COLUMNS:
            if is_secret_count(values[name]) and values[name]:
                values[name] = SECRET
    return values


def target_columns(park_on: date) -> list[tuple[str, str]]:
    """The targets table's columns; the park's is dated (`clef.needs.rules.park_day`: today for the
    current year, 31/12 for a past one)."""
    return [*TARGET_COLUMNS[:-1], ("park", f"Parc au {park_on:%d/%m/%Y}")]


TARGET_COLUMNS = [
    ("name", "Structure"),
    ("target", "Objectif (logements)"),
    ("new", "Nouveaux logements"),
    ("achievement", "Réalisation (%)"),
    ("mandat", "Mandat de gestion"),
    ("mandat_pct", "Part en mandat de gestion (%)"),
    ("mandat_target", "Part visée en mandat (%)"),
    ("sous_location", "Location / sous-location et bail glissant"),
    ("prive_pct", "Part dans le parc privé (%)"),
    ("prive_target", "Part visée dans le parc privé (%)"),
    ("park", "Parc au 31/12"),
]


def target_line(row: Progress) -> dict:
    return {
        "organisation_id": row.organisation_id,
        "name": row.name,
        "target": row.target_new if (row.target or not row.organisation_id) else None,
        "new": row.new,
        "achievement": row.achievement_pct,
        "mandat": row.new_mandat,
        "mandat_pct": row.mandat_pct,
        "mandat_target": row.mandate_target_percent,
        "sous_location": row.new_sous_location,
        "prive_pct": row.prive_pct,
        "prive_target": row.private_target_percent,
        "park": row.park,
    }


def target_lines(whole: Progress) -> list[tuple[str, dict]]:
    """(kind, line) in reading order: each operator, then its department's total; the whole at the end."""
    lines = []
    for department in whole.operators:
        lines += [("structure", target_line(o)) for o in department.operators]
        lines.append(("departement", target_line(department) | {"name": f"Total {department.name}"}))
    lines.append(("total", target_line(whole) | {"name": "Total"}))
    return lines
