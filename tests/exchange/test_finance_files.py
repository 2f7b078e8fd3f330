"""The optional files of rental management and funding (docs/spec/exchange-format.md, issue 10): `impayes`
(arrears at 31/12 per séjour) and `subventions` (the IML subsidy per operator and year). Imported by the
rules of Clef (the models' validators, the funding's service), all or nothing, idempotent, journaled;
exported beside the other files (a header alone when empty) and round-tripped; an operator that only sends
files gets impayes.*, financement.* and the losses in its bilan (worked example)."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from clef.bilan.indicators import compute
from clef.bilan.perimeter import Perimeter
from clef.exchange.exporter import collect, export
from clef.exchange.finance import HAS_LEASE, NOT_PRESENT, withheld_for
from clef.exchange.importer import import_dataset
from clef.exchange.pathways import NO_USER, UNKNOWN_STAY
from clef.exchange.reader import read_dataset
from clef.funding.models import Subsidy
from clef.journal.models import JournalEntry
from clef.organisations.models import Organisation, Role
from clef.rental.declared import DeclaredArrears
from clef.stays.models import Stay
from tests.exchange.test_import_export import VALID, write
from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.rental import LeaseFactory

pytestmark = pytest.mark.django_db

# VALID plus a sublet dwelling L3 and a household M3 (one person) housed there since 01/03/2024 (T4). On
# 31/12/2024: T3 (M2 in L1, mandat de gestion) and T4 (M3 in L3, sous-location) are housed; T2 (M1 in L2,
# bail glissant) exited on 30/06/2024 with unpaid rent.
REGISTER = VALID | {
    "logements": VALID["logements"] + "L3,S1,69383,3 rue C,T1,,1,prive,sous_location,,,,,2023-01-01,,\n",
    "menages": VALID["menages"] + "M3,S1,personne_isolee,oui,non,hotel,salaire,non\n",
    "personnes": VALID["personnes"] + "P4,M3,reference,F,1990-05-05\n",
    "sejours": VALID["sejours"] + "T4,M3,L3,2024-03-01,,,,,\n",
}
IMPAYES_HEADER = "structure_id,sejour_id,date_arrete,montant,mensualite_nette\n"
SUBVENTIONS_HEADER = (
    "structure_id,annee,montant_captation,montant_gla,montant_accompagnement,date_attribution\n"
)
FINANCE = {
    "impayes": IMPAYES_HEADER + 'S1,T3,2024-12-31,450,300\nS1,T4,2024-12-31,"1 200,00",350\n',
    "subventions": SUBVENTIONS_HEADER + "S1,2024,30000,50000,20000,2024-03-15\nS1,2025,31000,50000,20000,\n",
}


def run(folder: Path, **kwargs):
    return import_dataset(read_dataset(folder), **kwargs)


def problems(report) -> list[str]:
    return [str(p) for p in report.problems]


@pytest.fixture
def user():
    return UserFactory()


def imported(tmp_path, user, files: dict, name: str = "d"):
    report = run(write(tmp_path / name, REGISTER | files), acting_user=user)
    return report


def test_the_finance_files_are_imported_counted_and_journaled(tmp_path, user):
    report = imported(tmp_path, user, FINANCE)
    assert report.ok, problems(report)
    assert report.counts["impayes"] == {"créés": 2, "modifiés": 0, "inchangés": 0}
    assert report.counts["subventions"] == {"créés": 2, "modifiés": 0, "inchangés": 0}
    t4 = DeclaredArrears.objects.get(stay__external_id="T4")
    assert (t4.day, t4.amount, t4.net_monthly_due, t4.entered_by) == (
        date(2024, 12, 31),
        Decimal("1200.00"),
        Decimal("350.00"),
        user,
    )
    subsidy = Subsidy.objects.get(year=2024)
    assert (subsidy.total, subsidy.granted_on, subsidy.entered_by) == (
        Decimal("100000.00"),
        date(2024, 3, 15),
        user,
    )
    assert Subsidy.objects.get(year=2025).granted_on is None
    journaled = JournalEntry.objects.filter(actor=user, content_type__model="declaredarrears")
    assert journaled.count() == 2
    assert journaled.get(object_id=t4.pk).household_id == t4.stay.household_id
    assert (
        JournalEntry.objects.filter(actor=user, content_type__model="subsidy", action="create").count() == 2
    )


def test_importing_the_same_rows_again_changes_nothing_and_a_change_updates(tmp_path, user):
    imported(tmp_path, user, FINANCE)
    again = imported(tmp_path, user, FINANCE, "again")
    assert again.counts["impayes"] == {"créés": 0, "modifiés": 0, "inchangés": 2}
    assert again.counts["subventions"] == {"créés": 0, "modifiés": 0, "inchangés": 2}
    subsidy = Subsidy.objects.get(year=2024)
    subsidy.comments = "Convention pluriannuelle"
    subsidy.save()
    changed = {
        "impayes": IMPAYES_HEADER + "S1,T3,2024-12-31,500,300\n",
        "subventions": SUBVENTIONS_HEADER + "S1,2024,30000,55000,20000,2024-03-15\n",
    }
    report = imported(tmp_path, user, changed, "changed")
    assert report.counts["impayes"] == {"créés": 0, "modifiés": 1, "inchangés": 0}
    assert report.counts["subventions"] == {"créés": 0, "modifiés": 1, "inchangés": 0}
    assert DeclaredArrears.objects.get(stay__external_id="T3").amount == Decimal("500.00")
    assert DeclaredArrears.objects.get(stay__external_id="T3").version == 2
    subsidy.refresh_from_db()
    assert (subsidy.gla_amount, subsidy.version, subsidy.comments) == (
        Decimal("55000.00"),
        2,
        "Convention pluriannuelle",  # what the file does not carry is kept
    )
    assert DeclaredArrears.objects.count() == 2 and Subsidy.objects.count() == 2


@pytest.mark.parametrize(
    "files, expected",
    [
        (
            {"impayes": IMPAYES_HEADER + "S1,T3,2024-12-30,450,300\n"},
            "impayes.csv, ligne 2, colonne « date_arrete » — valeur « 2024-12-30 » : "
            "La date d'arrêté des impayés est un 31 décembre (ex. 2025-12-31).",
        ),
        (
            {"impayes": IMPAYES_HEADER + "S1,T3,31/13/2024,450,300\n"},
            "impayes.csv, ligne 2, colonne « date_arrete » — valeur « 31/13/2024 »",
        ),
        (
            {"impayes": IMPAYES_HEADER + "S1,T3,2024-12-31,-450,300\n"},
            "impayes.csv, ligne 2, colonne « montant » — valeur « -450 »",
        ),
        (
            {"impayes": IMPAYES_HEADER + "S1,T3,2024-12-31,0,300\n"},
            "impayes.csv, ligne 2, colonne « montant » — valeur « 0 »",
        ),
        (
            {"impayes": IMPAYES_HEADER + "S1,T3,2024-12-31,5000000,300\n"},
            "impayes.csv, ligne 2, colonne « montant » — valeur « 5000000 »",
        ),
        (
            {"impayes": IMPAYES_HEADER + "S1,T3,2024-12-31,450,99999\n"},
            "impayes.csv, ligne 2, colonne « mensualite_nette » — valeur « 99999 »",
        ),
        (
            {"impayes": IMPAYES_HEADER + "S1,T3,2024-12-31,abc,300\n"},
            "impayes.csv, ligne 2, colonne « montant » — valeur « abc » : nombre attendu (par exemple 41,5).",
        ),
        (
            {"impayes": IMPAYES_HEADER + "S1,T9,2024-12-31,450,300\n"},
            f"impayes.csv, ligne 2, colonne « sejour_id » — valeur « T9 » : {UNKNOWN_STAY}",
        ),
        (
            {"impayes": IMPAYES_HEADER + "S1,T2,2024-12-31,450,300\n"},  # exited on 30/06/2024
            f"impayes.csv, ligne 2, colonne « date_arrete » — valeur « 2024-12-31 » : {NOT_PRESENT}",
        ),
        (
            {"impayes": IMPAYES_HEADER + "S1,T3,2024-12-31,450,300\nS1,T3,2024-12-31,10,300\n"},
            "impayes.csv, ligne 3, colonne « sejour_id » — valeur « T3 » : identifiant en double (déjà ligne 2).",
        ),
        (
            {"impayes": IMPAYES_HEADER + "S2,T3,2024-12-31,450,300\n"},
            "impayes.csv, ligne 2, colonne « structure_id » — valeur « S2 » : "
            "structure inconnue : absente de structures.csv et de Clef.",
        ),
        (
            {"subventions": SUBVENTIONS_HEADER + "S1,2024,-1,0,0,\n"},
            "subventions.csv, ligne 2, colonne « montant_captation » — valeur « -1 »",
        ),
        (
            {"subventions": SUBVENTIONS_HEADER + "S1,2024,0,99000000,0,\n"},
            "subventions.csv, ligne 2, colonne « montant_gla » — valeur « 99000000 »",
        ),
        (
            {"subventions": SUBVENTIONS_HEADER + "S1,1999,0,0,0,\n"},
            "subventions.csv, ligne 2, colonne « annee » — valeur « 1999 »",
        ),
        (
            {"subventions": SUBVENTIONS_HEADER + "S1,deux mille,0,0,0,\n"},
            "subventions.csv, ligne 2, colonne « annee » — valeur « deux mille » : nombre entier attendu.",
        ),
        (
            {"subventions": SUBVENTIONS_HEADER + "S1,2024,0,0,0,2024-02-30\n"},
            "subventions.csv, ligne 2, colonne « date_attribution » — valeur « 2024-02-30 »",
        ),
        (
            {"subventions": SUBVENTIONS_HEADER + "S1,2024,0,0,,\n"},
            "subventions.csv, ligne 2, colonne « montant_accompagnement » : valeur obligatoire manquante.",
        ),
    ],
)
def test_a_bad_row_is_reported_where_it_is_and_nothing_is_written(tmp_path, user, files, expected):
    report = imported(tmp_path, user, files)
    assert not report.ok
    assert any(expected in p for p in problems(report)), problems(report)
    assert all(p.startswith("Erreur : ") or p.startswith("Avertissement : ") for p in problems(report))
    assert not report.written
    assert not Stay.objects.exists() and not DeclaredArrears.objects.exists() and not Subsidy.objects.exists()


def test_a_date_in_the_future_is_refused(tmp_path, user):
    year = timezone.localdate().year
    files = {"impayes": IMPAYES_HEADER + f"S1,T3,{year}-12-31,450,300\n"}
    report = imported(tmp_path, user, files)
    assert "La date d'arrêté ne peut pas être dans le futur." in " ".join(problems(report))
    assert not DeclaredArrears.objects.exists()


def test_a_sejour_of_another_structure_is_unknown_and_another_structure_is_refused(tmp_path, user):
    assert imported(tmp_path, user, {}).ok
    other = OrganisationFactory(external_id="S2")
    Stay.objects.filter(external_id="T3").update()  # T3 stays S1's
    files = {"impayes": IMPAYES_HEADER + "S2,T3,2024-12-31,450,300\n"}
    report = run(write(tmp_path / "other", files), acting_user=user)
    assert f"valeur « T3 » : {UNKNOWN_STAY}" in " ".join(problems(report))
    s1 = Organisation.objects.get(external_id="S1")
    files = {"subventions": SUBVENTIONS_HEADER + "S2,2024,1,1,1,\n"}
    report = run(write(tmp_path / "scoped", files), acting_user=user, restrict_to=s1)
    assert "vous ne pouvez importer que les données de votre structure (S1)." in " ".join(problems(report))
    assert not Subsidy.objects.filter(organisation=other).exists()


def test_a_stay_with_a_rent_account_keeps_its_ledger_and_the_row_is_ignored_with_a_warning(tmp_path, user):
    assert imported(tmp_path, user, {}).ok
    t3 = Stay.objects.get(external_id="T3")
    LeaseFactory(stay=t3, organisation=t3.organisation)
    report = run(write(tmp_path / "f", {"impayes": FINANCE["impayes"]}), acting_user=user)
    assert report.ok, problems(report)
    assert f"Avertissement : impayes.csv, ligne 2, colonne « sejour_id » : {HAS_LEASE}" in problems(report)
    assert report.counts["impayes"] == {"créés": 1, "modifiés": 0, "inchangés": 0}
    assert list(DeclaredArrears.objects.values_list("stay__external_id", flat=True)) == ["T4"]


def test_the_finance_files_need_an_identified_user(tmp_path):
    report = run(write(tmp_path / "d", REGISTER | FINANCE))
    assert f"Erreur : impayes.csv : {NO_USER}" in problems(report)
    assert f"Erreur : subventions.csv : {NO_USER}" in problems(report)
    assert not Stay.objects.exists()


def test_a_dry_run_checks_the_finance_files_and_writes_nothing(tmp_path, user):
    report = run(write(tmp_path / "d", REGISTER | FINANCE), acting_user=user, dry_run=True)
    assert report.ok and not report.written
    assert not DeclaredArrears.objects.exists() and not Subsidy.objects.exists()


def test_export_import_export_is_identical_with_the_finance_files(tmp_path, user):
    assert imported(tmp_path, user, FINANCE).ok
    s1 = Organisation.objects.get(external_id="S1")
    export([s1], tmp_path / "first")
    assert (tmp_path / "first" / "impayes.csv").read_text().splitlines() == [
        IMPAYES_HEADER.strip(),
        "S1,T3,2024-12-31,450,300",
        "S1,T4,2024-12-31,1200,350",
    ]
    assert (tmp_path / "first" / "subventions.csv").read_text().splitlines()[1:] == [
        "S1,2024,30000,50000,20000,2024-03-15",
        "S1,2025,31000,50000,20000,",
    ]
    DeclaredArrears.objects.all().delete()
    Subsidy.objects.all().delete()
    report = run(tmp_path / "first", acting_user=user)
    assert report.counts["impayes"]["créés"] == 2 and report.counts["subventions"]["créés"] == 2
    export([s1], tmp_path / "second")
    for name in ("impayes", "subventions", "sejours"):
        first = (tmp_path / "first" / f"{name}.csv").read_bytes()
        assert (tmp_path / "second" / f"{name}.csv").read_bytes() == first


def test_the_workbook_carries_the_finance_sheets_and_round_trips(tmp_path, user):
    assert imported(tmp_path, user, FINANCE).ok
    s1 = Organisation.objects.get(external_id="S1")
    workbook = tmp_path / "donnees.xlsx"
    export([s1], workbook)
    DeclaredArrears.objects.all().delete()
    Subsidy.objects.all().delete()
    report = run(workbook, acting_user=user)
    assert report.ok, problems(report)
    assert report.counts["impayes"]["créés"] == 2 and report.counts["subventions"]["créés"] == 2
    assert collect([s1])["impayes"] == [
        ["S1", "T3", "2024-12-31", "450", "300"],
        ["S1", "T4", "2024-12-31", "1200", "350"],
    ]


def test_the_export_writes_a_header_alone_when_there_is_nothing(tmp_path):
    operator = OrganisationFactory(external_id="S9")
    export([operator], tmp_path / "out")
    assert (tmp_path / "out" / "impayes.csv").read_text() == IMPAYES_HEADER
    assert (tmp_path / "out" / "subventions.csv").read_text() == SUBVENTIONS_HEADER


def test_a_v1_dataset_still_imports_without_the_finance_files(tmp_path):
    report = run(write(tmp_path / "d", VALID))
    assert report.ok and "impayes" not in report.counts and "subventions" not in report.counts


def test_a_member_downloads_only_the_files_their_role_may_read(tmp_path, user):
    assert imported(tmp_path, user, FINANCE).ok
    s1 = Organisation.objects.get(external_id="S1")
    visible = {}
    for role in (
        Role.DIRECTOR,
        Role.READ_ONLY,
        Role.SOCIAL_WORKER,
        Role.RENTAL_MANAGER,
        Role.CAPTATION_OFFICER,
    ):
        rows = collect([s1], withheld=withheld_for(MembershipFactory(organisation=s1, role=role)))
        visible[role] = (bool(rows["impayes"]), bool(rows["subventions"]))
    assert visible == {
        Role.DIRECTOR: (True, True),
        Role.READ_ONLY: (True, True),
        Role.SOCIAL_WORKER: (True, False),  # the balance, never the funding
        Role.RENTAL_MANAGER: (True, False),
        Role.CAPTATION_OFFICER: (False, False),  # no household account
    }


def test_an_operator_that_only_sends_files_gets_its_arrears_funding_and_losses_in_the_bilan(tmp_path, user):
    """Worked example, S1 in 2024, from the files only (no rent account in Clef):
    - impayes at 31/12/2024: T3 (mandat de gestion) 450 € for 300 € a month → 1,5 month → « 1 à 2 mois »;
      T4 (sous-location) 1 200 € for 350 € a month → 3,4 months → « 3 mois et plus »: 2 households, 1 650 €.
    - financement 2024: 30 000 + 50 000 + 20 000 = 100 000 €. Household-days: T2 from 01/01 to 29/06 (the day
      before its exit) = 31+29+31+30+31+29 = 181; T3 the whole (leap) year = 366; T4 from 01/03 to 31/12 =
      306; 853 in all. Person-days: T2 × 2 persons (M1) = 362, + 366 + 306 = 1 034. Cost per person-day
      100 000 / 1 034 = 96,71 €; per household-day 100 000 / 853 = 117,23 €.
    - losses: one exit in 2024 (T2, bail glissant, unpaid rent only): 100 % « impayé seul »."""
    assert imported(tmp_path, user, FINANCE).ok
    v = compute(2024, Perimeter("structure", str(Organisation.objects.get(external_id="S1").pk)))
    assert v["impayes.menages"] == 2
    assert v["impayes.montant_euros"] == 1650.0
    assert v["impayes.anciennete.1_2_mois_pct"] == 50.0
    assert v["impayes.anciennete.3_mois_et_plus_pct"] == 50.0
    assert v["impayes.anciennete.moins_1_mois_pct"] == v["impayes.anciennete.2_3_mois_pct"] == 0.0
    assert (
        v["impayes.par_mode.mandat_gestion.menages"],
        v["impayes.par_mode.mandat_gestion.montant_euros"],
    ) == (
        1,
        450.0,
    )
    assert (
        v["impayes.par_mode.sous_location.menages"],
        v["impayes.par_mode.sous_location.montant_euros"],
    ) == (
        1,
        1200.0,
    )
    assert v["financement.subvention_euros"] == 100000.0
    assert (
        v["financement.captation_euros"],
        v["financement.gla_euros"],
        v["financement.accompagnement_euros"],
    ) == (
        30000.0,
        50000.0,
        20000.0,
    )
    assert (v["financement.journees_menages"], v["financement.journees_personnes"]) == (853, 1034)
    assert v["financement.cout_personne_jour_euros"] == 96.71
    assert v["financement.cout_menage_jour_euros"] == 117.23
    assert v["sorties.sinistre.impaye_seul_pct"] == 100.0
    assert v["sinistres.par_mode.bail_glissant.sorties"] == 1
    assert v["sinistres.par_mode.bail_glissant.impaye_seul_pct"] == 100.0
    assert v["sinistres.menages_avec_sinistre"] == 1
    # The arrears declared at another day do not count on 31/12/2024; 2025 has the 2025 subsidy only.
    v2025 = compute(2025, Perimeter("structure", str(Organisation.objects.get(external_id="S1").pk)))
    assert v2025["impayes.menages"] == 0 and v2025["financement.subvention_euros"] == 101000.0


def test_a_stay_with_a_lease_counts_by_its_ledger_never_twice(tmp_path, user):
    """A row declared before the stay got a rent account in Clef: the bilan reads the ledger only."""
    assert imported(tmp_path, user, FINANCE).ok
    t3 = Stay.objects.get(external_id="T3")
    LeaseFactory(stay=t3, organisation=t3.organisation, starts_on=date(2025, 1, 1))
    v = compute(2024, Perimeter("structure", str(t3.organisation_id)))
    assert (v["impayes.menages"], v["impayes.montant_euros"]) == (1, 1200.0)
    assert v["impayes.par_mode.mandat_gestion.menages"] == 0


@pytest.mark.parametrize("role, rows", [(Role.DIRECTOR, 2), (Role.CAPTATION_OFFICER, 0)])
def test_the_download_of_one_s_own_data_withholds_what_the_role_may_not_read(
    tmp_path, user, client, role, rows
):
    assert imported(tmp_path, user, FINANCE).ok
    s1 = Organisation.objects.get(external_id="S1")
    client.force_login(MembershipFactory(organisation=s1, role=role).user)
    response = client.get(reverse("www:export_own"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    for name in ("impayes", "subventions"):
        sheet = list(workbook[name].iter_rows(values_only=True))
        assert len(sheet) == 1 + rows  # the header, then the rows the role may read
