"""An import only touches the operators the uploader oversees (issue 6 §1: coordinator imports had no
scope: a DDETS renamed the SIAO and the DREETS, moved an operator away, created one elsewhere)."""

import pytest

from clef.dwellings.models import Dwelling
from clef.exchange.importer import import_dataset
from clef.exchange.models import ImportJob
from clef.exchange.reader import read_dataset
from clef.organisations.models import Organisation, Role
from clef.organisations.perms import Oversight, oversight
from tests.exchange.test_import_export import VALID, write
from tests.exchange.test_web_import import upload, workbook
from tests.factories.organisations import MembershipFactory, OrganisationFactory

STRUCTURES = "structure_id,nom,siret,departement,carte_professionnelle\n"
DDETS_69 = Oversight("departement", "69")
DREETS_AURA = Oversight("region", "84")


def run(tmp_path, files, name="d", **kwargs):
    return import_dataset(read_dataset(write(tmp_path / name, files)), **kwargs)


def errors(report) -> list[tuple[str, int, str, str]]:
    return [(p.file, p.line, p.column, p.message) for p in report.errors]


@pytest.fixture
def world(db):
    """An operator in the Rhône, one in the Isère, a SIAO and the DREETS, all with exchange ids."""
    return {
        "op69": OrganisationFactory(
            external_id="OP69",
            head_office_department_id="69",
            siret="73282932000074",
            has_carte_professionnelle=True,
        ),
        "op38": OrganisationFactory(external_id="OP38", head_office_department_id="38"),
        "siao": OrganisationFactory(siao=True, external_id="SIAO69", head_office_department_id="69"),
        "dreets": OrganisationFactory(state=True, external_id="DREETS"),
    }


@pytest.mark.django_db
def test_a_structures_row_never_changes_an_organisation_that_is_not_an_operator(tmp_path, world):
    files = {"structures": STRUCTURES + "SIAO69,Renommé,,69,non\nDREETS,Renommée aussi,,69,non\n"}
    for within in (DDETS_69, DREETS_AURA, None):
        report = run(tmp_path, files, name=f"d{within}", within=within)
        assert not report.ok
        assert {e[2] for e in errors(report)} == {"structure_id"}
        assert all("n'est pas une structure agréée" in e[3] for e in errors(report))
    world["siao"].refresh_from_db()
    world["dreets"].refresh_from_db()
    assert world["siao"].name != "Renommé"
    assert world["dreets"].name != "Renommée aussi"


@pytest.mark.django_db
def test_a_ddets_cannot_move_an_operator_out_of_its_department_nor_create_one_elsewhere(tmp_path, world):
    moved = {"structures": STRUCTURES + "OP69,Toit,73282932000074,38,oui\n"}
    report = run(tmp_path, moved, name="a", within=DDETS_69)
    assert ("structures.csv", 2, "departement") in [e[:3] for e in errors(report)]
    assert "hors de votre périmètre" in errors(report)[0][3]

    created = {"structures": STRUCTURES + "NEW38,Nouvelle,,38,non\n"}
    report = run(tmp_path, created, name="b", within=DDETS_69)
    assert errors(report) == [
        ("structures.csv", 2, "departement", "vous ne pouvez pas créer de structure hors de votre périmètre.")
    ]
    world["op69"].refresh_from_db()
    assert world["op69"].head_office_department_id == "69"
    assert not Organisation.objects.filter(external_id="NEW38").exists()


@pytest.mark.django_db
def test_a_ddets_cannot_write_into_the_register_of_an_operator_of_another_department(tmp_path, world):
    files = {name: text.replace("S1,", "OP38,") for name, text in VALID.items() if name not in {"structures"}}
    report = run(tmp_path, files, within=DDETS_69)
    assert not report.ok
    assert {(e[0], e[2]) for e in errors(report)} >= {
        ("logements.csv", "structure_id"),
        ("menages.csv", "structure_id"),
    }
    assert all("hors de votre périmètre" in e[3] for e in errors(report) if e[2] == "structure_id")
    assert not Dwelling.objects.exists()
    # The same file, for the operator of its own department, goes in.
    report = run(
        tmp_path, {n: t.replace("OP38,", "OP69,") for n, t in files.items()}, name="ok", within=DDETS_69
    )
    assert report.ok, errors(report)
    assert Dwelling.objects.filter(organisation=world["op69"]).count() == 2


@pytest.mark.django_db
def test_a_dreets_moves_an_operator_inside_its_region_but_not_outside(tmp_path, world):
    report = run(
        tmp_path,
        {"structures": STRUCTURES + "OP69,Toit,73282932000074,38,oui\n"},
        name="a",
        within=DREETS_AURA,
    )
    assert report.ok, errors(report)
    report = run(tmp_path, {"structures": STRUCTURES + "OP38,Toit,,75,non\n"}, name="b", within=DREETS_AURA)
    assert [e[2] for e in errors(report)] == ["departement"]


@pytest.mark.django_db
def test_no_import_clears_a_siret_or_a_carte_professionnelle_not_even_the_director_s_own(tmp_path, world):
    director = Oversight("structure", str(world["op69"].pk))
    cleared = {"structures": STRUCTURES + "OP69,Toit,,69,non\n"}
    report = run(tmp_path, cleared, within=director, restrict_to=world["op69"])
    assert {e[2] for e in errors(report)} == {"siret", "carte_professionnelle"}
    world["op69"].refresh_from_db()
    assert (world["op69"].siret, world["op69"].has_carte_professionnelle) == ("73282932000074", True)
    # Columns left out keep what Clef has.
    report = run(
        tmp_path,
        {"structures": "structure_id,nom,departement\nOP69,Toit renommé,69\n"},
        name="b",
        within=director,
    )
    assert report.ok, errors(report)
    world["op69"].refresh_from_db()
    assert (world["op69"].name, world["op69"].siret, world["op69"].has_carte_professionnelle) == (
        "Toit renommé",
        "73282932000074",
        True,
    )


@pytest.mark.django_db
def test_a_director_cannot_move_its_own_structure_to_another_department(tmp_path, world):
    director = Oversight("structure", str(world["op69"].pk))
    report = run(tmp_path, {"structures": STRUCTURES + "OP69,Toit,73282932000074,38,oui\n"}, within=director)
    assert [e[2] for e in errors(report)] == ["departement"]


@pytest.mark.django_db
def test_the_web_upload_of_a_ddets_is_scoped_to_its_department(client, world):
    ddets = MembershipFactory(organisation=OrganisationFactory(ddets=True), role=Role.STATE_COORDINATOR)
    assert oversight(ddets) == DDETS_69
    client.force_login(ddets.user)
    hostile = {
        "structures": STRUCTURES + "SIAO69,Renommé,,69,non\nOP38,Déplacée,,69,non\nNEW01,Ailleurs,,01,non\n",
        **{name: text.replace("S1,", "OP38,") for name, text in VALID.items() if name != "structures"},
    }
    upload(client, workbook(hostile))
    job = ImportJob.objects.get()
    assert job.status == "erreurs"
    refused = {(p["column"], p["value"]) for p in job.errors}
    assert {("structure_id", "SIAO69"), ("structure_id", "OP38"), ("departement", "01")} <= refused
    assert Organisation.objects.get(external_id="SIAO69").name != "Renommé"
    assert not Organisation.objects.filter(external_id="NEW01").exists()
    assert not Dwelling.objects.exists()
    # The target list of the upload form only offers the operators of its department.
    page = client.get("/echanges/import/").content.decode()
    assert world["op69"].name in page and world["op38"].name not in page
