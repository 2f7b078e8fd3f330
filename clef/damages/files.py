"""Files of inventories (photos) and of damage claims (quotes, invoices, photos): where they are stored and
what is accepted. One rule for the model fields, the forms and the services: the extension AND the first
bytes must say JPEG/PNG (photos) or PDF/JPEG/PNG (documents), at most 5 Mo — a renamed executable is refused.

Files go to the default storage (local disk or S3, clef.utils.storage) under a random name: no household's
name in a path. They are never served from MEDIA_URL: a view streams them after the record's access check."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

MAX_BYTES = 5 * 1024 * 1024
# The first bytes of each accepted type.
SIGNATURES = {"pdf": b"%PDF", "png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff"}
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpg": "jpg", "jpeg": "jpg"}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


def _random_path(folder: str, filename: str) -> str:
    extension = EXTENSIONS.get(PurePath(filename).suffix.lower().lstrip("."), "bin")
    now = timezone.localdate()
    return f"{folder}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{extension}"


def photo_path(instance, filename: str) -> str:
    """`etats-des-lieux/<yyyy>/<mm>/<random>.<ext>`."""
    return _random_path("etats-des-lieux", filename)


def claim_document_path(instance, filename: str) -> str:
    """`sinistres/<yyyy>/<mm>/<random>.<ext>`."""
    return _random_path("sinistres", filename)


def detected_kind(head: bytes) -> str | None:
    """« pdf », « png » or « jpg » from the first bytes of a file, None for anything else."""
    for kind, signature in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(EXTENSIONS.get(PurePath(name).suffix.lower().lstrip("."), ""), "")


@deconstructible
class UploadValidator:
    """Accepts the `kinds` (among pdf, png, jpg) by extension and by content, at most 5 Mo."""

    def __init__(self, kinds: tuple[str, ...], wording: str):
        self.kinds = tuple(kinds)
        self.wording = wording  # « une photo JPEG ou PNG »

    def __call__(self, value) -> None:
        extension = EXTENSIONS.get(PurePath(value.name).suffix.lower().lstrip("."))
        if extension not in self.kinds:
            raise ValidationError(
                f"Ce type de fichier n'est pas accepté : joignez {self.wording}.", code="type"
            )
        if value.size is not None and value.size > MAX_BYTES:
            raise ValidationError("Ce fichier dépasse 5 Mo : réduisez-le avant de le joindre.", code="size")
        position = value.tell() if hasattr(value, "tell") else 0
        value.seek(0)
        head = value.read(8)
        value.seek(position)
        if detected_kind(head) != extension:
            raise ValidationError(
                f"Le contenu de ce fichier ne correspond pas à son extension : joignez {self.wording}.",
                code="content",
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadValidator) and (other.kinds, other.wording) == (
            self.kinds,
            self.wording,
        )

    def __hash__(self) -> int:
        return hash((self.kinds, self.wording))


validate_photo = UploadValidator(("jpg", "png"), "une photo JPEG ou PNG")
validate_document = UploadValidator(("pdf", "jpg", "png"), "un PDF, un JPEG ou un PNG")
