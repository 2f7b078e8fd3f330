"""Bounds of the guarantees' amounts (same `Bound` class as clef.utils.bounds)."""

from decimal import Decimal

from clef.utils.bounds import Bound

CLAIM_AMOUNT = Bound("la valeur du montant", Decimal("0.01"), Decimal("1000000"), "€")
CLAIM_CHARGES = Bound("la valeur de la part des charges", Decimal("0"), Decimal("1000000"), "€")
PAID_AMOUNT = Bound("la valeur du montant versé", Decimal("0"), Decimal("1000000"), "€")
CONTRIBUTION = Bound("la valeur de la contribution", Decimal("0.01"), Decimal("10000000"), "€")
VISALE_MONTHS = Bound("la valeur du nombre de mensualités", 1, 36)
# Scenario inputs of the projection (GET form): sanity bounds, not rules.
OPERATORS_GROWTH = Bound("la valeur de la croissance du nombre de structures", -50, 200, "par an")
DUES = Bound("la valeur de la cotisation par structure", Decimal("0"), Decimal("1000000"), "€")
LOSS_RATE_CHANGE = Bound("la valeur de l'évolution de la sinistralité", Decimal("-100"), Decimal("500"), "%")
YEARLY_CONTRIBUTION = Bound("la valeur de la contribution annuelle", Decimal("0"), Decimal("100000000"), "€")
LOSS_RATE = Bound("la valeur de la sinistralité par structure", Decimal("0"), Decimal("10000000"), "€")
