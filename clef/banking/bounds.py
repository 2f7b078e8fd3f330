"""Bounds of what a bank statement may hold (the `Bound` class of clef.utils.bounds)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from clef.utils.bounds import MAX_DATE, Bound

MAX_BYTES = 2 * 1024 * 1024  # 2 Mo: a year of an operator's account fits in a few hundred Ko
MAX_LINES = 5_000
LINE_AMOUNT = Bound(
    "la valeur du montant d'une ligne de relevé", Decimal("-1000000"), Decimal("1000000"), "€"
)
BOOKED_ON = Bound("la date de l'opération", date(2000, 1, 1), MAX_DATE)
LABEL_MAX = 300
COUNTERPARTY_MAX = 140
REFERENCE_MAX = 140
FILE_NAME_MAX = 200
IGNORED_REASON_MAX = 300
REQUEUE_REASON_MAX = 250  # « Remise à traiter : <motif> » fits the line's queue reason (300)
