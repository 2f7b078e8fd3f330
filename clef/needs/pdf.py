"""« Mon territoire » as a PDF for the yearly steering committee, drawn by WeasyPrint from a template."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from clef.needs.territory import TerritoryFigures, territory_names
from clef.organisations.models import Organisation


def render_territory(organisation: Organisation, figures: TerritoryFigures) -> bytes:
    from weasyprint import HTML

    context = {
        "organisation": organisation,
        "figures": figures,
        "names": territory_names(organisation),
        "printed_at": timezone.localtime(),
    }
    html = render_to_string("needs/territory_pdf.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
