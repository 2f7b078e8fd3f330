"""An inventory as a PDF (« état des lieux »), drawn by WeasyPrint from a template, with the rooms' photos
as thumbnails (read from the default storage, local or S3, and embedded: nothing is fetched by URL)."""

from __future__ import annotations

import base64

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from clef.damages.files import content_type


def _data_uri(photo) -> str | None:
    kind = content_type(photo.file.name)
    if not kind.startswith("image/"):
        return None
    try:
        with photo.file.open("rb") as stored:
            data = stored.read()
    except OSError:  # a file lost on the storage: the PDF is drawn without it
        return None
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def inventory_pdf(sheet: dict) -> bytes:
    """`sheet` is clef.damages.queries.inventory_sheet(inventory)."""
    from weasyprint import HTML

    thumbnails = {photo.pk: _data_uri(photo) for room in sheet["rooms"] for photo in room.photos.all()}
    context = {**sheet, "thumbnails": thumbnails, "printed_at": timezone.localtime()}
    html = render_to_string("damages/inventory_pdf.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
