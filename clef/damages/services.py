"""Writes of inventories and damage claims: each one transaction (clef.utils.writes), journaled in it, calling
clef.damages.rules. Charging a claim to the household's account also posts a ledger entry in clef.rental (a
sibling app): the web layer wraps `mark_charged` and `rental.services.post_charge` in one transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clef.damages import queries, rules
from clef.damages.enums import ClaimStatus
from clef.damages.models import ClaimDocument, DamageClaim, Inventory, InventoryPhoto, InventoryRoom
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.utils.writes import lock_and_check_version, register_constraint_errors, register_write

Action = JournalEntry.Action
ONE_PER_KIND = "Ce séjour a déjà un état des lieux de ce type : modifiez-le plutôt que d'en créer un autre."
register_constraint_errors(
    {
        "inventory_one_per_stay_and_kind": ONE_PER_KIND,
        "damages_inventory.stay_id, damages_inventory.kind": ONE_PER_KIND,  # SQLite
    }
)


def _rooms_summary(rooms) -> str:
    return " ; ".join(
        f"{room.name} : {room.get_condition_display()}"
        + (f" ({journal.euros_fr(room.repair_cost)})" if room.repair_cost is not None else "")
        for room in rooms
    )


def _write_rooms(inventory: Inventory, rooms: list[InventoryRoom]) -> list[InventoryRoom]:
    """The inventory's rooms become `rooms`, in this order (existing rooms keep their pk and photos; the
    ones left out are deleted with their photos). Positions are renumbered 1…n; deleting first and updating in
    ascending order never collides on (inventory, position)."""
    kept = {room.pk for room in rooms if room.pk}
    if kept - set(InventoryRoom.objects.filter(inventory=inventory).values_list("pk", flat=True)):
        raise ValidationError("Une pièce envoyée n'appartient pas à cet état des lieux : rechargez la page.")
    removed = InventoryPhoto.objects.filter(room__inventory=inventory).exclude(room_id__in=kept)
    files = [photo.file.name for photo in removed]
    InventoryRoom.objects.filter(inventory=inventory).exclude(pk__in=kept).delete()
    for position, room in enumerate(rooms, start=1):
        room.inventory, room.position = inventory, position
        room.full_clean(exclude=["inventory"], validate_unique=False, validate_constraints=False)
        room.save()
    if files:
        storage = InventoryPhoto._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return rooms


@register_write
def save_inventory(
    *, inventory: Inventory, rooms: list[InventoryRoom], acting_user, expected_version: int | None = None
) -> Inventory:
    """Create or update an inventory and its rooms (one journal entry listing the rooms)."""
    stay = inventory.stay
    rules.check_inventory(
        kind=inventory.kind, done_on=inventory.done_on, stay_entry=stay.entry_date, stay_exit=stay.exit_date
    )
    rules.check_rooms(kind=inventory.kind, rooms=rooms)
    creating = inventory.pk is None
    before = old_rooms = None
    if not creating:
        stored = lock_and_check_version(inventory, expected_version)
        before = journal.snapshot(stored)
        old_rooms = _rooms_summary(stored.rooms.all())
        inventory.version = stored.version + 1
    else:
        inventory.organisation_id, inventory.dwelling_id = stay.organisation_id, stay.dwelling_id
        inventory.created_by = acting_user
    inventory.full_clean()
    inventory.save()
    _write_rooms(inventory, rooms)
    new_rooms = _rooms_summary(rooms)
    extra = {"rooms": journal.change("Pièces", old_rooms, new_rooms)} if old_rooms != new_rooms else None
    journal.record(
        acting_user=acting_user,
        instance=inventory,
        action=Action.CREATE if creating else Action.UPDATE,
        before=before,
        household_id=stay.household_id,
        dwelling_id=inventory.dwelling_id,
        extra=extra,
    )
    return inventory


@register_write
def add_photo(*, room: InventoryRoom, file, caption: str = "", acting_user) -> InventoryPhoto:
    """A photo of a room (JPEG or PNG by content, ≤ 5 Mo), stored on the default storage."""
    photo = InventoryPhoto(room=room, file=file, caption=caption, uploaded_by=acting_user)
    photo.full_clean()
    photo.save()
    inventory = room.inventory
    journal.record_action(
        acting_user=acting_user,
        organisation_id=inventory.organisation_id,
        subject=inventory,
        action=Action.UPDATE,
        changes={
            "photo": journal.change("Photo ajoutée", None, f"{room.name} — {caption or 'sans légende'}")
        },
        household_id=inventory.stay.household_id,
        dwelling_id=inventory.dwelling_id,
    )
    return photo


# What other applications do when a damage claim changes (clef.exits sets the damage flag of a stay already
# ended): registered from their AppConfig.ready, since the applications above clef.damages may not be
# imported from here. Called in the claim's transaction with the claim's stay.
_claim_follow_ups: list = []


def on_claim_changed(follow_up):
    """Registers `follow_up(stay, acting_user)`, called after a claim is created, changed or charged."""
    _claim_follow_ups.append(follow_up)
    return follow_up


def _claim_changed(claim: DamageClaim, acting_user) -> None:
    for follow_up in _claim_follow_ups:
        follow_up(claim.stay, acting_user)


@register_write
def save_claim(*, claim: DamageClaim, acting_user, expected_version: int | None = None) -> DamageClaim:
    """Create or update a damage claim. Without an amount, it is the Σ of the exit inventory's repair costs;
    its status follows the amount (constaté → chiffré) until it is charged, settled or abandoned."""
    if claim.exit_inventory is not None and claim.exit_inventory.stay_id != claim.stay_id:
        raise ValidationError({"exit_inventory": "Cet état des lieux n'est pas celui de ce séjour."})
    if claim.amount is None:
        claim.amount = queries.repair_total(claim.exit_inventory) if claim.exit_inventory else Decimal("0")
    creating = claim.pk is None
    before = None
    if not creating:
        stored = lock_and_check_version(claim, expected_version)
        before = journal.snapshot(stored)
        claim.charged_amount, claim.charged_on = stored.charged_amount, stored.charged_on  # mark_charged only
        claim.version = stored.version + 1
    else:
        claim.organisation_id = claim.stay.organisation_id
        claim.created_by = acting_user
    claim.status = rules.status_after_amount(claim.status, claim.amount)
    rules.check_claim(
        amount=claim.amount,
        charged_amount=claim.charged_amount,
        status=claim.status,
        assessed_on=claim.assessed_on,
    )
    claim.full_clean()
    claim.save()
    journal.record(
        acting_user=acting_user,
        instance=claim,
        action=Action.CREATE if creating else Action.UPDATE,
        before=before,
        household_id=claim.stay.household_id,
        dwelling_id=claim.stay.dwelling_id,
    )
    _claim_changed(claim, acting_user)
    return claim


@register_write
def add_claim_document(*, claim: DamageClaim, file, kind: str, acting_user) -> ClaimDocument:
    document = ClaimDocument(claim=claim, file=file, kind=kind, uploaded_by=acting_user)
    document.full_clean()
    document.save()
    journal.record_action(
        acting_user=acting_user,
        organisation_id=claim.organisation_id,
        subject=claim,
        action=Action.UPDATE,
        changes={"document": journal.change("Document ajouté", None, document.get_kind_display())},
        household_id=claim.stay.household_id,
        dwelling_id=claim.stay.dwelling_id,
    )
    return document


@register_write
def mark_charged(
    *, claim: DamageClaim, amount: Decimal, on: date, acting_user, expected_version: int | None = None
) -> DamageClaim:
    """Record that `amount` of the claim was charged to the household's account on `on` (once per claim);
    the caller posts the ledger entry in the same transaction."""
    stored = lock_and_check_version(claim, expected_version)
    rules.check_charge(
        claim_amount=stored.amount,
        already_charged=stored.charged_amount,
        status=stored.status,
        amount=amount,
        on=on,
    )
    before = journal.snapshot(stored)
    stored.charged_amount, stored.charged_on = amount, on
    stored.status = ClaimStatus.IMPUTE
    stored.version += 1
    stored.full_clean()
    stored.save()
    journal.record(
        acting_user=acting_user,
        instance=stored,
        action=Action.UPDATE,
        before=before,
        household_id=claim.stay.household_id,
        dwelling_id=claim.stay.dwelling_id,
    )
    _claim_changed(stored, acting_user)
    return stored


def _delete_file_after_commit(field_file) -> None:
    """The stored file goes once the row's deletion is committed (never before: a rolled-back deletion keeps
    its file; a storage error after the commit leaves an orphan file, never a row without its file)."""
    storage, name = field_file.storage, field_file.name
    transaction.on_commit(lambda: storage.delete(name))


@register_write
def delete_photo(*, photo: InventoryPhoto, acting_user) -> None:
    """Delete a room's photo (journaled on the inventory: the room and the caption); the file is removed from
    the storage after the commit."""
    stored = (
        InventoryPhoto.objects.select_for_update().select_related("room__inventory__stay").get(pk=photo.pk)
    )
    room, inventory = stored.room, stored.room.inventory
    journal.record_action(
        acting_user=acting_user,
        organisation_id=inventory.organisation_id,
        subject=inventory,
        action=Action.UPDATE,
        changes={
            "photo": journal.change(
                "Photo supprimée", f"{room.name} — {stored.caption or 'sans légende'}", None
            )
        },
        household_id=inventory.stay.household_id,
        dwelling_id=inventory.dwelling_id,
    )
    _delete_file_after_commit(stored.file)
    stored.delete()


@register_write
def delete_claim_document(*, document: ClaimDocument, acting_user) -> None:
    """Delete a document of an open claim (`rules.check_document_removable`; journaled on the claim); the file
    is removed from the storage after the commit."""
    stored = ClaimDocument.objects.select_for_update().select_related("claim__stay").get(pk=document.pk)
    claim = stored.claim
    rules.check_document_removable(claim_status=claim.status)
    journal.record_action(
        acting_user=acting_user,
        organisation_id=claim.organisation_id,
        subject=claim,
        action=Action.UPDATE,
        changes={
            "document": journal.change(
                "Document supprimé",
                f"{stored.get_kind_display()} du {timezone.localtime(stored.uploaded_at):%d/%m/%Y}",
                None,
            )
        },
        household_id=claim.stay.household_id,
        dwelling_id=claim.stay.dwelling_id,
    )
    _delete_file_after_commit(stored.file)
    stored.delete()
