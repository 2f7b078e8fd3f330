"""Bounds of the ledger's values (same `Bound` class as clef.utils.bounds)."""

from decimal import Decimal

from clef.utils.bounds import Bound, NotInFuture, date_bound

DUE_DAY = Bound("la valeur du jour d'échéance", 1, 28)
BENEFIT = Bound("la valeur de l'aide au logement", Decimal("0"), Decimal("3000"), "€")
DEPOSIT = Bound("la valeur du dépôt de garantie", Decimal("0"), Decimal("10000"), "€")
ENTRY_AMOUNT = Bound("la valeur du montant", Decimal("-1000000"), Decimal("1000000"), "€")
PAYMENT = Bound("la valeur du paiement", Decimal("0.01"), Decimal("1000000"), "€")
BENEFIT_EXPECTED = Bound("la valeur de la part attendue de l'aide", Decimal("0"), Decimal("1000000"), "€")
DIFFERENTIAL = Bound("la valeur du différentiel mensuel", Decimal("0.01"), Decimal("10000"), "€")
IRL_QUARTER = Bound("la valeur du trimestre", 1, 4)
IRL_YEAR = Bound("l'année de l'IRL", 1990, 2100, grouped=False)
LEASE_START = date_bound("la date de début")
LEASE_END = date_bound("la date de fin")
BOOKED_ON = date_bound("la date d'écriture")
PERIOD = date_bound("la période")
REPORTED_ON = date_bound("la date du signalement")
# Money has moved or a report was sent: never later than today (one rule per kind of date).
REPORTED_ON_NOT_IN_FUTURE = NotInFuture("la date du signalement")
# A report to the CAF/MSA is about an unpaid debt: never 0 €.
CAF_DEBT = Bound("la dette signalée", Decimal("0.01"), Decimal("1000000"), "€")
LABEL_MAX = 200
REASON_MAX = 500
DIFFERENTIAL_REASON_MAX = 300
CAF_REFERENCE_MAX = 50
