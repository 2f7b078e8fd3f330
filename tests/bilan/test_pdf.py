"""The PDF report, rendered for real by WeasyPrint and read back with poppler (pdftotext, pdfinfo): the
cover names the perimeter in French under the State's identity block, the tables by department and by
structure are on landscape pages where a structure's name holds on one line (issue 7 §6)."""

import re
import subprocess
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from clef.bilan import jobs, pdf
from clef.bilan.access import scope_for
from clef.organisations.models import Role
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory

LONG_NAME = "Association Logement Solidaire des Monts du Lyonnais"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


@pytest.fixture
def region(db):
    lyon = OrganisationFactory(name=LONG_NAME, head_office_department_id="69")
    grenoble = OrganisationFactory(name="Clé Solidaire de l'Isère", head_office_department_id="38")
    for organisation, count in ((lyon, 12), (grenoble, 6)):
        for n in range(count):
            StayFactory(
                household__organisation=organisation,
                entry_date=date(2022, 1 + n % 12, 1),
                exit_date=date(2024, 5, 1) if n % 2 else None,
                destination="parc_social" if n % 2 else "",
            )
    return {"lyon": lyon, "grenoble": grenoble}


def _scope(organisation, wanted=None):
    membership = MembershipFactory(organisation=organisation, role=Role.STATE_COORDINATOR)
    return scope_for(SimpleNamespace(membership=membership), wanted)


def _pages(content: bytes, name: str, tmp_path) -> list[str]:
    """The text of each page (pdftotext -layout keeps each line of the page as a line)."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_bytes(content)
    path = tmp_path / name
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return text.split("\f")


def _page_sizes(content: bytes, tmp_path) -> list[tuple[float, float]]:
    path = tmp_path / "sizes.pdf"
    path.write_bytes(content)
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, check=True, text=True
    ).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


@pytest.mark.django_db
def test_region_report_cover_names_the_region_in_french_under_the_marianne(region, tmp_path):
    scope = _scope(OrganisationFactory(state=True, region_id="84"))
    content = jobs.render_for_scope(2024, scope, diffusion=True)
    cover = _pages(content, "bilan-region.pdf", tmp_path)[0]
    assert "Auvergne-Rhône-Alpes" in cover
    assert "RÉPUBLIQUE" in cover and "FRANÇAISE" in cover  # the identity block's text, DSFR style
    assert "Région 84" not in cover and "region" not in cover
    assert "Bilan de l'intermédiation locative" in cover


@pytest.mark.django_db
def test_department_report_cover_reads_rhone_69(region, tmp_path):
    scope = _scope(OrganisationFactory(ddets=True), "departement:69")
    content = jobs.render_for_scope(2024, scope, diffusion=True)
    pages = _pages(content, "bilan-rhone.pdf", tmp_path)
    assert "Rhône (69)" in pages[0]
    assert "Département 69" not in pages[0]
    assert "Rhône (69)" in pages[2]  # every page's footer names the perimeter


@pytest.mark.django_db
def test_group_tables_are_on_landscape_pages_with_names_on_one_line(region, tmp_path):
    scope = _scope(OrganisationFactory(state=True, region_id="84"))
    content = jobs.render_for_scope(2024, scope, diffusion=True)
    pages = _pages(content, "bilan-tableaux.pdf", tmp_path)
    sizes = _page_sizes(content, tmp_path)
    by_structure = next(i for i, text in enumerate(pages) if "Par structure" in text)
    by_department = next(i for i, text in enumerate(pages) if "Par département" in text)
    schemes = next(i for i, text in enumerate(pages) if "Les catégorisations des sorties" in text)
    for index in (by_structure, by_department, schemes):
        width, height = sizes[index]
        assert width > height, f"page {index + 1} en portrait"
    assert sizes[0][0] < sizes[0][1]  # the cover stays in portrait
    lines = pages[by_structure].splitlines()
    assert any(LONG_NAME in line for line in lines), pages[by_structure]
    assert any("Clé Solidaire de l'Isère" in line for line in lines)
    assert any("69 – Rhône" in line for line in pages[by_department].splitlines())


@pytest.mark.django_db
def test_report_html_keeps_rows_whole_and_uses_the_dsfr_identity_block(region):
    css = pdf.marianne_css()
    assert ".fr-logo:before{" in css and "data:image/svg+xml" in css  # read from django-dsfr's static
    captured = {}
    from django.template import loader

    original = loader.render_to_string

    def capture(template, context=None, *args, **kwargs):
        captured["html"] = original(template, context, *args, **kwargs)
        return captured["html"]

    pdf.render_to_string, saved = capture, pdf.render_to_string
    try:
        pdf.render(2024, _scope(OrganisationFactory(state=True, region_id="84")).perimeter, diffusion=True)
    finally:
        pdf.render_to_string = saved
    html = captured["html"]
    assert "tr, .chart, .kpi { break-inside: avoid;" in html
    assert 'class="fr-logo"' in html
    assert "#18753c" not in html and "hausse" not in html  # no green for a change


@pytest.mark.django_db
def test_pdf_charts_are_drawn_once_per_data_version(region, monkeypatch):
    from clef.bilan import pdf_charts, report
    from clef.bilan.perimeter import Perimeter

    drawn = []
    monkeypatch.setattr(
        pdf_charts, "draw_all", lambda sections: drawn.append(sections) or {"parc": ["<img>"]}
    )
    context = report.build(2024, Perimeter("region", "84"), diffusion=True)
    assert report.chart_images(context) == {"parc": ["<img>"]}
    assert report.chart_images(context) == {"parc": ["<img>"]}
    assert len(drawn) == 1  # the second report reuses the charts of the same data version
    unmasked = report.build(2024, Perimeter("region", "84"), diffusion=False)
    report.chart_images(unmasked)
    assert len(drawn) == 2  # other figures (no secrecy), other charts
