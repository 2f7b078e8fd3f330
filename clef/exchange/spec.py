"""Exchange format v1 (docs/spec/exchange-format.md): files, columns, types and code lists; the v1 files, the
optional files of the pathways (issue 8) and those of rental management and funding (issue 10)."""

from dataclasses import dataclass, field

from clef.exchange.codes import (
    CHOIX_MENAGE,
    COMPOSITION,
    CONVENTIONNEMENT,
    DECISION,
    DESTINATION,
    MODE_GESTION,
    MOTIF_SORTIE,
    NIVEAU_LOYER,
    OBJET,
    PARC,
    REGARD,
    REGARD_COLUMNS,
    RELAIS,
    RESSOURCES,
    ROLE,
    SEXE,
    SITUATION_AVANT_ENTREE,
    TYPOLOGIE,
)

VERSION = 1


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, id, date, birth_date, bool, int, decimal, code, codes, department, insee, siret
    required: bool = False
    codes: tuple[str, ...] = ()
    default: object = None


@dataclass(frozen=True)
class FileSpec:
    name: str  # without .csv
    key: str  # the operator's own id column
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def codes(mapping: dict) -> tuple[str, ...]:
    """The exchange codes of a list of clef.exchange.codes, in the documented order."""
    return tuple(mapping)


FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "structures",
        "structure_id",
        (
            Column("structure_id", "id", True),
            Column("nom", "text", True),
            Column("siret", "siret"),
            Column("departement", "department", True),
            Column("carte_professionnelle", "bool", default=False),
        ),
    ),
    FileSpec(
        "logements",
        "logement_id",
        (
            Column("logement_id", "id", True),
            Column("structure_id", "id", True),
            Column("commune_insee", "insee", True),
            Column("adresse", "text"),
            Column("typologie", "code", True, codes(TYPOLOGIE)),
            Column("surface_m2", "decimal"),
            Column("places", "int", True),
            Column("parc", "code", True, codes(PARC)),
            Column("mode_gestion", "code", True, codes(MODE_GESTION)),
            Column("conventionnement", "code", False, codes(CONVENTIONNEMENT), default="aucun"),
            Column("niveau_loyer", "code", False, codes(NIVEAU_LOYER)),
            Column("loyer_hc", "decimal"),
            Column("charges", "decimal"),
            Column("date_entree", "date", True),
            Column("date_sortie", "date"),
            Column("motif_sortie", "code", False, codes(MOTIF_SORTIE)),
        ),
    ),
    FileSpec(
        "menages",
        "menage_id",
        (
            Column("menage_id", "id", True),
            Column("structure_id", "id", True),
            Column("composition", "code", True, codes(COMPOSITION)),
            Column("orientation_siao", "bool", True),
            Column("dalo", "bool", default=False),
            Column("situation_avant_entree", "code", True, codes(SITUATION_AVANT_ENTREE)),
            Column("ressources", "codes", False, codes(RESSOURCES), default=()),
            Column("demande_logement_social", "bool", default=False),
        ),
    ),
    FileSpec(
        "personnes",
        "personne_id",
        (
            Column("personne_id", "id", True),
            Column("menage_id", "id", True),
            Column("role", "code", True, codes(ROLE)),
            Column("sexe", "code", True, codes(SEXE)),
            Column("date_naissance", "birth_date", True),
        ),
    ),
    FileSpec(
        "sejours",
        "sejour_id",
        (
            Column("sejour_id", "id", True),
            Column("menage_id", "id", True),
            Column("logement_id", "id", True),
            Column("date_entree", "date", True),
            Column("date_sortie", "date"),
            Column("destination", "code", False, codes(DESTINATION)),
            Column("sinistre_impaye", "bool", default=False),
            Column("sinistre_degradation", "bool", default=False),
            Column("dette_sortie", "decimal"),
        ),
    ),
)
V1_FILES = FILES
# Optional files of the pathways (issue 8): a dataset without them stays a valid v1 dataset. Each row names
# its structure, then a séjour or a household of sejours.csv / menages.csv or already in Clef.
OPTIONAL_FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "choix_entrees",
        "sejour_id",
        (
            Column("structure_id", "id", True),
            Column("sejour_id", "id", True),
            Column("visite_avant_signature", "bool"),
            Column("alternative_proposee", "bool"),
        ),
    ),
    FileSpec(
        "echeances",
        "sejour_id",
        (
            Column("structure_id", "id", True),
            Column("sejour_id", "id", True),
            Column("numero", "int", True),
            Column("date_debut", "date", True),
            Column("date_echeance", "date", True),
            Column("decision", "code", False, codes(DECISION), default="pending"),
            Column("date_decision", "date"),
            Column("motif", "text"),
        ),
    ),
    FileSpec(
        "bilans_sortie",
        "sejour_id",
        (
            Column("structure_id", "id", True),
            Column("sejour_id", "id", True),
            Column("date_bilan", "date", True),
            Column("choix_menage", "code", True, codes(CHOIX_MENAGE)),
            Column("relais", "code", True, codes(RELAIS)),
            Column("relais_nom", "text"),
            *(Column(column, "code", False, codes(REGARD)) for column in REGARD_COLUMNS),
        ),
    ),
    FileSpec(
        "sollicitations",
        "menage_id",
        (
            Column("structure_id", "id", True),
            Column("menage_id", "id", True),
            Column("date", "date", True),
            Column("objet", "code", True, codes(OBJET)),
            Column("minutes", "int", True),
        ),
    ),
    # Optional files of rental management and funding (issue 10; clef.exchange.finance).
    FileSpec(
        "impayes",
        "sejour_id",
        (
            Column("structure_id", "id", True),
            Column("sejour_id", "id", True),
            Column("date_arrete", "date", True),
            Column("montant", "decimal", True),
            Column("mensualite_nette", "decimal", True),
        ),
    ),
    FileSpec(
        "subventions",
        "annee",
        (
            Column("structure_id", "id", True),
            Column("annee", "int", True),
            Column("montant_captation", "decimal", True),
            Column("montant_gla", "decimal", True),
            Column("montant_accompagnement", "decimal", True),
            Column("date_attribution", "date"),
        ),
    ),
)
FILES = V1_FILES + OPTIONAL_FILES
FILE_BY_NAME = {f.name: f for f in FILES}
