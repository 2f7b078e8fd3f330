import json
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command

from clef.bilan.indicators import compute_detailed, is_v1_key
from clef.bilan.secrecy import mask_indicators
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory


def test_secrecy_masks_small_household_counts_and_figures_on_few_households_only():
    values = {
        "parc.logements": 4,
        "menages.presents": 12,
        "menages.entres": 4,
        "parc.prive_pct": 50.0,
        "sorties.logement_perenne_pct": 70.0,
        "sorties.duree_moyenne_dispositif_mois": 12.0,
        "menages.presents.dalo_pct": None,
        "parc.public_pct": None,
    }
    wholes = {
        "parc.prive_pct": 4,
        "sorties.logement_perenne_pct": 11,
        "sorties.duree_moyenne_dispositif_mois": 3,
        "menages.presents.dalo_pct": 0,
        "parc.public_pct": 4,
    }
    assert mask_indicators(values, wholes) == {
        "parc.logements": 4,  # dwellings: never secret
        "menages.presents": 12,
        "menages.entres": "secret",
        "parc.prive_pct": 50.0,  # computed on dwellings: never secret
        "sorties.logement_perenne_pct": 70.0,
        "sorties.duree_moyenne_dispositif_mois": "secret",
        "menages.presents.dalo_pct": "secret",  # « — » would tell that no household is present
        "parc.public_pct": None,
    }


@pytest.mark.django_db
def test_wholes_are_the_populations_of_the_spec():
    org = OrganisationFactory()
    DwellingFactory(organisation=org, parc="prive")
    DwellingFactory(organisation=org, parc="public")
    StayFactory(household__organisation=org, entry_date=date(2024, 2, 1))
    _, wholes = compute_detailed(2024)
    assert wholes["parc.prive_pct"] == 3
    assert wholes["parc.prive.conventionne_pct"] == 2
    assert wholes["menages.presents.dalo_pct"] == 1
    assert wholes["sorties.logement_perenne_pct"] == 0


@pytest.mark.django_db
def test_bilan_command_prints_the_json_contract_with_every_key():
    org = OrganisationFactory(head_office_department_id="38")
    DwellingFactory(organisation=org)
    out = StringIO()
    call_command("bilan", "--annee", "2024", "--perimetre", "region:84", stdout=out)
    data = json.loads(out.getvalue())
    assert data["annee"] == 2024 and data["perimetre"] == "region"
    indicators = data["indicateurs"]
    assert indicators["parc.logements"] == 1
    for key in (
        "sorties.categorisation.atelier_3.sans_solution_pct",
        "sorties.destination.inconnue_pct",
        "menages.presents.age.25_30_pct",
        "parc.typologie.t5_plus_pct",
        "sorties.sinistre.multiple_pct",
    ):
        assert key in indicators
    # Version 1: 73 keys of the indicator table (with every code and typology) + 18 scheme categories
    # (officielle 2, ateliers 4 each, plus "non_classe" in each of the four) + 4 loss keys.
    assert len([key for key in indicators if is_v1_key(key)]) == 95
    # Pathway sections (issue 8): orientation 16, choix 5, occupation 9, regards_sortie 17, relais_sortie 6,
    # sollicitations 9.
    captation = [key for key in indicators if key.startswith("captation.")]
    rental = [
        key for key in indicators if key.startswith(("sinistres.", "impayes.", "fonds.", "financement."))
    ]
    assert len([key for key in indicators if not is_v1_key(key)]) - len(captation) - len(rental) == 62
    # Issue 10: losses crossed 51 (by resources 15, by mode 36), arrears 10, fund 14, funding 9.
    assert len(rental) == 51 + 10 + 14 + 9
    assert len(captation) == 16  # captation (issue 9): new dwellings 8, requests and leads 4, conventions 4


@pytest.mark.django_db
def test_bilan_command_diffusion_and_files(tmp_path):
    org = OrganisationFactory()
    DwellingFactory(organisation=org)
    out = StringIO()
    call_command("bilan", "--annee", "2024", "--diffusion", stdout=out)
    published = json.loads(out.getvalue())["indicateurs"]
    assert published["parc.logements"] == 1 and published["structures.actives"] == 1
    assert published["menages.presents"] == "secret"
    call_command(
        "bilan", "--annee", "2024", "--format", "csv", "--output", str(tmp_path / "b.csv"), stdout=StringIO()
    )
    raw = (tmp_path / "b.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0]
    call_command(
        "bilan",
        "--annee",
        "2024",
        "--format",
        "xlsx",
        "--output",
        str(tmp_path / "b.xlsx"),
        stdout=StringIO(),
    )
    from openpyxl import load_workbook

    workbook = load_workbook(tmp_path / "b.xlsx")
    assert workbook.sheetnames == [
        "Le parc",
        "Modes de gestion",
        "Les ménages",
        "Parcours et sorties",
        "Sinistralité",
        "Orientation par le SIAO",
        "Le choix du ménage",
        "Occupation en sous-location",
        "La sortie vue par chacun",
        "Relais à la sortie",
        "Sollicitations après la sortie",
        "Captation",
        "Impayés au 31 décembre",
        "Fonds de sécurisation",
        "Financement de la mesure",
    ]
    rows = {r[3]: r[1] for r in workbook["Le parc"].iter_rows(min_row=3, values_only=True)}
    assert rows["parc.logements"] == 1 and isinstance(rows["parc.logements"], int)
    with pytest.raises(CommandError, match="invalide"):
        call_command("bilan", "--annee", "2024", "--perimetre", "pays:fr", stdout=StringIO())
    with pytest.raises(CommandError, match="Aucune structure"):
        call_command("bilan", "--annee", "2024", "--perimetre", "departement:2A", stdout=StringIO())


@pytest.mark.django_db
def test_pdf_report_is_a_real_pdf_with_sections_and_definitions(tmp_path):
    org = OrganisationFactory()
    StayFactory(
        household__organisation=org, entry_date=date(2023, 2, 1), exited=True, exit_date=date(2024, 3, 1)
    )
    path = tmp_path / "bilan.pdf"
    call_command("bilan", "--annee", "2024", "--format", "pdf", "--output", str(path), stdout=StringIO())
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(path.read_bytes())).pages)
    for heading in (
        "Le parc",
        "Modes de gestion",
        "Les ménages",
        "Parcours et sorties",
        "Sinistralité",
        "Annexe : définitions des indicateurs",
        "parc.logements",
    ):
        assert heading in text
