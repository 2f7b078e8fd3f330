"""Statistical secrecy ("secret statistique"): the one place that decides when it applies and what it
masks (docs/spec/bilan-indicators.md, "Statistical secrecy"; issue 7 §6).

What it masks: only what counts households or persons, and what is computed on them. A count of
households below MIN_COUNT, and a figure (percentage, duration) computed on fewer than MIN_WHOLE
households or exits, read "secret". Counts of structures, dwellings and places, and the figures computed
on dwellings, are never secret: they identify nobody.

When it applies (`applies`): figures that leave an operator for publication (PDF report, open data) and
per-operator figures shown to a coordinator. An operator sees its own figures unmasked; so does the
command-line `bilan` run by an administrator unless it asks for `--diffusion`.
"""

from __future__ import annotations

from enum import StrEnum

from clef.bilan.perimeter import Perimeter

SECRET = "secret"
MIN_COUNT = 5  # a count of households or persons below this is masked
MIN_WHOLE = 11  # a figure computed on fewer households, persons or exits than this is masked

# Indicators about households, persons and their exits (menages.*, sorties.*, and the pathway sections of
# issue 8); the others (structures.*, parc.*, logements_*, orientation.mises_a_disposition) count
# structures, dwellings and places.
HOUSEHOLD_PREFIXES = (
    "menages.",
    "sorties.",
    "orientation.",
    "choix.",
    "occupation.",
    "regards_sortie.",
    "relais_sortie.",
    "sollicitations.",
    "sinistres.",
    "impayes.",
)
DWELLING_KEYS = ("orientation.mises_a_disposition",)
HOUSEHOLD_COUNT_KEYS = (
    "menages.presents",
    "menages.entres",
    "menages.sortis",
    "orientation.propositions",
    "orientation.decisions",
    "occupation.sejours",
    "occupation.echeances",
    "occupation.renouvellements",
    "sollicitations.nombre",
    "sollicitations.menages",
    "sinistres.menages_avec_sinistre",
    "sinistres.par_mode.mandat_gestion.sorties",
    "sinistres.par_mode.sous_location.sorties",
    "sinistres.par_mode.bail_glissant.sorties",
    "impayes.menages",
    "impayes.par_mode.sous_location.menages",
    "impayes.par_mode.mandat_gestion.menages",
)


# What the masked figures are, said once for the page and the PDF: a zero counts as a small count (« — » or
# 0 would tell that no household is there), so a figure shown 0 to whom may read it unmasked reads « secret »
# once published.
MASKED_NOTICE = (
    "Secret statistique appliqué : les effectifs de ménages inférieurs à 5 (zéro compris) et les chiffres "
    "calculés sur moins de 11 ménages ou sorties sont masqués (« secret ») ; les nombres de structures, de "
    "logements et de places ne le sont jamais."
)
UNMASKED_NOTICE = (
    "Chiffres non masqués, pour votre travail. Le rapport PDF, fait pour être publié, applique le secret "
    "statistique : les effectifs de ménages inférieurs à 5 (zéro compris) et les chiffres calculés sur moins "
    "de 11 ménages ou sorties y sont masqués ; un chiffre lu 0 ici peut s'y lire « secret »."
)


def notice(*, masked: bool, operator: bool) -> str:
    """What the viewer is told about secrecy: masked figures, or (a coordinator's unmasked territory) what
    the published report will mask; nothing for an operator's own figures."""
    if masked:
        return MASKED_NOTICE
    return "" if operator else UNMASKED_NOTICE


class Output(StrEnum):
    """Where the figures go."""

    PAGE = "page"  # the bilan page, the figures of a declaration
    DOWNLOAD = "telechargement"  # Excel, CSV, JSON files for the viewer's own work
    PDF = "pdf"  # the report, made to be published
    OPEN_DATA = "donnees_ouvertes"  # published as open data


def applies(*, operator: bool, perimeter: Perimeter, output: Output) -> bool:
    """Whether figures of `perimeter` shown to this viewer through `output` are masked.

    Open data is always masked. An operator (`operator=True`) sees its own figures unmasked elsewhere.
    A coordinator sees one structure's figures masked everywhere, and the figures of a territory
    unmasked on screen and in its downloads, masked in the PDF report it publishes.
    """
    if output is Output.OPEN_DATA:
        return True
    if operator:
        return False
    return output is Output.PDF or perimeter.kind == "structure"


def counts_households(key: str) -> bool:
    """Whether the indicator `key` counts households or persons, or is computed on them."""
    return key.startswith(HOUSEHOLD_PREFIXES) and key not in DWELLING_KEYS


def is_secret_count(count: int | None) -> bool:
    return count is not None and count < MIN_COUNT


def is_secret_whole(whole: int | None) -> bool:
    return (whole or 0) < MIN_WHOLE


def mask_indicators(values: dict, wholes: dict) -> dict:
    """The indicators with the secret ones replaced by SECRET (`wholes`: the population of each figure)."""
    masked = {}
    for key, value in values.items():
        if not counts_households(key):
            masked[key] = value
        elif key in HOUSEHOLD_COUNT_KEYS:
            masked[key] = SECRET if is_secret_count(value) else value
        else:  # undefined too: "—" would tell that the households are 0
            masked[key] = SECRET if is_secret_whole(wholes.get(key)) else value
    return masked


# Columns of the tables by department and by structure (clef.bilan.breakdowns.table_by).
TABLE_HOUSEHOLD_COUNTS = ("households", "exits")
TABLE_SHARES_OF_EXITS = ("perenne_pct",)


def mask_table_row(row: dict) -> dict:
    """A row of a table by department or by structure, masked: households and exits below MIN_COUNT,
    the share of exits to lasting housing on fewer than MIN_WHOLE exits. Structures, dwellings and places
    stay as they are."""
    masked = dict(row)
    for column in TABLE_SHARES_OF_EXITS:
        if is_secret_whole(row["exits"]):
            masked[column] = SECRET
    for column in TABLE_HOUSEHOLD_COUNTS:
        if is_secret_count(row[column]):
            masked[column] = SECRET
    return masked
