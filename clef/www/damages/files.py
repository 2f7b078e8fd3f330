"""Sending an inventory's photo or a claim's document, after the record's access check (never a public
media URL): the stored content type, `Content-Disposition`, `X-Content-Type-Options: nosniff`, no caching.
Files are at most 5 Mo: read whole and the storage's file closed at once (local disk or S3)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from clef.damages.files import content_type


def stream(field_file, *, filename: str, inline: bool) -> HttpResponse:
    extension = field_file.name.rsplit(".", 1)[-1]
    with field_file.open("rb") as stored:
        data = stored.read()
    response = HttpResponse(data, content_type=content_type(field_file.name) or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(not inline, f"{filename}.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
