"""Bounds and field helpers of the orientation records (one rule per value, wherever it enters)."""

from decimal import Decimal

from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models

from clef.utils import bounds
from clef.utils.bounds import CONTROL_CHARACTERS, Bound

RENT_TOTAL = Bound("la valeur du loyer charges comprises", Decimal("0"), Decimal("15000"), "€")
HOUSEHOLD_SHARE = Bound("la part du ménage", Decimal("0"), Decimal("15000"), "€")
MONTHLY_RESOURCES = Bound("la valeur des ressources mensuelles", Decimal("0"), Decimal("20000"), "€")
ADULTS = Bound("la valeur du nombre d'adultes", 1, 20)
CHILDREN = Bound("la valeur du nombre d'enfants", 0, 20)
AVAILABLE_FROM = bounds.date_bound("la date de mise à disposition")
DECISION_DATE = bounds.date_bound("la date de décision")
REQUEST_DATE = bounds.date_bound("la date de la demande")

multiline_text = RegexValidator(
    CONTROL_CHARACTERS,
    inverse_match=True,
    message="Ce texte contient un caractère de contrôle invisible : retirez-le.",
    code="control_character",
)


def long_text(label: str, limit: int, **kwargs) -> models.TextField:
    """A multi-line text of at most `limit` characters (checked by the model, the form and the database)."""
    return models.TextField(
        label, blank=True, max_length=limit, validators=[MaxLengthValidator(limit), multiline_text], **kwargs
    )
