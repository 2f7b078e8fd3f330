"""Bounds of the values of inventories and damage claims (same `Bound` as clef.utils.bounds)."""

from decimal import Decimal

from clef.utils.bounds import Bound

REPAIR_COST = Bound("la valeur du coût de remise en état", Decimal("0"), Decimal("100000"), "€")
CLAIM_AMOUNT = Bound("la valeur du montant des dégradations", Decimal("0"), Decimal("1000000"), "€")
CHARGED_AMOUNT = Bound("la valeur du montant imputé au ménage", Decimal("0"), Decimal("1000000"), "€")
ROOM_POSITION = Bound("la position de la pièce", 1, 100)
MAX_ROOMS = 100  # an inventory lists at most this many rooms (a form with more is refused)
ATTENDEES_MAX = 200
ROOM_NAME_MAX = 60
ROOM_COMMENTS_MAX = 500
COMMENTS_MAX = 2000
CAPTION_MAX = 200
