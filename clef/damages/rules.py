"""The rules of inventories and damage claims, each once: forms, services and the demo call them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError

from clef.damages.bounds import MAX_ROOMS
from clef.damages.enums import CONDITION_RANK, ClaimStatus, Condition, InventoryKind
from clef.dwellings.enums import Typology
from clef.utils.bounds import NotInFuture

INVENTORY_NOT_IN_FUTURE = NotInFuture("la date de l'état des lieux")
CLAIM_NOT_IN_FUTURE = NotInFuture("la date du constat")
CHARGE_NOT_IN_FUTURE = NotInFuture("la date d'imputation")

_COMMON_END = ["Cuisine", "Salle d'eau", "WC"]
_BEDROOMS = {Typology.T2: 1, Typology.T3: 2, Typology.T4: 3, Typology.T5_PLUS: 4}


def default_rooms(typology: str) -> list[str]:
    """The rooms an inventory form proposes for a dwelling of this typology (the user may rename, add or
    remove rooms): a T1 has an entry, a main room, a kitchen, a shower room and a WC; from the T2 on, a
    living room and one bedroom per extra room."""
    if typology == Typology.T1 or typology not in _BEDROOMS:
        return ["Entrée", "Pièce principale", *_COMMON_END]
    count = _BEDROOMS[typology]
    bedrooms = ["Chambre"] if count == 1 else [f"Chambre {n}" for n in range(1, count + 1)]
    return ["Entrée", "Séjour", *bedrooms, *_COMMON_END]


@dataclass(frozen=True)
class RoomChange:
    name: str
    entry_condition: str
    exit_condition: str
    repair_cost: Decimal | None

    @property
    def entry_label(self) -> str:
        return Condition(self.entry_condition).label

    @property
    def exit_label(self) -> str:
        return Condition(self.exit_condition).label


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def compare_inventories(entry, exit) -> list[RoomChange]:
    """The rooms whose condition got worse between the entry and the exit inventory, in the exit's order.
    Rooms are matched by name (case and spaces ignored); a room absent from the entry is not compared.
    `entry` and `exit` are inventories (their rooms prefetched) or None."""
    if entry is None or exit is None:
        return []
    before = {_key(room.name): room.condition for room in entry.rooms.all()}
    changes = []
    for room in exit.rooms.all():
        old = before.get(_key(room.name))
        if old is not None and CONDITION_RANK[room.condition] > CONDITION_RANK[old]:
            changes.append(RoomChange(room.name, old, room.condition, room.repair_cost))
    return changes


def check_inventory(*, kind: str, done_on: date, stay_entry: date, stay_exit: date | None) -> None:
    """An inventory is done, so not in the future; an entry inventory not after the stay's end, an exit
    inventory not before its start."""
    INVENTORY_NOT_IN_FUTURE.check(done_on)
    if kind == InventoryKind.ENTREE and stay_exit is not None and done_on > stay_exit:
        raise ValidationError(
            {"done_on": f"L'état des lieux d'entrée ne peut pas suivre la sortie du {stay_exit:%d/%m/%Y}."}
        )
    if kind == InventoryKind.SORTIE and done_on < stay_entry:
        raise ValidationError(
            {"done_on": f"L'état des lieux de sortie ne peut pas précéder l'entrée du {stay_entry:%d/%m/%Y}."}
        )


def check_rooms(*, kind: str, rooms) -> None:
    """At least one room, at most MAX_ROOMS, each name once; a repair cost only at the exit."""
    if not rooms:
        raise ValidationError("Indiquez au moins une pièce.", code="no_room")
    if len(rooms) > MAX_ROOMS:
        raise ValidationError(f"Un état des lieux compte au plus {MAX_ROOMS} pièces.", code="too_many_rooms")
    seen = set()
    for room in rooms:
        key = _key(room.name)
        if key in seen:
            raise ValidationError(f"La pièce « {room.name} » est indiquée deux fois : distinguez-les.")
        seen.add(key)
        if kind == InventoryKind.ENTREE and room.repair_cost is not None:
            raise ValidationError(
                f"« {room.name} » : un coût de remise en état ne s'indique qu'à l'état des lieux de sortie."
            )


def check_claim(*, amount: Decimal, charged_amount: Decimal, status: str, assessed_on: date) -> None:
    """The part charged to the household is within the damage; an abandoned claim was not charged."""
    CLAIM_NOT_IN_FUTURE.check(assessed_on)
    if charged_amount > amount:
        raise ValidationError(
            {
                "amount": "Le montant des dégradations ne peut pas être inférieur à la part déjà imputée au ménage."
            }
        )
    if status == ClaimStatus.IMPUTE and charged_amount == 0:
        raise ValidationError(
            {
                "status": "Un sinistre s'impute au compte du ménage par le bouton « Imputer au compte du ménage »."
            }
        )
    if status == ClaimStatus.ABANDONNE and charged_amount > 0:
        raise ValidationError(
            {
                "status": "Ce sinistre a été imputé au compte du ménage : contre-passez d'abord l'écriture "
                "avant de l'abandonner."
            }
        )


def status_after_amount(status: str, amount: Decimal) -> str:
    """A claim is « chiffré » once it has an amount, « constaté » before; later statuses are kept."""
    if status in (ClaimStatus.CONSTATE, ClaimStatus.CHIFFRE):
        return ClaimStatus.CHIFFRE if amount > 0 else ClaimStatus.CONSTATE
    return status


def check_charge(
    *, claim_amount: Decimal, already_charged: Decimal, status: str, amount: Decimal, on: date
) -> None:
    """What may be charged to the household's account: once per claim, more than 0, at most the damage."""
    CHARGE_NOT_IN_FUTURE.check(on)
    if already_charged > 0:
        raise ValidationError("Ce sinistre a déjà été imputé au compte du ménage.", code="already_charged")
    if status == ClaimStatus.ABANDONNE:
        raise ValidationError("Un sinistre abandonné ne s'impute pas.", code="abandoned")
    if amount <= 0:
        raise ValidationError({"amount": "Le montant imputé doit être supérieur à 0 €."})
    if amount > claim_amount:
        raise ValidationError(
            {"amount": "Le montant imputé ne peut pas dépasser le montant des dégradations du sinistre."}
        )


def exit_window_days() -> int:
    """How far back the list looks for exits without an exit inventory (setting
    `CLEF_RENTAL["inventory_exit_window_days"]`, 365 by default)."""
    return int(settings.CLEF_RENTAL["inventory_exit_window_days"])


CLOSED_CLAIM = (ClaimStatus.SOLDE, ClaimStatus.ABANDONNE)


def check_document_removable(*, claim_status: str) -> None:
    """A claim's document may be deleted while the claim is open; a settled or abandoned claim keeps its
    documents (what justified the charge or the decision). An inventory has no signed or closed state: its
    photos may be deleted by who writes it (journaled)."""
    if claim_status in CLOSED_CLAIM:
        raise ValidationError(
            "Ce sinistre est clos (soldé ou abandonné) : ses documents sont conservés.", code="closed"
        )
