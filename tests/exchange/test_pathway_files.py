"""The optional files of the pathways (docs/spec/exchange-format.md, "Optional files of the pathways"):
imported by the rules of Clef's forms, all or nothing, idempotent; exported beside the v1 files; a v1-only
dataset imports unchanged; the bilan computed from an import equals the one computed from the same data
entered in Clef."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from clef.bilan.indicators import compute, is_v1_key
from clef.bilan.perimeter import Perimeter
from clef.dwellings.models import Dwelling
from clef.exchange.exporter import export, operators_for
from clef.exchange.importer import import_dataset
from clef.exchange.pathways import NO_USER, UNKNOWN_STAY
from clef.exchange.reader import read_dataset
from clef.exits import services as exit_services
from clef.exits.enums import Perspective
from clef.exits.models import ExitAssessment, ExitPerspective, Solicitation
from clef.households.models import Household, HouseholdResource, Person
from clef.journal.models import JournalEntry
from clef.occupancy import rules as occupancy_rules
from clef.occupancy.models import OccupancyTerm
from clef.organisations.models import Organisation
from clef.orientation.models import EntryChoice
from clef.stays.models import Stay
from tests.exchange.test_import_export import VALID, write
from tests.factories.accounts import UserFactory
from tests.factories.exits import SolicitationFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

# On VALID: T1 (M1 in L1, mandat de gestion, internal move 01/01/2023), T2 (M1 in L2, bail glissant, exit
# 30/06/2024 to the social park), T3 (M2 in L1 since 01/01/2023).
PATHWAYS = {
    "choix_entrees": "structure_id,sejour_id,visite_avant_signature,alternative_proposee\nS1,T1,oui,non\nS1,T3,non,\n",
    "echeances": "structure_id,sejour_id,numero,date_debut,date_echeance,decision,date_decision,motif\n"
    "S1,T2,1,2023-01-01,2023-06-30,renouvelee,2023-06-01,\n"
    "S1,T2,2,2023-07-01,2023-12-31,renouvelee,2023-12-01,\n"
    "S1,T2,3,2024-01-01,2024-06-30,renouvelee,2024-06-01,Relogement signé le 15/07\n"
    "S1,T2,4,2024-07-01,2024-12-31,,,\n",
    "bilans_sortie": "structure_id,sejour_id,date_bilan,choix_menage,relais,relais_nom,regard_menage,"
    "regard_travailleur_social,regard_gestionnaire,regard_structure,regard_financeur\n"
    "S1,T2,2024-07-02,choisi,travailleur_social_secteur,MDS de Villeurbanne,positive,positive,mitigee,,\n",
    "sollicitations": "structure_id,menage_id,date,objet,minutes\nS1,M1,2024-09-02,courrier,30\n"
    "S1,M1,2024-10-01,menace_impaye,45\n",
}
PATHWAY_MODELS = (EntryChoice, OccupancyTerm, ExitPerspective, ExitAssessment, Solicitation)


def run(folder: Path, **kwargs):
    return import_dataset(read_dataset(folder), **kwargs)


def problems(report) -> list[str]:
    return [str(p) for p in report.problems]


def wipe() -> None:
    """Every record of the register and of the pathways (the organisations stay)."""
    for model in (*PATHWAY_MODELS, Stay, Person, HouseholdResource, Household, Dwelling):
        model.objects.all().delete()


def new_keys(year: int) -> dict:
    values = compute(year, Perimeter("structure", str(Organisation.objects.get(external_id="S1").pk)))
    return {key: value for key, value in values.items() if not is_v1_key(key)}


@pytest.fixture
def user():
    return UserFactory()


def test_the_pathway_files_are_imported_and_counted(tmp_path, user):
    report = run(write(tmp_path / "d", VALID | PATHWAYS), acting_user=user)
    assert report.ok, problems(report)
    assert report.counts["echeances"] == {"créés": 4, "modifiés": 0, "inchangés": 0}
    t1, t3 = Stay.objects.get(external_id="T1"), Stay.objects.get(external_id="T3")
    assert (t1.entry_choice.visited_before_signing, t1.entry_choice.alternative_offered) == (True, False)
    assert t3.entry_choice.visited_before_signing is False
    assert t3.entry_choice.alternative_offered is None  # empty cell: unknown
    assessment = ExitAssessment.objects.get(stay__external_id="T2")
    assert assessment.relay_name == "MDS de Villeurbanne" and assessment.assessed_by == user
    assert dict(assessment.perspectives.values_list("perspective", "judgement")) == {
        "menage": "positive",
        "travailleur_social": "positive",
        "gestionnaire": "mitigee",
    }
    assert OccupancyTerm.objects.get(stay__external_id="T2", number=4).decision == "pending"
    assert Solicitation.objects.filter(household__external_id="M1").count() == 2
    # Each record is journaled on its household.
    m1 = Household.objects.get(external_id="M1")
    journaled = JournalEntry.objects.filter(household_id=m1.pk, content_type__model="solicitation")
    assert journaled.count() == 2
    figures = new_keys(2024)
    assert figures["relais_sortie.avec_relais_pct"] == 100.0 and figures["sollicitations.temps_heures"] == 1.3
    assert figures["occupation.renouvellements"] == 2  # terms 3 and 4 start in 2024


def test_importing_the_same_pathway_rows_again_changes_nothing(tmp_path, user):
    folder = write(tmp_path / "d", VALID | PATHWAYS)
    assert run(folder, acting_user=user).ok
    entries = JournalEntry.objects.count()
    report = run(folder, acting_user=user)
    assert report.ok, problems(report)
    for name in PATHWAYS:
        assert report.counts[name]["créés"] == report.counts[name]["modifiés"] == 0, name
    assert JournalEntry.objects.count() == entries
    changed = dict(PATHWAYS, sollicitations=PATHWAYS["sollicitations"].replace(",30\n", ",40\n"))
    report = run(write(tmp_path / "e", VALID | changed), acting_user=user)
    assert report.counts["sollicitations"] == {"créés": 0, "modifiés": 1, "inchangés": 1}
    assert Solicitation.objects.get(subject="courrier").minutes_spent == 40


def test_a_v1_dataset_imports_unchanged_without_the_optional_files(tmp_path):
    report = run(write(tmp_path / "d", VALID))  # the command line: no user needed
    assert report.ok and report.written, problems(report)
    assert set(report.counts) == {"structures", "logements", "menages", "personnes", "sejours"}
    assert report.problems == []
    assert not any(model.objects.exists() for model in PATHWAY_MODELS)


def test_the_bilan_from_an_import_equals_the_bilan_of_the_same_data_entered_in_clef(tmp_path, user):
    """Entered in Clef through the applications' services, exported, wiped, imported: the pathway keys of
    the bilan are the same, and a second export gives identical files."""
    assert run(write(tmp_path / "v1", VALID)).ok
    t1, t2, t3 = (Stay.objects.get(external_id=f"T{n}") for n in (1, 2, 3))
    EntryChoice.objects.create(
        stay=t1, organisation_id=t1.organisation_id, visited_before_signing=True, alternative_offered=False,
        recorded_by=user,
    )  # fmt: skip
    EntryChoice.objects.create(stay=t3, organisation_id=t3.organisation_id, visited_before_signing=False,
                               recorded_by=user)  # fmt: skip
    for number, (start, end) in enumerate(
        ((date(2023, 1, 1), date(2023, 6, 30)), (date(2023, 7, 1), date(2024, 6, 30))), 1
    ):
        OccupancyTerm.objects.create(
            organisation_id=t2.organisation_id, stay=t2, number=number, starts_on=start, ends_on=end,
            decision="renewed" if number == 1 else "ended", decided_on=end, decided_by=user,
        )  # fmt: skip
    exit_services.assess_exit(
        stay=t2,
        outcome=exit_services.Outcome(household_choice="subi", relay_kind="aucun"),
        perspectives={
            Perspective.MENAGE: exit_services.PerspectiveInput(criteria=["choisi"], judgement="negative"),
            Perspective.FINANCEUR: exit_services.PerspectiveInput(judgement="positive"),
        },
        on=date(2024, 7, 1),
        acting_user=user,
    )
    exit_services.record_solicitation(
        household=t2.household, organisation_id=t2.organisation_id, solicited_on=date(2024, 11, 5),
        subject="demarche", answered_by=user, minutes_spent=50, note="Dossier APL", acting_user=user,
    )  # fmt: skip
    entered = {year: new_keys(year) for year in (2023, 2024)}
    first, second = tmp_path / "1", tmp_path / "2"
    export(operators_for("S1"), first)
    wipe()
    report = run(first, acting_user=user)
    assert report.ok, problems(report)
    assert {year: new_keys(year) for year in (2023, 2024)} == entered
    assert entered[2024]["choix.sortie.subie_pct"] == 100.0 and entered[2024]["sollicitations.nombre"] == 1
    export(operators_for("S1"), second)
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name
    assert (first / "bilans_sortie.csv").read_text().splitlines()[
        1
    ] == "S1,T2,2024-07-01,subi,aucun,,negative,,,,positive"


def _error_of(tmp_path, name: str, text: str, user=None) -> list[str]:
    report = run(write(tmp_path / name, VALID | {name: text}), acting_user=user or UserFactory())
    assert not report.ok and not report.written
    assert not Stay.objects.exists()  # all or nothing: the v1 rows are not written either
    return [str(p) for p in report.errors]


def test_rows_that_break_the_rules_are_reported_and_nothing_is_written(tmp_path):
    header = PATHWAYS["echeances"].splitlines()[0] + "\n"
    mandate = _error_of(tmp_path, "echeances", header + "S1,T3,1,2023-01-01,2023-06-30,,,\n")
    assert mandate == [f"Erreur : echeances.csv, ligne 2 : {occupancy_rules.NOT_SUBLET}"]
    beyond = _error_of(
        tmp_path, "echeances", header + "S1,T2,3,2024-01-01,2024-06-30,renouvelee,2024-06-01,\n"
    )
    assert "ligne 2, colonne « motif »" in beyond[0] and "Au-delà de 2 renouvellements" in beyond[0]
    dates = _error_of(tmp_path, "echeances", header + "S1,T2,1,2023-06-30,2023-01-01,,,\n")
    assert len(dates) == 1 and "echeances.csv, ligne 2" in dates[0]
    unknown = _error_of(tmp_path, "echeances", header + "S1,T9,1,2023-01-01,2023-06-30,,,\n")
    assert unknown == [
        f"Erreur : echeances.csv, ligne 2, colonne « sejour_id » — valeur « T9 » : {UNKNOWN_STAY}"
    ]


def test_an_assessment_needs_an_ended_stay_and_a_named_relay(tmp_path):
    header = PATHWAYS["bilans_sortie"].splitlines()[0] + "\n"
    present = _error_of(tmp_path, "bilans_sortie", header + "S1,T3,2024-07-02,choisi,aucun,,,,,,\n")
    assert present == ["Erreur : bilans_sortie.csv, ligne 2 : " + exit_services.rules.STAY_NOT_ENDED]
    unnamed = _error_of(tmp_path, "bilans_sortie", header + "S1,T2,2024-07-02,choisi,autre,,,,,,\n")
    assert unnamed == [
        "Erreur : bilans_sortie.csv, ligne 2, colonne « relais_nom » : "
        + exit_services.rules.RELAY_NAME_REQUIRED
    ]
    bad_code = _error_of(tmp_path, "bilans_sortie", header + "S1,T2,2024-07-02,choisi,aucun,,bonne,,,,\n")
    assert "colonne « regard_menage » — valeur « bonne »" in bad_code[0] and "positive" in bad_code[0]


def test_a_solicitation_needs_a_household_whose_pathway_has_ended(tmp_path):
    header = "structure_id,menage_id,date,objet,minutes\n"
    housed = _error_of(tmp_path, "sollicitations", header + "S1,M2,2024-09-02,conseil,30\n")
    assert housed == [
        "Erreur : sollicitations.csv, ligne 2, colonne « date » — valeur « 2024-09-02 » : "
        + exit_services.rules.STILL_HOUSED
    ]
    too_long = _error_of(tmp_path, "sollicitations", header + "S1,M1,2024-09-02,conseil,601\n")
    assert "colonne « minutes » — valeur « 601 »" in too_long[0]
    twice = _error_of(
        tmp_path, "sollicitations", header + "S1,M1,2024-09-02,conseil,30\nS1,M1,2024-09-02,conseil,20\n"
    )
    assert "identifiant en double (déjà ligne 2)" in twice[0]


def test_the_files_that_say_who_recorded_need_an_identified_user(tmp_path):
    report = run(write(tmp_path / "d", VALID | {"choix_entrees": PATHWAYS["choix_entrees"]}))
    assert [str(p) for p in report.errors] == [f"Erreur : choix_entrees.csv : {NO_USER}"]
    assert not Stay.objects.exists()
    # Terms name no one: the command line imports them.
    report = run(write(tmp_path / "e", VALID | {"echeances": PATHWAYS["echeances"]}))
    assert report.ok, problems(report)


def test_the_command_line_names_the_importing_user(tmp_path, user):
    folder = write(tmp_path / "d", VALID | PATHWAYS)
    call_command("import_iml", str(folder), "--utilisateur", user.email.upper(), stdout=StringIO())
    assert EntryChoice.objects.filter(recorded_by=user).count() == 2
    with pytest.raises(CommandError, match="Aucun compte actif"):
        call_command("import_iml", str(folder), "--utilisateur", "personne@clef.test", stdout=StringIO())


def test_a_dry_run_with_pathway_files_checks_them_and_writes_nothing(tmp_path, user):
    report = run(write(tmp_path / "d", VALID | PATHWAYS), acting_user=user, dry_run=True)
    assert report.ok and not report.written, problems(report)
    assert not Stay.objects.exists() and not EntryChoice.objects.exists()
    header = PATHWAYS["echeances"].splitlines()[0] + "\n"
    report = run(
        write(tmp_path / "e", VALID | {"echeances": header + "S1,T3,1,2023-01-01,2023-06-30,,,\n"}),
        acting_user=user,
        dry_run=True,
    )
    assert [str(p) for p in report.errors] == [
        f"Erreur : echeances.csv, ligne 2 : {occupancy_rules.NOT_SUBLET}"
    ]


def test_pathway_rows_name_records_already_in_clef_and_only_the_uploader_s_structure(tmp_path, user):
    assert run(write(tmp_path / "v1", VALID)).ok
    OrganisationFactory(external_id="S2")
    s1 = Organisation.objects.get(external_id="S1")
    text = PATHWAYS["choix_entrees"].replace("S1,T3", "S2,T3")
    report = run(write(tmp_path / "d", {"choix_entrees": text}), acting_user=user, restrict_to=s1)
    assert problems(report) == [
        "Erreur : choix_entrees.csv, ligne 3, colonne « structure_id » — valeur « S2 » : "
        "vous ne pouvez importer que les données de votre structure (S1)."
    ]
    assert not EntryChoice.objects.exists()
    report = run(
        write(tmp_path / "e", {"choix_entrees": PATHWAYS["choix_entrees"]}), acting_user=user, restrict_to=s1
    )
    assert report.ok and report.counts["choix_entrees"]["créés"] == 2, problems(report)


def test_a_partner_s_solicitation_about_another_operator_s_household_is_not_exported(tmp_path, user):
    assert run(write(tmp_path / "d", VALID | PATHWAYS), acting_user=user).ok
    partner = OrganisationFactory(external_id="P1")
    m1 = Household.objects.get(external_id="M1")
    SolicitationFactory(household=m1, organisation=partner, solicited_on=date(2024, 11, 2), minutes_spent=20)
    export(operators_for("S1"), tmp_path / "s1")
    export(operators_for("P1"), tmp_path / "p1")
    assert (tmp_path / "s1" / "sollicitations.csv").read_text().splitlines()[1:] == [
        "S1,M1,2024-09-02,courrier,30",
        "S1,M1,2024-10-01,menace_impaye,45",
    ]
    assert (tmp_path / "p1" / "sollicitations.csv").read_text().splitlines() == [
        "structure_id,menage_id,date,objet,minutes"
    ]


def test_the_pathway_sheets_of_a_workbook_round_trip(tmp_path, user):
    assert run(write(tmp_path / "d", VALID | PATHWAYS), acting_user=user).ok
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    export(operators_for("S1"), first)
    wipe()
    report = run(first, acting_user=user)
    assert report.ok, problems(report)
    assert report.counts["bilans_sortie"]["créés"] == 1 and report.counts["echeances"]["créés"] == 4
    export(operators_for("S1"), second)
    from openpyxl import load_workbook

    def cells(path):
        return {
            s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in load_workbook(path).worksheets
        }

    assert cells(first) == cells(second)
    assert cells(first)["choix_entrees"][1:] == [["S1", "T1", "oui", "non"], ["S1", "T3", "non", None]]
