"""The bilan as a PDF report (WeasyPrint): a cover with the State's identity block (the Marianne of the
DSFR, from django-dsfr's static files) and the perimeter's French name, one section per part of the
bilan with its server-drawn charts (`clef.bilan.pdf_charts`), the tables by department and by structure
on landscape pages, the definitions in an annex. Built by the worker (`clef.bilan.jobs`) or the `bilan`
command."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from clef.bilan import pdf_charts, report
from clef.bilan.perimeter import Perimeter
from clef.bilan.secrecy import MASKED_NOTICE

Progress = Callable[[int, str], None]  # (percent done, step in French)

DSFR_LOGO_CSS = "dsfr/dist/component/logo/logo.min.css"


@functools.cache
def marianne_css() -> str:
    """The DSFR's own rules for the State's identity block (`.fr-logo`: the Marianne, « République
    française » and the motto), read from django-dsfr's stylesheet rather than copied here."""
    path = finders.find(DSFR_LOGO_CSS)
    if not path:
        return ""
    css = Path(path).read_text(encoding="utf-8")
    rules = []
    for selector in (r"\.fr-logo", r"\.fr-logo:before", r"\.fr-logo:after"):
        match = re.search(selector + r"\{[^}]*\}", css)
        if match:
            rules.append(match.group(0))
    # WeasyPrint fails on `calc()` in background-position: « 0 calc(100% + 1.875rem) » is written as
    # the equivalent « left 0 bottom -1.875rem ».
    return re.sub(r"(-?[\d.]+\w*) calc\(100% \+ ([\d.]+rem)\)", r"left \1 bottom -\2", "\n".join(rules))


def marianne_font_url() -> str:
    path = finders.find("dsfr/dist/fonts/Marianne-Bold.woff2")
    return Path(path).as_uri() if path else ""


def _no_progress(percent: int, step: str) -> None:
    return None


def render(year: int, perimeter: Perimeter, *, diffusion: bool, progress: Progress = _no_progress) -> bytes:
    """The report's bytes, with the tables by department and by structure of the perimeter (the per
    structure figures always under statistical secrecy)."""
    from weasyprint import HTML

    progress(5, "Calcul des indicateurs")
    context = report.build(year, perimeter, diffusion=diffusion)
    progress(35, "Graphiques")
    images = report.chart_images(context)
    context.update(
        {
            "sections": [s | {"images": images.get(s["code"], [])} for s in context["sections"]],
            "definitions": report.definitions(),
            "perimeter_name": report.perimeter_name(perimeter),
            "marianne_css": marianne_css(),
            "marianne_font": marianne_font_url(),
            "chart_dpi": pdf_charts.DPI,
            "secrecy_notice": MASKED_NOTICE,
        }
    )
    progress(60, "Mise en page du rapport")
    html = render_to_string("bilan/report_pdf.html", context)
    content = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    progress(100, "Terminé")
    return content
