"""The ceilings file: read, checked line by line (file, line, column, value in French), written all or
nothing, idempotent, bounded; the command and the sample shipped with Clef."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from clef.journal.models import JournalEntry
from clef.locavantages import ceilings as loader
from clef.locavantages.models import CeilingFile, RentCeiling
from tests.factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "annee;code_commune;niveau;plafond_m2;source\n"
    "2026;73065;loc1;10,50;Arrêté du 20/12/2025\n"
    "2026;73065;loc2;8,6;Arrêté du 20/12/2025\n"
    "2026;69383;LOC3;6.25;\n"
)


def load(text, *, name="plafonds.csv", **kwargs):
    return loader.load_ceilings(name=name, data=text.encode("utf-8"), **kwargs)


def test_good_file_is_loaded_with_decimal_comma_and_any_case():
    result = load(GOOD)
    assert (result.rows, result.created, result.updated, result.unchanged, result.years) == (
        3,
        3,
        0,
        0,
        [2026],
    )
    stored = {
        (c.commune_id, c.level): (c.eur_per_m2, c.source, c.is_sample) for c in RentCeiling.objects.all()
    }
    assert stored == {
        ("73065", "loc1"): (Decimal("10.50"), "Arrêté du 20/12/2025", False),
        ("73065", "loc2"): (Decimal("8.60"), "Arrêté du 20/12/2025", False),
        ("69383", "loc3"): (Decimal("6.25"), "", False),
    }
    assert CeilingFile.objects.get().rows == 3


def test_comma_separated_with_bom_and_no_source_column():
    text = "\ufeffannee,code_commune,niveau,plafond_m2\r\n2025,38185,loc1,11.20\r\n"
    result = load(text)
    assert result.created == 1
    assert RentCeiling.objects.get().eur_per_m2 == Decimal("11.20")


def test_reloading_is_idempotent_and_replaces_a_changed_value():
    load(GOOD)
    again = load(GOOD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = load(GOOD.replace("10,50", "10,75"))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)
    assert RentCeiling.objects.get(commune_id="73065", level="loc1").eur_per_m2 == Decimal("10.75")
    assert RentCeiling.objects.count() == 3


def test_sample_flag_marks_the_values():
    load(GOOD, sample=True)
    assert set(RentCeiling.objects.values_list("is_sample", flat=True)) == {True}
    assert load(GOOD).updated == 3  # the official file replaces the sample values


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "2026;99999;loc1;10",
            "plafonds.csv, ligne 3, colonne « code_commune » (valeur « 99999 ») : code INSEE",
        ),
        (
            "2026;73065;loc4;10",
            "plafonds.csv, ligne 3, colonne « niveau » (valeur « loc4 ») : niveau attendu",
        ),
        (
            "2021;73065;loc3;10",
            "plafonds.csv, ligne 3, colonne « annee » (valeur « 2021 ») : L'année du plafond "
            "doit être comprise entre 2022 et 2100.",
        ),
        ("deux;73065;loc3;10", "colonne « annee » (valeur « deux »)"),
        (
            "2026;73065;loc3;150",
            "colonne « plafond_m2 » (valeur « 150 ») : Le plafond au mètre carré doit être "
            "comprise entre 1 €/m² et 100 €/m²",
        ),
        ("2026;73065;loc3;0,5", "colonne « plafond_m2 » (valeur « 0,5 »)"),
        (
            "2026;73065;loc3;dix",
            "colonne « plafond_m2 » (valeur « dix ») : nombre attendu, deux décimales au plus",
        ),
        ("2026;73065;loc3;10,123", "nombre attendu, deux décimales au plus"),
        ("2026;73065;loc3;NaN", "nombre attendu"),
        ("2026;73065;loc3;10;a\x07b", "colonne « source »"),
        ("2026;73065;loc3;10;x;y", "plafonds.csv, ligne 3 : 6 cellules pour 5 colonnes."),
        ("2026;73065;loc1;11", "plafonds.csv, ligne 3 : 73065 2026 loc1 figure déjà avec une autre valeur."),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_written(line, message):
    text = "annee;code_commune;niveau;plafond_m2;source\n2026;73065;loc1;10\n" + line + "\n"
    with pytest.raises(loader.CeilingFileError) as error:
        load(text)
    assert any(message in e for e in error.value.errors), error.value.errors
    assert not RentCeiling.objects.exists()  # atomic: the good first line is not written either
    assert not CeilingFile.objects.exists()


def test_every_bad_line_is_reported_up_to_the_limit(monkeypatch):
    monkeypatch.setattr(loader, "MAX_ERRORS", 3)
    text = "annee;code_commune;niveau;plafond_m2\n" + "2026;99999;loc1;10\n" * 5
    with pytest.raises(loader.CeilingFileError) as error:
        load(text)
    assert len(error.value.errors) == 4
    assert error.value.errors[-1] == "plafonds.csv : arrêt après 3 erreurs."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("annee;code_commune;plafond_m2\n2026;73065;10\n", "ligne 1 : colonne(s) manquante(s) : niveau."),
        ("annee;code_commune;niveau;plafond_m2;zone\n", "ligne 1 : colonne(s) inconnue(s) : zone."),
        ("annee;code_commune;niveau;plafond_m2\n\n", "aucune ligne de plafond."),
        ("", "colonne(s) manquante(s)"),
    ],
)
def test_header_and_empty_file_are_refused(text, message):
    with pytest.raises(loader.CeilingFileError) as error:
        load(text)
    assert message in error.value.errors[0]


def test_a_file_not_in_utf8_is_refused():
    data = "annee;code_commune;niveau;plafond_m2;source\n2026;73065;loc1;10;Préfecture\n".encode("cp1252")
    with pytest.raises(loader.CeilingFileError) as error:
        loader.load_ceilings(name="latin.csv", data=data)
    assert "latin.csv : le fichier n'est pas en UTF-8" in error.value.errors[0]


def test_too_big_a_file_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(loader, "MAX_BYTES", 50)
    with pytest.raises(loader.CeilingFileError) as error:
        load(GOOD)
    assert error.value.errors == [
        "plafonds.csv : le fichier dépasse 0 Mo (" + f"{len(GOOD.encode())} octets)."
    ]


def test_too_many_lines_are_refused(monkeypatch):
    monkeypatch.setattr(loader, "MAX_ROWS", 2)
    with pytest.raises(loader.CeilingFileError) as error:
        load(GOOD)
    assert error.value.errors == ["plafonds.csv : plus de 2 lignes ; découpez le fichier."]
    assert not RentCeiling.objects.exists()


def test_the_default_bounds_hold_a_full_arrete():
    """About 35 000 communes and 45 arrondissements × 3 levels for one year, at ~40 bytes a line."""
    assert loader.MAX_ROWS >= 35_100 * 3
    assert loader.MAX_BYTES >= loader.MAX_ROWS * 40


def test_upload_is_journaled_under_the_administrators_organisation():
    admin = MembershipFactory(role="platform_admin", organisation__state=True)
    result = load(GOOD, acting_user=admin.user, organisation=admin.organisation)
    entry = JournalEntry.objects.get()
    assert (entry.organisation_id, entry.actor_id, entry.action, entry.object_id) == (
        admin.organisation_id,
        admin.user_id,
        JournalEntry.Action.IMPORT,
        result.file.pk,
    )
    assert entry.changes["plafonds"]["new"] == "3 ajoutés, 0 modifiés, 0 inchangés"
    assert result.file.loaded_by == admin.user


def test_the_sample_shipped_loads_for_the_demo_communes():
    """Every line names a COG commune: the Isère, Rhône (with Lyon's arrondissements) and Savoie communes of
    the demo, with all of Grand Chambéry, this year and the previous one, flagged as sample."""
    result = loader.load_sample_ceilings()
    assert result.years == [2025, 2026]
    assert result.created == result.rows
    codes = set(RentCeiling.objects.values_list("commune_id", flat=True))
    assert {"73065", "69381", "69389", "69266", "38185"} <= codes
    from clef.territories.models import Commune

    grand_chambery = set(Commune.objects.filter(epci_id="200069110").values_list("code", flat=True))
    assert grand_chambery <= codes
    assert set(RentCeiling.objects.values_list("is_sample", flat=True)) == {True}


def test_command_loads_a_file_and_reports(tmp_path, capsys):
    path = tmp_path / "plafonds-2026.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("load_rent_ceilings", str(path))
    assert (
        "plafonds-2026.csv : 3 lignes (2026) — 3 ajoutées, 0 modifiées, 0 inchangées."
        in capsys.readouterr().out
    )
    assert CeilingFile.objects.get().loaded_by is None


def test_command_with_sample_loads_the_shipped_file(capsys):
    call_command("load_rent_ceilings", "--sample")
    assert "valeurs d'exemple" in capsys.readouterr().out
    assert RentCeiling.objects.filter(is_sample=True).exists()


def test_command_refuses_a_bad_file_and_writes_nothing(tmp_path):
    path = tmp_path / "faux.csv"
    path.write_text("annee;code_commune;niveau;plafond_m2\n2026;73065;loc9;10\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Rien n'a été chargé.\nfaux.csv, ligne 2, colonne « niveau »"):
        call_command("load_rent_ceilings", str(path))
    assert not RentCeiling.objects.exists()


@pytest.mark.parametrize("args", [[], ["/nonexistent/plafonds.csv"]])
def test_command_without_a_readable_file_says_what_to_do(args):
    with pytest.raises(CommandError):
        call_command("load_rent_ceilings", *args)
