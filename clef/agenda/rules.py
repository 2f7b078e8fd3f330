"""Rules of the IML meeting: one function each, called by the model validators, the forms and services."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from clef.utils.bounds import CONTROL_CHARACTERS

DECISION_MAX = 1000


def check_multiline_text(value: str) -> None:
    """A decision is free text on several lines: line feeds and tabs are kept, any other control
    character (pasted from another program, invisible) is refused with a French message."""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            "Ce texte contient un caractère de contrôle invisible : retirez-le.", code="control_character"
        )
