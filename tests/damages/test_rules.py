"""The rules of inventories and claims, with worked examples."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.damages import rules
from clef.damages.enums import ClaimStatus, Condition, InventoryKind
from clef.damages.models import InventoryRoom
from clef.dwellings.enums import Typology


@pytest.mark.parametrize(
    ("typology", "rooms"),
    [
        (Typology.T1, ["Entrée", "Pièce principale", "Cuisine", "Salle d'eau", "WC"]),
        (Typology.T2, ["Entrée", "Séjour", "Chambre", "Cuisine", "Salle d'eau", "WC"]),
        (Typology.T3, ["Entrée", "Séjour", "Chambre 1", "Chambre 2", "Cuisine", "Salle d'eau", "WC"]),
        (
            Typology.T4,
            ["Entrée", "Séjour", "Chambre 1", "Chambre 2", "Chambre 3", "Cuisine", "Salle d'eau", "WC"],
        ),
        (
            Typology.T5_PLUS,
            ["Entrée", "Séjour", *(f"Chambre {n}" for n in range(1, 5)), "Cuisine", "Salle d'eau", "WC"],
        ),
        ("", ["Entrée", "Pièce principale", "Cuisine", "Salle d'eau", "WC"]),
    ],
)
def test_default_rooms_follow_the_typology(typology, rooms):
    assert rules.default_rooms(typology) == rooms


class _Inventory:
    """Stands for an inventory with prefetched rooms (compare_inventories reads `rooms.all()`)."""

    def __init__(self, *rooms):
        self._rooms = [
            InventoryRoom(name=name, condition=condition, repair_cost=cost) for name, condition, cost in rooms
        ]
        self.rooms = self

    def all(self):
        return self._rooms


def test_compare_inventories_lists_the_rooms_that_got_worse_matched_by_name():
    entry = _Inventory(
        ("Cuisine", Condition.BON, None), ("Séjour", Condition.USAGE, None), ("WC", Condition.NEUF, None)
    )
    exit_ = _Inventory(
        ("  cuisine ", Condition.MAUVAIS, Decimal("300")),  # worse (name matched despite case and spaces)
        ("Séjour", Condition.BON, None),  # better: not listed
        ("WC", Condition.NEUF, None),  # same
        ("Cave", Condition.HORS_SERVICE, Decimal("50")),  # not in the entry: not compared
    )
    changes = rules.compare_inventories(entry, exit_)
    assert [(c.name, c.entry_condition, c.exit_condition, c.repair_cost) for c in changes] == [
        ("  cuisine ", Condition.BON, Condition.MAUVAIS, Decimal("300"))
    ]
    assert (changes[0].entry_label, changes[0].exit_label) == ("Bon état", "Mauvais état")


def test_compare_inventories_without_one_of_them_finds_nothing():
    assert rules.compare_inventories(None, _Inventory(("WC", Condition.MAUVAIS, None))) == []
    assert rules.compare_inventories(_Inventory(("WC", Condition.BON, None)), None) == []


def test_every_step_down_the_condition_scale_is_worse():
    values = Condition.values
    for better, worse in zip(values, values[1:], strict=False):
        entry, exit_ = _Inventory(("A", better, None)), _Inventory(("A", worse, None))
        assert len(rules.compare_inventories(entry, exit_)) == 1
        assert rules.compare_inventories(exit_, entry) == []


def test_an_inventory_in_the_future_is_refused():
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="ne peut pas être dans le futur"):
        rules.check_inventory(
            kind=InventoryKind.ENTREE, done_on=tomorrow, stay_entry=date(2024, 1, 1), stay_exit=None
        )


def test_entry_inventory_after_the_exit_and_exit_inventory_before_the_entry_are_refused():
    with pytest.raises(ValidationError, match="ne peut pas suivre la sortie du 31/03/2024"):
        rules.check_inventory(
            kind=InventoryKind.ENTREE,
            done_on=date(2024, 4, 1),
            stay_entry=date(2024, 1, 1),
            stay_exit=date(2024, 3, 31),
        )
    with pytest.raises(ValidationError, match="ne peut pas précéder l'entrée du 01/01/2024"):
        rules.check_inventory(
            kind=InventoryKind.SORTIE, done_on=date(2023, 12, 31), stay_entry=date(2024, 1, 1), stay_exit=None
        )
    rules.check_inventory(
        kind=InventoryKind.SORTIE, done_on=date(2024, 1, 1), stay_entry=date(2024, 1, 1), stay_exit=None
    )


def _rooms(*names, cost=None):
    return [InventoryRoom(name=name, condition=Condition.BON, repair_cost=cost) for name in names]


def test_rooms_are_one_to_a_hundred_distinct_names():
    with pytest.raises(ValidationError, match="au moins une pièce"):
        rules.check_rooms(kind=InventoryKind.ENTREE, rooms=[])
    with pytest.raises(ValidationError, match="au plus 100 pièces"):
        rules.check_rooms(kind=InventoryKind.ENTREE, rooms=_rooms(*(f"P{n}" for n in range(101))))
    rules.check_rooms(kind=InventoryKind.ENTREE, rooms=_rooms(*(f"P{n}" for n in range(100))))
    with pytest.raises(ValidationError, match="« chambre » est indiquée deux fois"):
        rules.check_rooms(kind=InventoryKind.ENTREE, rooms=_rooms("Chambre", "chambre"))


def test_a_repair_cost_is_only_for_the_exit_inventory():
    with pytest.raises(ValidationError, match="ne s'indique qu'à l'état des lieux de sortie"):
        rules.check_rooms(kind=InventoryKind.ENTREE, rooms=_rooms("Cuisine", cost=Decimal("10")))
    rules.check_rooms(kind=InventoryKind.SORTIE, rooms=_rooms("Cuisine", cost=Decimal("10")))


def test_claim_amount_cannot_go_below_what_was_charged_nor_be_abandoned_once_charged():
    on = date(2024, 1, 5)
    with pytest.raises(ValidationError, match="inférieur à la part déjà imputée"):
        rules.check_claim(
            amount=Decimal("100"), charged_amount=Decimal("150"), status=ClaimStatus.IMPUTE, assessed_on=on
        )
    with pytest.raises(ValidationError, match="contre-passez d'abord"):
        rules.check_claim(
            amount=Decimal("200"), charged_amount=Decimal("150"), status=ClaimStatus.ABANDONNE, assessed_on=on
        )
    rules.check_claim(
        amount=Decimal("200"), charged_amount=Decimal("0"), status=ClaimStatus.ABANDONNE, assessed_on=on
    )
    with pytest.raises(ValidationError, match="par le bouton « Imputer au compte du ménage »"):
        rules.check_claim(
            amount=Decimal("200"), charged_amount=Decimal("0"), status=ClaimStatus.IMPUTE, assessed_on=on
        )


@pytest.mark.parametrize(
    ("status", "amount", "expected"),
    [
        (ClaimStatus.CONSTATE, Decimal("0"), ClaimStatus.CONSTATE),
        (ClaimStatus.CONSTATE, Decimal("10"), ClaimStatus.CHIFFRE),
        (ClaimStatus.CHIFFRE, Decimal("0"), ClaimStatus.CONSTATE),
        (ClaimStatus.IMPUTE, Decimal("10"), ClaimStatus.IMPUTE),
        (ClaimStatus.SOLDE, Decimal("10"), ClaimStatus.SOLDE),
        (ClaimStatus.ABANDONNE, Decimal("0"), ClaimStatus.ABANDONNE),
    ],
)
def test_status_follows_the_amount_until_charged(status, amount, expected):
    assert rules.status_after_amount(status, amount) == expected


def test_a_charge_is_once_positive_and_within_the_damage():
    on = date(2024, 2, 1)
    ok = {
        "claim_amount": Decimal("450"),
        "already_charged": Decimal("0"),
        "status": ClaimStatus.CHIFFRE,
        "on": on,
    }
    rules.check_charge(**ok, amount=Decimal("450"))
    with pytest.raises(ValidationError, match="supérieur à 0"):
        rules.check_charge(**ok, amount=Decimal("0"))
    with pytest.raises(ValidationError, match="ne peut pas dépasser"):
        rules.check_charge(**ok, amount=Decimal("450.01"))
    with pytest.raises(ValidationError, match="déjà été imputé"):
        rules.check_charge(**{**ok, "already_charged": Decimal("1")}, amount=Decimal("10"))
    with pytest.raises(ValidationError, match="abandonné ne s'impute pas"):
        rules.check_charge(**{**ok, "status": ClaimStatus.ABANDONNE}, amount=Decimal("10"))
    with pytest.raises(ValidationError, match="dans le futur"):
        rules.check_charge(**{**ok, "on": timezone.localdate() + timedelta(days=1)}, amount=Decimal("10"))
