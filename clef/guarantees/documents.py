"""Documents attached to a claim to the security fund: where they are stored (the default storage: local
disk, or S3 in production) and what is accepted (the captation documents' rule: PDF, JPEG, PNG by extension
and content, 5 Mo at most)."""

import uuid
from pathlib import PurePath

from clef.captation.documents import validate_document

__all__ = ["claim_document_path", "validate_document"]


def claim_document_path(document, filename: str) -> str:
    """`fonds/<fund>/<operator>/<random>.<ext>`: no household's name in the path."""
    extension = PurePath(filename).suffix.lower().lstrip(".") or "bin"
    claim = document.claim
    return f"fonds/{claim.fund_id}/{claim.operator_id}/{uuid.uuid4().hex}.{extension}"
