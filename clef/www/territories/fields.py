"""The commune field of the forms: a text input with suggestions (`commune_autocomplete`)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from clef.territories.models import Commune
from clef.utils.bounds import no_control_characters

COMMUNE_INPUT_MAX_LENGTH = 200  # « Nom (69003) — 69383 »: the longest commune name is under 100


class CommuneField(forms.CharField):
    """Text input with autocomplete; accepts « Nom (69003) — 69383 », an INSEE code or a unique name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Commune")
        kwargs.setdefault(
            "help_text", "Tapez le nom, le code postal ou le code INSEE, puis choisissez dans la liste."
        )
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "maxlength": COMMUNE_INPUT_MAX_LENGTH,
                "list": "communes-suggestions",
                "autocomplete": "off",
                "data-commune-autocomplete": reverse_lazy("www:commune_autocomplete"),
            }
        )

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return value.label
        if isinstance(value, str) and re.fullmatch(r"[0-9AB]{5}", value or ""):
            commune = Commune.objects.filter(code=value).first()
            return commune.label if commune else value
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        # Checked before any query: a huge text would become a huge LIKE pattern, a NUL an SQL error.
        if len(text) > COMMUNE_INPUT_MAX_LENGTH:
            raise ValidationError(
                f"Saisissez au plus {COMMUNE_INPUT_MAX_LENGTH} caractères, puis choisissez la commune "
                "dans la liste proposée.",
                code="max_length",
            )
        no_control_characters(text)
        match = re.search(r"([0-9][0-9AB][0-9]{3})\s*$", text)
        if match:
            commune = Commune.objects.filter(code=match.group(1).upper()).first()
            if commune:
                return commune
        candidates = list(Commune.objects.search(text)[:2])
        if len(candidates) == 1:
            return candidates[0]
        raise ValidationError(
            "Commune introuvable ou ambiguë : choisissez-la dans la liste proposée.", code="unknown_commune"
        )
