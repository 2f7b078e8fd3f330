"""Bounds of the needs and targets values (one rule per value: field validators, forms, CHECK constraints)."""

from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models

from clef.utils import bounds
from clef.utils.bounds import CONTROL_CHARACTERS, Bound

HOUSEHOLDS_WAITING = Bound("la valeur du nombre de ménages en attente", 0, 100_000)
NEW_DWELLINGS = Bound("la valeur de l'objectif de nouveaux logements", 0, 10_000)
SHARE_PERCENT = Bound("la part visée, en pourcentage,", 0, 100)
TARGET_YEAR = Bound("l'année de l'objectif", 2018, bounds.MAX_YEAR, grouped=False)
AS_OF = bounds.date_bound("la date de la déclaration")

multiline_text = RegexValidator(
    CONTROL_CHARACTERS,
    inverse_match=True,
    message="Ce texte contient un caractère de contrôle invisible : retirez-le.",
    code="control_character",
)


def long_text(label: str, limit: int) -> models.TextField:
    """A multi-line text of at most `limit` characters (model, form and database)."""
    return models.TextField(
        label, blank=True, max_length=limit, validators=[MaxLengthValidator(limit), multiline_text]
    )
