"""Exchange format v1: import rules, atomicity, idempotence, round trip."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clef.dwellings.models import Dwelling
from clef.exchange.exporter import export, operators_for
from clef.exchange.importer import import_dataset
from clef.exchange.reader import read_dataset
from clef.households.models import Household, Person
from clef.journal.models import JournalEntry
from clef.organisations.models import Organisation
from clef.stays.models import Stay

VALID = {
    "structures": "structure_id,nom,siret,departement,carte_professionnelle\n"
    "S1,Habitat Test,73282932000074,69,oui\n",
    "logements": "logement_id,structure_id,commune_insee,adresse,typologie,surface_m2,places,parc,mode_gestion,"
    "conventionnement,niveau_loyer,loyer_hc,charges,date_entree,date_sortie,motif_sortie\n"
    "L1,S1,69383,1 rue A,T2,41.5,2,prive,mandat_gestion,sans_travaux,loc2,480,60,2022-01-01,,\n"
    "L2,S1,38185,2 rue B,T3,,4,public,bail_glissant,,,,,2022-06-01,2024-12-31,glissement_bail\n",
    "menages": "menage_id,structure_id,composition,orientation_siao,dalo,situation_avant_entree,ressources,"
    "demande_logement_social\n"
    "M1,S1,famille_monoparentale,oui,non,hotel,rsa|prestations_familiales,oui\n"
    "M2,S1,personne_isolee,non,oui,chez_des_tiers,,non\n",
    "personnes": "personne_id,menage_id,role,sexe,date_naissance\n"
    "P1,M1,reference,F,1988-04-12\nP2,M1,enfant,M,2016-09-01\nP3,M2,reference,M,1970\n",
    "sejours": "sejour_id,menage_id,logement_id,date_entree,date_sortie,destination,sinistre_impaye,"
    "sinistre_degradation,dette_sortie\n"
    "T1,M1,L1,2022-02-01,2023-01-01,mutation_interne_iml,non,non,\n"
    "T2,M1,L2,2023-01-01,2024-06-30,parc_social,oui,non,1250.5\n"
    "T3,M2,L1,2023-01-01,,,,,\n",
}


def write(folder: Path, files: dict[str, str], encoding="utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding=encoding)
    return folder


def run(folder: Path, **kwargs):
    return import_dataset(read_dataset(folder), **kwargs)


@pytest.mark.django_db
def test_valid_dataset_is_imported_with_parcours_and_journal(tmp_path):
    report = run(write(tmp_path / "d", VALID))
    assert report.ok, [str(p) for p in report.problems]
    assert report.counts["sejours"]["créés"] == 3
    org = Organisation.objects.get(external_id="S1")
    assert (org.siret, org.head_office_department_id, org.has_carte_professionnelle) == (
        "73282932000074",
        "69",
        True,
    )
    assert str(Dwelling.objects.get(external_id="L1").surface_m2) == "41.5"
    m1 = Household.objects.get(external_id="M1")
    assert sorted(m1.resource_codes()) == ["prestations_familiales", "rsa"]
    assert Person.objects.get(external_id="P3").birth_date.isoformat() == "1970-07-01"  # year alone → 1 July
    t2 = Stay.objects.get(external_id="T2")
    assert t2.pathway_start.isoformat() == "2022-02-01"  # joined by the internal move
    assert str(t2.exit_debt) == "1250.50"
    # A household created by the import is journaled once, with what came with it.
    created = JournalEntry.objects.get(content_type__model="household", object_id=m1.pk, action="create")
    assert created.changes["contenu"]["new"] == "2 personne(s), 2 séjour(s)"
    assert created.household_id == m1.pk
    assert not JournalEntry.objects.filter(content_type__model="stay").exists()


@pytest.mark.django_db
def test_a_stay_added_to_an_existing_household_gets_its_own_journal_entry(tmp_path):
    run(write(tmp_path / "a", VALID))
    more = dict(VALID, sejours=VALID["sejours"] + "T4,M1,L2,2025-01-02,,,,,\n")
    more["logements"] = VALID["logements"].replace("2022-06-01,2024-12-31,glissement_bail", "2022-06-01,,")
    report = run(write(tmp_path / "b", more))
    assert report.ok, [str(p) for p in report.problems]
    entry = JournalEntry.objects.get(content_type__model="stay", action="create")
    assert entry.household_id == Household.objects.get(external_id="M1").pk


@pytest.mark.django_db
def test_reimporting_the_same_data_changes_nothing(tmp_path):
    folder = write(tmp_path / "d", VALID)
    run(folder)
    journal = JournalEntry.objects.count()
    report = run(folder)
    assert report.ok
    assert all(c["créés"] == 0 and c["modifiés"] == 0 for c in report.counts.values())
    assert JournalEntry.objects.count() == journal
    assert Stay.objects.count() == 3 and Person.objects.count() == 3


@pytest.mark.django_db
def test_a_changed_value_updates_the_record_and_is_journaled(tmp_path):
    run(write(tmp_path / "a", VALID))
    changed = dict(VALID, logements=VALID["logements"].replace("41.5,2,prive", "41.5,3,prive"))
    report = run(write(tmp_path / "b", changed))
    assert report.counts["logements"] == {"créés": 0, "modifiés": 1, "inchangés": 1}
    assert Dwelling.objects.get(external_id="L1").places == 3
    entry = JournalEntry.objects.get(content_type__model="dwelling", action="update")
    assert entry.changes["places"] == {"label": "places théoriques", "old": 2, "new": 3}


@pytest.mark.django_db
def test_french_excel_csv_is_accepted(tmp_path):
    french = {name: text.replace(",", ";") for name, text in VALID.items()}
    french["logements"] = french["logements"].replace("41.5", "41,5").replace("2022-01-01", "01/01/2022")
    report = run(write(tmp_path / "d", french, encoding="utf-8-sig"))
    assert report.ok, [str(p) for p in report.problems]
    dwelling = Dwelling.objects.get(external_id="L1")
    assert str(dwelling.surface_m2) == "41.5" and dwelling.entry_date.isoformat() == "2022-01-01"


@pytest.mark.django_db
def test_unknown_files_and_columns_are_warnings(tmp_path):
    files = dict(VALID, notes="a,b\n1,2\n")
    files["menages"] = VALID["menages"].replace(
        "demande_logement_social\n", "demande_logement_social,commentaire\n", 1
    )
    report = run(write(tmp_path / "d", files))
    assert report.ok
    messages = [str(w) for w in report.warnings]
    assert any("notes.csv" in m and "ignoré" in m for m in messages)
    assert any("« commentaire »" in m for m in messages)


@pytest.mark.django_db
def test_missing_required_column_is_reported_on_the_header(tmp_path):
    files = dict(VALID, logements=VALID["logements"].replace("places,", "", 1))
    report = run(write(tmp_path / "d", files))
    assert any(p.file == "logements.csv" and p.line == 1 and p.column == "places" for p in report.errors)


@pytest.mark.django_db
def test_dry_run_writes_nothing(tmp_path):
    report = run(write(tmp_path / "d", VALID), dry_run=True)
    assert report.ok and not report.written
    assert not Organisation.objects.filter(external_id="S1").exists()


@pytest.mark.django_db
def test_an_operator_may_import_only_its_own_structure(tmp_path, operator):
    operator.external_id = "S2"
    operator.save()
    report = run(write(tmp_path / "d", VALID), restrict_to=operator)
    assert any("votre structure (S2)" in p.message for p in report.errors)


@pytest.mark.django_db
def test_commands_exit_non_zero_on_errors_and_report_in_french(tmp_path, capsys):
    folder = write(tmp_path / "d", dict(VALID, logements=VALID["logements"].replace("T2,41.5", "T9,41.5")))
    with pytest.raises(CommandError, match="rien n'a été enregistré"):
        call_command("import_iml", str(folder))
    assert "logements.csv, ligne 2, colonne « typologie » — valeur « T9 »" in capsys.readouterr().err
    with pytest.raises(CommandError, match="n'existe pas"):
        call_command("import_iml", str(tmp_path / "absent"))


def _delete_register():
    """Empty the register (the organisation stays: its journal is append-only and protects it)."""
    for model in (Stay, Person, Household, Dwelling):
        model.objects.all().delete()
    Organisation.objects.filter(external_id="S1").update(
        name="Ancien nom", siret="", has_carte_professionnelle=False
    )


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["dossier", "classeur.xlsx"])
def test_export_import_export_gives_identical_files(tmp_path, target):
    run(write(tmp_path / "source", VALID))
    first, second = tmp_path / "1" / target, tmp_path / "2" / target
    export(operators_for("S1"), first)
    _delete_register()
    report = import_dataset(read_dataset(first))
    assert report.ok, [str(p) for p in report.problems]
    export(operators_for("S1"), second)
    if target.endswith(".xlsx"):
        from openpyxl import load_workbook

        def cells(path):
            return {
                s.title: [list(r) for r in s.iter_rows(values_only=True)]
                for s in load_workbook(path).worksheets
            }

        assert cells(first) == cells(second)
        assert cells(first)["logements"][1][:3] == ["L1", "S1", "69383"]
    else:
        for name in ("structures", "logements", "menages", "personnes", "sejours"):
            assert (first / f"{name}.csv").read_bytes() == (second / f"{name}.csv").read_bytes()
        assert "1250.5" in (first / "sejours.csv").read_text()


@pytest.mark.django_db
def test_export_command(tmp_path):
    run(write(tmp_path / "source", VALID))
    call_command("export_iml", "--structure", "S1", str(tmp_path / "out"))
    assert (
        (tmp_path / "out" / "menages.csv")
        .read_text()
        .splitlines()[1]
        .startswith("M1,S1,famille_monoparentale")
    )
    with pytest.raises(CommandError, match="introuvable"):
        call_command("export_iml", "--structure", "S404", str(tmp_path / "x"))
