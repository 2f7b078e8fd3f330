"""The reminder letter (« lettre de relance ») as a PDF, drawn by WeasyPrint from a template: the debt at
the time of the reminder, the payment reference, an invitation to call the team (a plan can be agreed)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from clef.recovery.models import Reminder


def reminder_letter_pdf(reminder: Reminder) -> bytes:
    from weasyprint import HTML

    lease = reminder.lease
    context = {
        "reminder": reminder,
        "lease": lease,
        "household": lease.stay.household,
        "dwelling": lease.stay.dwelling,
        "organisation": reminder.organisation,
        "printed_at": timezone.localtime(),
    }
    html = render_to_string("recovery/letter_pdf.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
