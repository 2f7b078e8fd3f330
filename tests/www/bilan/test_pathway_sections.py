"""The pathway sections of the bilan (issue 8 §8) on the page, in the exports and in the PDF report: each
section with its figures, the five perspectives drawn side by side with their data table."""

import csv
import io
import subprocess
from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from clef.bilan import jobs
from clef.bilan.access import scope_for
from clef.exits.enums import Judgement, Perspective
from clef.organisations.models import Role
from tests.factories.exits import ExitAssessmentFactory, ExitPerspectiveFactory, SolicitationFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory

SECTIONS = (
    "Orientation par le SIAO",
    "Le choix du ménage",
    "Occupation en sous-location",
    "La sortie vue par chacun",
    "Relais à la sortie",
    "Sollicitations après la sortie",
)


@pytest.fixture
def director(db):
    """A director of an operator with two assessed exits in 2024 and a solicitation after one of them."""
    org = OrganisationFactory(head_office_department_id="69")
    for judgement in (Judgement.POSITIVE, Judgement.NEGATIVE):
        stay = StayFactory(household__organisation=org, exited=True, exit_date=date(2024, 6, 30))
        assessment = ExitAssessmentFactory(stay=stay)
        ExitPerspectiveFactory(assessment=assessment, perspective=Perspective.MENAGE, judgement=judgement)
        ExitPerspectiveFactory(
            assessment=assessment, perspective=Perspective.FINANCEUR, judgement=Judgement.POSITIVE
        )
    SolicitationFactory(household=stay.household, solicited_on=date(2024, 9, 1), minutes_spent=90)
    return MembershipFactory(organisation=org, role=Role.DIRECTOR)


def test_the_page_shows_the_pathway_sections_and_the_five_perspectives(client, director):
    client.force_login(director.user)
    response = client.get(reverse("www:bilan"), {"annee": 2024})
    assert response.status_code == 200
    html = response.content.decode()
    for title in SECTIONS:
        assert f">{title}</h2>" in html, title
    section = next(s for s in response.context["sections"] if s["code"] == "regards_sortie")
    (item,) = section["charts"]
    chart = item["chart"]
    assert chart.categories == [p.label for p in Perspective]
    assert chart.series[0] == ("Positive (%)", [50.0, None, None, None, 100.0])
    assert chart.series[2] == ("Négative (%)", [50.0, None, None, None, 0.0])
    assert '<th scope="col">Point de vue</th>' in html
    figures = {f.key: f for s in response.context["sections"] for f in s["figures"]}
    assert figures["sollicitations.temps_heures"].value == 1.5
    assert figures["regards_sortie.desaccord_pct"].label == "Sorties où les points de vue divergent"


def test_the_exports_list_the_pathway_keys(client, director):
    client.force_login(director.user)
    url = reverse("www:bilan_export")
    response = client.get(url, {"annee": 2024, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_key = {row[4]: row for row in rows[1:]}
    assert by_key["regards_sortie.menage.positive_pct"][:4] == [
        "La sortie vue par chacun",
        "Le ménage : sortie jugée positive",
        "%",
        "50,0",
    ]
    assert by_key["sollicitations.temps_heures"][3] == "1,5"
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get(url, {"annee": 2024, "format": "xlsx"}).content))
    sheet = workbook["La sortie vue par chacun"]
    values = {row[3]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert values["regards_sortie.financeur.positive_pct"] == 100.0


def test_the_pdf_report_has_the_pathway_sections(director, tmp_path):
    scope = scope_for(SimpleNamespace(membership=director), None)
    content = jobs.render_for_scope(2024, scope, diffusion=False)
    path = tmp_path / "bilan.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    for title in SECTIONS:
        assert title in text, title
    assert "Le ménage : sortie jugée positive" in text
    assert "orientation.vacance_moyenne_jours" in text  # its definition in the annex
