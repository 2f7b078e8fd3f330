"""Bounds of recovery's values (same `Bound` class as clef.utils.bounds)."""

from decimal import Decimal

from clef.utils.bounds import Bound, date_bound

PLAN_DEBT = Bound("la dette du plan", Decimal("0.01"), Decimal("1000000"), "€")
INSTALMENT = Bound("la valeur de l'échéance", Decimal("0.01"), Decimal("1000000"), "€")
INSTALMENTS_COUNT = Bound("la valeur du nombre d'échéances", 1, 120)
RESPECTED_MONTHS = Bound("la valeur du nombre de mois respectés", 0, 120)
SENT_ON = date_bound("la date de la relance")
AGREED_ON = date_bound("la date de l'accord")
FIRST_DUE_ON = date_bound("la date de la première échéance")
OPENED_ON = date_bound("la date d'ouverture")
STEP_ON = date_bound("la date de l'étape")
REVIEW_ON = date_bound("la date du point")
NOTE_MAX = 500
DECISION_MAX = 500
COMMENTS_MAX = 1000
REVIEW_NOTES_MAX = 2000
