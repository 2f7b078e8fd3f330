"""What the captation models share: their bounds and the choice constraint."""

from decimal import Decimal

from django.db.models import Q

from clef.utils.bounds import Bound

ANNEXES_M2 = Bound("la surface des annexes", Decimal("0"), Decimal("1000"), "m²")
COST = Bound("la valeur du coût", Decimal("0"), Decimal("1000000"), "€")
TEXT_MAX = 1000


def in_choices(field: str, choices) -> Q:
    return Q(**{f"{field}__in": [value for value, _ in choices.choices]})
