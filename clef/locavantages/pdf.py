"""The owner's simulation as a PDF the captation officer hands over (WeasyPrint, from a template)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from clef.locavantages.simulation import Simulation


def render_simulation(result: Simulation, *, organisation, prepared_by: str) -> bytes:
    from weasyprint import HTML

    context = {
        "result": result,
        "organisation": organisation,
        "prepared_by": prepared_by,
        "printed_at": timezone.localtime(),
    }
    html = render_to_string("locavantages/simulation_pdf.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
