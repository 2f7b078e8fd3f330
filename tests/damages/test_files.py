"""Upload checks: the extension AND the first bytes, at most 5 Mo; a renamed executable is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clef.damages import files
from tests.factories.damages import JPEG_BYTES, PDF_BYTES, PNG_BYTES

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "data"), [("a.png", PNG_BYTES), ("a.JPG", JPEG_BYTES), ("a.jpeg", JPEG_BYTES)]
)
def test_photos_accept_png_and_jpeg(name, data):
    files.validate_photo(SimpleUploadedFile(name, data))


@pytest.mark.parametrize(
    ("name", "data"), [("a.pdf", PDF_BYTES), ("a.png", PNG_BYTES), ("a.jpg", JPEG_BYTES)]
)
def test_documents_accept_pdf_png_and_jpeg(name, data):
    files.validate_document(SimpleUploadedFile(name, data))


def test_a_renamed_executable_is_refused_in_french():
    with pytest.raises(
        ValidationError, match="ne correspond pas à son extension : joignez une photo JPEG ou PNG"
    ):
        files.validate_photo(SimpleUploadedFile("photo.jpg", EXE))
    with pytest.raises(ValidationError, match="ne correspond pas à son extension"):
        files.validate_document(SimpleUploadedFile("devis.pdf", EXE))


def test_a_png_named_jpeg_is_refused_and_a_pdf_is_not_a_photo():
    with pytest.raises(ValidationError, match="ne correspond pas"):
        files.validate_photo(SimpleUploadedFile("photo.jpg", PNG_BYTES))
    with pytest.raises(ValidationError, match="n'est pas accepté : joignez une photo JPEG ou PNG"):
        files.validate_photo(SimpleUploadedFile("devis.pdf", PDF_BYTES))
    with pytest.raises(ValidationError, match="n'est pas accepté"):
        files.validate_document(SimpleUploadedFile("outil.exe", EXE))


def test_more_than_5_mo_is_refused():
    big = SimpleUploadedFile("photo.png", PNG_BYTES + b"\x00" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError, match="dépasse 5 Mo"):
        files.validate_photo(big)
    files.validate_photo(
        SimpleUploadedFile("photo.png", PNG_BYTES + b"\x00" * (5 * 1024 * 1024 - len(PNG_BYTES)))
    )


def test_stored_names_are_random_and_carry_no_uploaded_name():
    first = files.photo_path(None, "Dupont cuisine.JPEG")
    second = files.photo_path(None, "Dupont cuisine.JPEG")
    assert first != second
    assert first.startswith("etats-des-lieux/") and first.endswith(".jpg") and "Dupont" not in first
    assert files.claim_document_path(None, "x.pdf").startswith("sinistres/")
    assert files.content_type("a/b.jpg") == "image/jpeg"
