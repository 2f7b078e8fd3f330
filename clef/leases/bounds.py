"""Bounds of the values of the lease's yearly life (same `Bound` class as clef.utils.bounds)."""

from decimal import Decimal

from clef.utils.bounds import Bound, NotInFuture, date_bound

# The IRL exists since 2006 (base 100 = T4 1998; the series was back-calculated from 1998).
IRL_YEAR = Bound("l'année de l'indice", 1998, 2100, grouped=False)
IRL_QUARTER = Bound("la valeur du trimestre", 1, 4, grouped=False)
IRL_VALUE = Bound("la valeur de l'indice", Decimal("50"), Decimal("1000"))
REGULARISATION_YEAR = Bound("l'année régularisée", 2000, 2100, grouped=False)
REVISION_DATE = date_bound("la date")
# The deposit was given back: never later than today.
RETURNED_ON_NOT_IN_FUTURE = NotInFuture("la date de restitution")
# A deposit, its deductions and the amount returned (a rental.Lease's deposit_amount is at most 10 000 €).
DEDUCTIONS = Bound("la valeur du montant", Decimal("0"), Decimal("10000"), "€")
# The actual charges of a year (a masculine noun: Bound says « la valeur de… … comprise »).
ACTUAL_CHARGES = Bound("la valeur des charges réelles", Decimal("0"), Decimal("1000000"), "€")
REASON_MAX = 500
