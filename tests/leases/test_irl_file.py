"""The IRL file: read, checked line by line (file, line, column, value in French), written all or nothing,
idempotent, bounded; the command and the series shipped with Clef."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from clef.journal.models import JournalEntry
from clef.leases import irl as loader
from clef.leases.models import IrlFile, IrlIndex
from tests.factories.organisations import MembershipFactory

pytestmark = pytest.mark.django_db

GOOD = (
    "annee;trimestre;valeur;date_publication\n"
    "2024;1;143,46;;\n"
    "2025;1;145.47;15/04/2025\n"
    "2025;T2;146,68;2025-07-16\n"
)


def load(text, *, name="irl.csv", **kwargs):
    return loader.load_irl(name=name, data=text.encode("utf-8"), **kwargs)


def stored():
    return {(i.year, i.quarter): (i.value, i.published_on, i.is_sample) for i in IrlIndex.objects.all()}


def test_good_file_is_loaded_with_decimal_comma_or_point_and_both_date_formats():
    result = load(GOOD.replace(";;\n", ";\n", 1))
    assert (result.rows, result.created, result.updated, result.unchanged) == (3, 3, 0, 0)
    assert stored() == {
        (2024, 1): (Decimal("143.46"), None, False),
        (2025, 1): (Decimal("145.47"), date(2025, 4, 15), False),
        (2025, 2): (Decimal("146.68"), date(2025, 7, 16), False),
    }
    assert IrlFile.objects.get().rows == 3


def test_comma_separated_with_bom_and_sample_column():
    result = load("\ufeffannee,trimestre,valeur,date_publication,exemple\r\n2026,1,146.78,,1\r\n")
    assert result.created == 1
    assert stored() == {(2026, 1): (Decimal("146.78"), None, True)}


def test_reloading_is_idempotent_and_replaces_a_changed_value():
    text = GOOD.replace(";;\n", ";\n", 1)
    load(text)
    again = load(text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = load(text.replace("143,46", "143,47"))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)
    assert IrlIndex.objects.get(year=2024, quarter=1).value == Decimal("143.47")


@pytest.mark.parametrize(
    "line, message",
    [
        ("1997;1;100;", "irl.csv, ligne 3, colonne « annee » (valeur « 1997 ») : L'année de l'indice doit"),
        ("2025;5;100;", "irl.csv, ligne 3, colonne « trimestre » (valeur « 5 ») : trimestre attendu"),
        ("2025;3;abc;", "irl.csv, ligne 3, colonne « valeur » (valeur « abc ») : nombre attendu"),
        ("2025;3;145,771;", "irl.csv, ligne 3, colonne « valeur » (valeur « 145,771 ») : nombre attendu"),
        (
            "2025;3;1500;",
            "irl.csv, ligne 3, colonne « valeur » (valeur « 1500 ») : La valeur de l'indice doit",
        ),
        ("2025;3;145,77;31/02/2025", "colonne « date_publication » (valeur « 31/02/2025 ») : date attendue"),
        ("2025;3;145,77;;oui", "colonne « exemple » (valeur « oui ») : 1 (valeur d'exemple), 0 ou vide"),
        ("2024;1;143,00;", "irl.csv, ligne 3 : le T1 2024 figure déjà avec une autre valeur."),
    ],
)
def test_a_bad_line_refuses_the_whole_file_with_a_french_message(line, message):
    text = "annee;trimestre;valeur;date_publication;exemple\n2024;1;143,46;\n" + line + "\n"
    with pytest.raises(loader.IrlFileError) as raised:
        load(text)
    assert any(message in error for error in raised.value.errors), raised.value.errors
    assert not IrlIndex.objects.exists() and not IrlFile.objects.exists()


def test_missing_and_unknown_columns_are_named():
    with pytest.raises(loader.IrlFileError) as raised:
        load("annee;valeur\n2025;145\n")
    assert "colonne(s) manquante(s) : trimestre, date_publication" in raised.value.errors[0]
    with pytest.raises(loader.IrlFileError) as raised:
        load("annee;trimestre;valeur;date_publication;commune\n")
    assert "colonne(s) inconnue(s) : commune" in raised.value.errors[0]


def test_empty_too_large_or_not_utf8_files_are_refused():
    with pytest.raises(loader.IrlFileError, match="aucune ligne"):
        load("annee;trimestre;valeur;date_publication\n\n")
    with pytest.raises(loader.IrlFileError, match="dépasse 200 Ko"):
        loader.load_irl(name="gros.csv", data=b"x" * (loader.MAX_BYTES + 1))
    with pytest.raises(loader.IrlFileError, match="pas en UTF-8"):
        loader.load_irl(
            name="latin.csv",
            data="annee;trimestre;valeur;date_publication\n2025;1;145,47;é\n".encode("latin-1"),
        )
    rows = "".join(f"{2000 + n % 90};{n % 4 + 1};120;\n" for n in range(loader.MAX_ROWS + 1))
    with pytest.raises(loader.IrlFileError, match="plus de 1000 lignes"):
        load("annee;trimestre;valeur;date_publication\n" + rows)


def test_a_load_from_the_page_is_journaled_under_the_administrator_organisation():
    membership = MembershipFactory()
    result = load(
        GOOD.replace(";;\n", ";\n", 1), acting_user=membership.user, organisation=membership.organisation
    )
    entry = JournalEntry.objects.get()
    assert entry.action == JournalEntry.Action.IMPORT and entry.object_id == result.file.pk
    assert entry.changes["indices"]["new"] == "3 ajoutés, 0 modifiés, 0 inchangés"


def test_the_shipped_series_loads_and_flags_unverified_quarters_as_samples():
    result = loader.load_shipped()
    assert result.created == result.rows >= 20
    assert IrlIndex.objects.get(year=2025, quarter=1).value == Decimal("145.47")
    assert IrlIndex.objects.get(year=2024, quarter=1).value == Decimal("143.46")
    assert not IrlIndex.objects.get(year=2025, quarter=3).is_sample
    assert IrlIndex.objects.get(year=2026, quarter=1).is_sample


def test_command_loads_the_shipped_series_and_refuses_a_bad_file(tmp_path, capsys):
    call_command("load_irl")
    assert "ajoutés" in capsys.readouterr().out
    bad = tmp_path / "faux.csv"
    bad.write_text("annee;trimestre;valeur;date_publication\n2025;9;1;\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Rien n'a été chargé"):
        call_command("load_irl", str(bad))
    with pytest.raises(CommandError, match="introuvable"):
        call_command("load_irl", str(tmp_path / "absent.csv"))
