"""Documents attached to a lead's activities: where they are stored and what is accepted (one rule for the
model field and the forms)."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

ALLOWED_EXTENSIONS = {"pdf", "jpg", "jpeg", "png"}
MAX_BYTES = 5 * 1024 * 1024
# The first bytes of each accepted type: a renamed executable is refused whatever its name says.
SIGNATURES = {"pdf": (b"%PDF",), "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",)}


def document_path(activity, filename: str) -> str:
    """`captation/<organisation>/<year>/<random>.<ext>`: no owner's name in the path."""
    extension = PurePath(filename).suffix.lower().lstrip(".") or "bin"
    organisation_id = activity.lead.organisation_id
    return f"captation/{organisation_id}/{activity.on.year}/{uuid.uuid4().hex}.{extension}"


@deconstructible
class DocumentValidator:
    """PDF, JPEG or PNG (by extension and by content), at most 5 Mo."""

    def __call__(self, value) -> None:
        extension = PurePath(value.name).suffix.lower().lstrip(".")
        if extension not in ALLOWED_EXTENSIONS:
            raise ValidationError(
                "Ce type de fichier n'est pas accepté : joignez un PDF, un JPEG ou un PNG.", code="type"
            )
        if value.size > MAX_BYTES:
            raise ValidationError("Ce fichier dépasse 5 Mo : réduisez-le avant de le joindre.", code="size")
        kind = "jpg" if extension == "jpeg" else extension
        position = value.tell() if hasattr(value, "tell") else 0
        value.seek(0)
        head = value.read(8)
        value.seek(position)
        if not any(head.startswith(signature) for signature in SIGNATURES[kind]):
            raise ValidationError(
                "Le contenu de ce fichier ne correspond pas à son extension (PDF, JPEG ou PNG attendu).",
                code="content",
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, DocumentValidator)

    def __hash__(self) -> int:
        return hash(type(self))


validate_document = DocumentValidator()
