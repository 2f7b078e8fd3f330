"""Exchange format v1: each rule an import checks, reported with file, line, column, value and message,
and nothing written (all or nothing)."""

import pytest

from clef.dwellings.models import Dwelling
from clef.organisations.models import Organisation
from clef.stays.models import Stay
from tests.exchange.test_import_export import VALID, run, write

ERROR_CASES = [
    # (file, old text, new text, expected file, line, column, value, message)
    (
        "logements",
        "T2,41.5",
        "T9,41.5",
        "logements.csv",
        2,
        "typologie",
        "T9",
        "valeurs permises : T1, T2, T3, T4, T5+",
    ),
    (
        "logements",
        "69383",
        "99999",
        "logements.csv",
        2,
        "commune_insee",
        "99999",
        "code INSEE de commune inconnu",
    ),
    ("logements", ",2,prive", ",0,prive", "logements.csv", 2, "places", "0", "entre 1 et 100"),
    ("logements", ",2,prive", ",deux,prive", "logements.csv", 2, "places", "deux", "nombre entier attendu"),
    (
        "logements",
        "41.5",
        "-3",
        "logements.csv",
        2,
        "surface_m2",
        "-3",
        "La surface doit être comprise entre 1 m²",
    ),
    (
        "logements",
        "2022-01-01,,",
        "2022-13-01,,",
        "logements.csv",
        2,
        "date_entree",
        "2022-13-01",
        "date inexistante",
    ),
    ("logements", "2022-01-01,,", "janvier,,", "logements.csv", 2, "date_entree", "janvier", "AAAA-MM-JJ"),
    (
        "logements",
        "public,bail_glissant,,",
        "public,bail_glissant,avec_travaux,",
        "logements.csv",
        3,
        "conventionnement",
        "avec_travaux",
        "ne concerne que le parc privé",
    ),
    (
        "logements",
        "sans_travaux,loc2",
        "aucun,loc2",
        "logements.csv",
        2,
        "niveau_loyer",
        "loc2",
        "conventionné",
    ),
    (
        "logements",
        "2022-06-01,2024-12-31",
        "2022-06-01,2021-12-31",
        "logements.csv",
        3,
        "date_sortie",
        "2021-12-31",
        "ne peut pas précéder la date d'entrée",
    ),
    ("logements", "L2,S1", "L2,S9", "logements.csv", 3, "structure_id", "S9", "structure inconnue"),
    (
        "logements",
        "L2,S1",
        "L1,S1",
        "logements.csv",
        3,
        "logement_id",
        "L1",
        "identifiant en double (déjà ligne 2)",
    ),
    (
        "structures",
        "73282932000074",
        "73282932000075",
        "structures.csv",
        2,
        "siret",
        "73282932000075",
        "SIRET invalide",
    ),
    ("structures", ",69,", ",999,", "structures.csv", 2, "departement", "999", "code de département inconnu"),
    ("structures", "Habitat Test,", ",", "structures.csv", 2, "nom", "", "valeur obligatoire manquante"),
    (
        "menages",
        "oui,non,hotel",
        "peut-être,non,hotel",
        "menages.csv",
        2,
        "orientation_siao",
        "peut-être",
        "oui ou non",
    ),
    ("menages", "rsa|prestations_familiales", "rsa|loto", "menages.csv", 2, "ressources", "rsa|loto", "loto"),
    (
        "menages",
        ",hotel,",
        ",caravane,",
        "menages.csv",
        2,
        "situation_avant_entree",
        "caravane",
        "valeurs permises",
    ),
    (
        "personnes",
        "P2,M1,enfant",
        "P2,M1,reference",
        "menages.csv",
        2,
        "menage_id",
        "M1",
        "exactement une personne de référence",
    ),
    ("personnes", "P3,M2,reference", "P3,M2,conjoint", "menages.csv", 3, "menage_id", "M2", "(0 indiquée)"),
    ("personnes", "P3,M2", "P3,M7", "personnes.csv", 4, "menage_id", "M7", "ménage inconnu"),
    ("personnes", "M,2016-09-01", "X,2016-09-01", "personnes.csv", 3, "sexe", "X", "valeurs permises : F, M"),
    (
        "sejours",
        "T3,M2,L1,2023-01-01",
        "T3,M2,L9,2023-01-01",
        "sejours.csv",
        4,
        "logement_id",
        "L9",
        "logement inconnu",
    ),
    (
        "sejours",
        "2024-06-30,parc_social",
        "2024-06-30,",
        "sejours.csv",
        3,
        "destination",
        "",
        "Indiquez la destination du ménage",
    ),
    (
        "sejours",
        "T3,M2,L1,2023-01-01,,",
        "T3,M2,L1,2023-01-01,,deces",
        "sejours.csv",
        4,
        "destination",
        "deces",
        "qu'avec une date de sortie",
    ),
    (
        "sejours",
        "T1,M1,L1,2022-02-01",
        "T1,M1,L1,2021-12-01",
        "sejours.csv",
        2,
        "date_entree",
        "2021-12-01",
        "n'entre dans le parc IML que le 01/01/2022",
    ),
    (
        "sejours",
        "2023-01-01,2024-06-30",
        "2023-01-01,2025-03-01",
        "sejours.csv",
        3,
        "date_sortie",
        "2025-03-01",
        "quitte le parc le 31/12/2024",
    ),
    (
        "sejours",
        "2023-01-01,2024-06-30",
        "2023-01-01,2022-06-30",
        "sejours.csv",
        3,
        "date_sortie",
        "2022-06-30",
        "ne peut pas précéder la date d'entrée",
    ),
    (
        "sejours",
        "T3,M2,L1,2023-01-01",
        "T3,M2,L1,2022-12-01",
        "sejours.csv",
        4,
        "date_entree",
        "2022-12-01",
        "Ce logement est déjà occupé",
    ),
    (
        "sejours",
        "T3,M2,L1,2023-01-01,,",
        "T3,M1,L1,2024-01-01,,",
        "sejours.csv",
        4,
        "date_entree",
        "2024-01-01",
        "Ce ménage occupe déjà un autre logement",
    ),
    ("sejours", "T2,M1,L2", "T1,M1,L2", "sejours.csv", 3, "sejour_id", "T1", "identifiant en double"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("file", "old", "new", "where", "line", "column", "value", "message"), ERROR_CASES)
def test_each_rule_is_reported_with_file_line_column_value_and_nothing_is_written(
    tmp_path, file, old, new, where, line, column, value, message
):
    assert old in VALID[file]
    files = dict(VALID, **{file: VALID[file].replace(old, new, 1)})
    report = run(write(tmp_path / "d", files))
    assert not report.ok
    matching = [p for p in report.errors if p.file == where and p.line == line and p.column == column]
    assert matching, [str(p) for p in report.errors]
    assert any(p.value == value and message in p.message for p in matching), [str(p) for p in matching]
    assert not Organisation.objects.filter(external_id="S1").exists()  # all or nothing
    assert not Dwelling.objects.exists() and not Stay.objects.exists()
