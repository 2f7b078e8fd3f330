"""Exchange format v1 (shared/spec/exchange-format.md): files, columns, types and code lists."""

from dataclasses import dataclass, field

from clef.dwellings.enums import (
    Conventionnement,
    DwellingExitReason,
    ManagementMode,
    Parc,
    RentLevel,
    Typology,
)
from clef.households.enums import Composition, PersonRole, PriorSituation, ResourceSource, Sex
from clef.stays.enums import Destination

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


def codes(enum) -> tuple[str, ...]:
    return tuple(e.value for e in enum)


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
            Column("typologie", "code", True, codes(Typology)),
            Column("surface_m2", "decimal"),
            Column("places", "int", True),
            Column("parc", "code", True, codes(Parc)),
            Column("mode_gestion", "code", True, codes(ManagementMode)),
            Column("conventionnement", "code", False, codes(Conventionnement), default="aucun"),
            Column("niveau_loyer", "code", False, codes(RentLevel)),
            Column("loyer_hc", "decimal"),
            Column("charges", "decimal"),
            Column("date_entree", "date", True),
            Column("date_sortie", "date"),
            Column("motif_sortie", "code", False, codes(DwellingExitReason)),
        ),
    ),
    FileSpec(
        "menages",
        "menage_id",
        (
            Column("menage_id", "id", True),
            Column("structure_id", "id", True),
            Column("composition", "code", True, codes(Composition)),
            Column("orientation_siao", "bool", True),
            Column("dalo", "bool", default=False),
            Column("situation_avant_entree", "code", True, codes(PriorSituation)),
            Column("ressources", "codes", False, codes(ResourceSource), default=()),
            Column("demande_logement_social", "bool", default=False),
        ),
    ),
    FileSpec(
        "personnes",
        "personne_id",
        (
            Column("personne_id", "id", True),
            Column("menage_id", "id", True),
            Column("role", "code", True, codes(PersonRole)),
            Column("sexe", "code", True, codes(Sex)),
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
            Column("destination", "code", False, codes(Destination)),
            Column("sinistre_impaye", "bool", default=False),
            Column("sinistre_degradation", "bool", default=False),
            Column("dette_sortie", "decimal"),
        ),
    ),
)
FILE_BY_NAME = {f.name: f for f in FILES}
