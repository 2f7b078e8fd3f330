"""Reads of inventories and claims: aggregate queries, constant in number."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from clef.damages import rules
from clef.damages.enums import InventoryKind
from clef.damages.models import DamageClaim, Inventory, InventoryRoom
from clef.stays.models import Stay


def damage_at_exit(stay) -> Decimal | None:
    """Σ of the amounts of the stay's damage claims not abandoned; None when the stay has none."""
    totals = DamageClaim.objects.counted().filter(stay=stay).aggregate(total=Sum("amount"), count=Count("pk"))
    return totals["total"] if totals["count"] else None


def repair_total(inventory) -> Decimal:
    """Σ of the repair costs of an inventory's rooms (the default amount of a claim on it)."""
    total = InventoryRoom.objects.filter(inventory=inventory).aggregate(total=Sum("repair_cost"))["total"]
    return total or Decimal("0")


def _has_inventory(kind: str):
    return Exists(Inventory.objects.filter(stay=OuterRef("pk"), kind=kind))


def inventories_to_do(organisation_id: int, today: date):
    """(entries, exits): stays present today without an entry inventory; stays ended in the last
    `rules.exit_window_days()` days without an exit inventory. Querysets (households' members prefetched for their names)."""
    base = Stay.objects.filter(organisation_id=organisation_id).select_related(
        "dwelling__commune", "household"
    )
    base = base.prefetch_related("household__members")
    entries = (
        base.filter(Q(exit_date__isnull=True) | Q(exit_date__gte=today), entry_date__lte=today)
        .filter(~_has_inventory(InventoryKind.ENTREE))
        .order_by("-entry_date", "pk")
    )
    exits = (
        base.filter(exit_date__lte=today, exit_date__gte=today - timedelta(days=rules.exit_window_days()))
        .filter(~_has_inventory(InventoryKind.SORTIE))
        .order_by("-exit_date", "pk")
    )
    return entries, exits


def inventory_sheet(inventory) -> dict:
    """What an inventory's page and PDF show: its rooms with their photos, the entry inventory (for an
    exit one) and the rooms that got worse, the Σ of repair costs, its claims. Four or five queries."""
    rooms = list(inventory.rooms.prefetch_related("photos"))
    inventory._prefetched_objects_cache = {"rooms": rooms}
    entry = None
    if inventory.kind == InventoryKind.SORTIE:
        entry = Inventory.objects.filter(stay_id=inventory.stay_id, kind=InventoryKind.ENTREE).first()
        if entry is not None:
            entry._prefetched_objects_cache = {"rooms": list(entry.rooms.all())}
    return {
        "inventory": inventory,
        "rooms": rooms,
        "entry": entry,
        "changes": rules.compare_inventories(entry, inventory),
        "repair_total": sum(
            (room.repair_cost for room in rooms if room.repair_cost is not None), Decimal("0")
        ),
        "claims": list(inventory.claims.all()),
    }
