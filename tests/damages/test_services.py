"""Writes of inventories and claims: one transaction, journaled, rules applied, versions checked."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clef.damages import queries, services
from clef.damages.enums import ClaimStatus, Condition, Cover, InventoryKind
from clef.damages.models import DamageClaim, Inventory, InventoryPhoto, InventoryRoom
from clef.journal.models import JournalEntry
from clef.utils.writes import StaleEditError
from tests.factories.accounts import UserFactory
from tests.factories.damages import PNG_BYTES, DamageClaimFactory, InventoryFactory, InventoryRoomFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def _rooms(*specs):
    return [
        InventoryRoom(name=name, condition=condition, repair_cost=cost) for name, condition, cost in specs
    ]


def _exit_inventory(stay, user, *specs):
    inventory = Inventory(stay=stay, kind=InventoryKind.SORTIE, done_on=stay.exit_date)
    return services.save_inventory(inventory=inventory, rooms=_rooms(*specs), acting_user=user)


def test_save_inventory_writes_rooms_in_order_and_journals_them():
    stay, user = StayFactory(), UserFactory()
    inventory = Inventory(stay=stay, kind=InventoryKind.ENTREE, done_on=date(2021, 1, 1), joint_visit=True)
    services.save_inventory(
        inventory=inventory,
        rooms=_rooms(("Entrée", Condition.BON, None), ("Cuisine", Condition.NEUF, None)),
        acting_user=user,
    )
    assert (inventory.organisation_id, inventory.dwelling_id, inventory.version) == (
        stay.organisation_id,
        stay.dwelling_id,
        1,
    )
    assert list(inventory.rooms.values_list("position", "name")) == [(1, "Entrée"), (2, "Cuisine")]
    entry = JournalEntry.objects.get(object_id=inventory.pk, object_label="état des lieux")
    assert entry.action == JournalEntry.Action.CREATE and entry.household_id == stay.household_id
    assert entry.changes["rooms"]["new"] == "Entrée : Bon état ; Cuisine : Neuf"


def test_editing_an_inventory_keeps_the_rooms_left_in_with_their_photos_and_deletes_the_others():
    stay, user = StayFactory(), UserFactory()
    inventory = Inventory(stay=stay, kind=InventoryKind.ENTREE, done_on=date(2021, 1, 1))
    services.save_inventory(
        inventory=inventory,
        rooms=_rooms(("A", Condition.BON, None), ("B", Condition.BON, None), ("C", Condition.BON, None)),
        acting_user=user,
    )
    a, b, c = inventory.rooms.all()
    services.add_photo(room=c, file=SimpleUploadedFile("c.png", PNG_BYTES), acting_user=user)
    services.add_photo(room=a, file=SimpleUploadedFile("a.png", PNG_BYTES), acting_user=user)
    c.condition = Condition.USAGE
    services.save_inventory(
        inventory=inventory,
        rooms=[c, *_rooms(("D", Condition.BON, None))],
        acting_user=user,
        expected_version=1,
    )
    assert list(inventory.rooms.values_list("position", "name", "condition")) == [
        (1, "C", Condition.USAGE),
        (2, "D", Condition.BON),
    ]
    assert list(InventoryPhoto.objects.values_list("room__name", flat=True)) == ["C"]
    update = (
        JournalEntry.objects.filter(object_id=inventory.pk, action=JournalEntry.Action.UPDATE)
        .order_by("pk")
        .last()
    )
    assert update.changes["rooms"]["new"] == "C : État d'usage ; D : Bon état"


def test_a_stale_inventory_edit_is_refused_and_writes_nothing():
    inventory = InventoryFactory()
    InventoryRoomFactory(inventory=inventory, name="Cuisine")
    inventory.attendees = "Autre"
    with pytest.raises(StaleEditError):
        services.save_inventory(
            inventory=inventory,
            rooms=_rooms(("X", Condition.BON, None)),
            acting_user=UserFactory(),
            expected_version=7,
        )
    assert list(inventory.rooms.values_list("name", flat=True)) == ["Cuisine"]


def test_a_second_inventory_of_the_same_kind_is_refused_in_french():
    first = InventoryFactory()
    again = Inventory(stay=first.stay, kind=InventoryKind.ENTREE, done_on=date(2021, 1, 2))
    with pytest.raises(ValidationError, match="déjà un état des lieux de ce type"):
        services.save_inventory(
            inventory=again, rooms=_rooms(("A", Condition.BON, None)), acting_user=UserFactory()
        )
    assert Inventory.objects.count() == 1


def test_a_room_cost_out_of_bounds_is_refused_and_nothing_is_written():
    stay = StayFactory(exited=True)
    with pytest.raises(ValidationError, match="comprise entre 0 € et 100"):
        _exit_inventory(stay, UserFactory(), ("Cuisine", Condition.MAUVAIS, Decimal("-1")))
    assert not Inventory.objects.exists()


def test_a_room_of_another_inventory_is_refused_and_stays_where_it_was():
    other_room = InventoryRoomFactory(name="Cuisine")
    inventory = InventoryFactory()
    InventoryRoomFactory(inventory=inventory, name="WC")
    intruder = InventoryRoom(pk=other_room.pk, name="Volée", condition=Condition.BON)
    with pytest.raises(ValidationError, match="n'appartient pas à cet état des lieux"):
        services.save_inventory(
            inventory=inventory, rooms=[intruder], acting_user=UserFactory(), expected_version=1
        )
    other_room.refresh_from_db()
    assert other_room.name == "Cuisine" and other_room.inventory_id != inventory.pk
    assert list(inventory.rooms.values_list("name", flat=True)) == ["WC"]


def test_a_photo_that_is_not_an_image_is_refused():
    room = InventoryRoomFactory()
    with pytest.raises(ValidationError, match="ne correspond pas"):
        services.add_photo(
            room=room, file=SimpleUploadedFile("x.jpg", b"MZ\x90\x00" * 4), acting_user=UserFactory()
        )
    assert not InventoryPhoto.objects.exists()


def test_a_claim_without_amount_takes_the_exit_inventory_repair_costs():
    stay, user = StayFactory(exited=True), UserFactory()
    inventory = _exit_inventory(
        stay,
        user,
        ("Cuisine", Condition.MAUVAIS, Decimal("320.50")),
        ("WC", Condition.BON, None),
        ("Séjour", Condition.USAGE, Decimal("80")),
    )
    claim = DamageClaim(stay=stay, exit_inventory=inventory, assessed_on=date(2024, 1, 5), amount=None)
    services.save_claim(claim=claim, acting_user=user)
    assert (claim.amount, claim.status, claim.organisation_id) == (
        Decimal("400.50"),
        ClaimStatus.CHIFFRE,
        stay.organisation_id,
    )
    assert (
        JournalEntry.objects.filter(object_id=claim.pk, object_label="sinistre (dégradations)").count() == 1
    )


def test_a_claim_on_another_stays_inventory_is_refused():
    user = UserFactory()
    other = _exit_inventory(StayFactory(exited=True), user, ("WC", Condition.MAUVAIS, Decimal("10")))
    claim = DamageClaim(
        stay=StayFactory(exited=True), exit_inventory=other, assessed_on=date(2024, 1, 5), amount=None
    )
    with pytest.raises(ValidationError, match="n'est pas celui de ce séjour"):
        services.save_claim(claim=claim, acting_user=user)


def test_mark_charged_records_the_part_once_and_journals_it():
    claim = DamageClaimFactory()
    user = UserFactory()
    charged = services.mark_charged(
        claim=claim, amount=Decimal("300"), on=date(2024, 2, 1), acting_user=user, expected_version=1
    )
    assert (charged.charged_amount, charged.charged_on, charged.status, charged.version) == (
        Decimal("300"),
        date(2024, 2, 1),
        ClaimStatus.IMPUTE,
        2,
    )
    entry = JournalEntry.objects.get(object_id=claim.pk, action=JournalEntry.Action.UPDATE)
    assert entry.changes["status"]["new"] == "Imputé au compte du ménage"
    with pytest.raises(ValidationError, match="déjà été imputé"):
        services.mark_charged(claim=charged, amount=Decimal("10"), on=date(2024, 2, 1), acting_user=user)


def test_editing_a_claim_keeps_what_was_charged_and_refuses_abandoning_it():
    claim = services.mark_charged(
        claim=DamageClaimFactory(), amount=Decimal("300"), on=date(2024, 2, 1), acting_user=UserFactory()
    )
    claim.covered_by = Cover.DEPOT
    claim.charged_amount = Decimal("0")  # a form cannot change it
    services.save_claim(claim=claim, acting_user=UserFactory(), expected_version=2)
    claim.refresh_from_db()
    assert (claim.charged_amount, claim.covered_by, claim.status) == (
        Decimal("300"),
        Cover.DEPOT,
        ClaimStatus.IMPUTE,
    )
    claim.status = ClaimStatus.ABANDONNE
    with pytest.raises(ValidationError, match="contre-passez"):
        services.save_claim(claim=claim, acting_user=UserFactory(), expected_version=3)


def test_damage_at_exit_sums_the_claims_not_abandoned():
    stay = StayFactory(exited=True)
    assert queries.damage_at_exit(stay) is None
    DamageClaimFactory(stay=stay, amount=Decimal("100.10"))
    DamageClaimFactory(stay=stay, amount=Decimal("50"))
    DamageClaimFactory(stay=stay, amount=Decimal("999"), status=ClaimStatus.ABANDONNE)
    DamageClaimFactory(amount=Decimal("7"))  # another stay
    assert queries.damage_at_exit(stay) == Decimal("150.10")
    only_abandoned = StayFactory(exited=True)
    DamageClaimFactory(stay=only_abandoned, status=ClaimStatus.ABANDONNE)
    assert queries.damage_at_exit(only_abandoned) is None
