"""The agenda of a meeting as a PDF (« ordre du jour »), drawn by WeasyPrint from a template."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from clef.agenda.models import Meeting
from clef.agenda.queries import agenda_of


def render_agenda(meeting: Meeting) -> bytes:
    from weasyprint import HTML

    context = {
        "meeting": meeting,
        "organisation": meeting.organisation,
        "sections": agenda_of(meeting),
        "printed_at": timezone.localtime(),
    }
    html = render_to_string("agenda/meeting_pdf.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
