"""Bounds of the funding values (one rule per value: field validators, forms, CHECK constraints, importer)."""

from decimal import Decimal

from clef.utils import bounds
from clef.utils.bounds import Bound

SUBSIDY_PART = Bound("la valeur de la part de subvention", Decimal("0"), Decimal("10000000"), "€")
SUBSIDY_YEAR = Bound("l'année de la subvention", 2018, bounds.MAX_YEAR, grouped=False)
GRANTED_ON = bounds.date_bound("la date d'attribution")
COMMENTS_LIMIT = 1000
