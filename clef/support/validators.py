"""Validators of the support's free texts (notes, summaries): several lines allowed, no control
character (tab and line breaks aside)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from clef.utils.bounds import CONTROL_CHARACTERS


def multiline_text(value) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            "Ce texte contient un caractère de contrôle invisible : retirez-le.", code="control_character"
        )


def text_validators(max_length: int) -> list:
    """A multi-line text's validators: its length (a TextField's max_length is only a form's) and no
    control character."""
    return [MaxLengthValidator(max_length), multiline_text]
