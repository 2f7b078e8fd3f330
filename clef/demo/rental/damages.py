"""Inventories and damage claims of the demo: an entry inventory for most leases (rooms from the dwelling's
typology, `damages.rules.default_rooms`), an exit inventory for the recent exits but one (left to do), and a
damage claim for each recent exit with damage in the register (the stay's flag): the exit rooms that got
worse carry the repair costs, the claim's amount is their sum; one claim is charged to the household's
account (the ledger entry and the claim's mark in one transaction, as the claim page does)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from clef.damages import rules as damage_rules
from clef.damages import services as damage_services
from clef.damages.enums import ClaimStatus, Condition, Cover, InventoryKind
from clef.damages.models import DamageClaim, Inventory, InventoryRoom
from clef.demo.rental.context import RentalContext
from clef.rental import services as rental_services
from clef.rental.enums import EntryKind, EntrySource
from clef.rental.models import Lease

WITHOUT_ENTRY = 8  # one lease in eight has no entry inventory recorded (the list « à faire »)
WORSE = {
    Condition.NEUF: Condition.USAGE,
    Condition.BON: Condition.MAUVAIS,
    Condition.USAGE: Condition.MAUVAIS,
}
REPAIRS = {
    "Cuisine": ("Plan de travail brûlé, porte de placard arrachée.", Decimal("480")),
    "Salle d'eau": ("Joints noircis, lavabo fendu.", Decimal("350")),
    "Séjour": ("Murs tachés et troués, revêtement de sol déchiré.", Decimal("620")),
    "Pièce principale": ("Murs tachés et troués, revêtement de sol déchiré.", Decimal("620")),
    "Entrée": ("Porte d'entrée forcée, serrure à remplacer.", Decimal("290")),
}


# Damage found during a stay (no exit inventory): what happened, its cost, who covers it.
DURING_STAY = [
    (
        "Porte de la salle d'eau cassée lors d'une dispute ; remplacement chiffré par le bailleur.",
        Decimal("240"),
        Cover.AUCUN,
    ),
    (
        "Dégât des eaux causé par le ménage (robinet laissé ouvert) : plafond du voisin repeint.",
        Decimal("680"),
        Cover.STRUCTURE,
    ),
]
DURING_STAY_CLAIMS = 2


def inventories_loaded(ctx: RentalContext) -> bool:
    return Inventory.objects.filter(organisation_id__in=ctx.operator_ids()).exists()


def _rooms(ctx, inventory: Inventory, typology: str, worse: bool) -> list[InventoryRoom]:
    rng = ctx.rng("rooms", inventory.stay_id)  # the same draw at the entry and at the exit
    rooms = []
    for position, name in enumerate(damage_rules.default_rooms(typology), start=1):
        condition = rng.choice([Condition.NEUF, Condition.BON, Condition.BON, Condition.USAGE])
        room = InventoryRoom(inventory=inventory, position=position, name=name, condition=condition)
        if worse and name in REPAIRS:
            comment, cost = REPAIRS[name]
            room.condition, room.comments, room.repair_cost = (
                WORSE.get(condition, Condition.MAUVAIS),
                comment,
                cost,
            )
        rooms.append(room)
    return rooms


def write_inventories(ctx: RentalContext, leases: list[Lease], on_time: list[Lease]) -> dict[str, int]:
    """`on_time`: present leases of households paying on time (damage found during their stay)."""
    stays = {s.pk: s for s in ctx.stays}
    inventories, rooms_of = [], []
    # The latest exit without damage: its exit inventory is still to do (a damaged exit has its claim).
    exits = sorted(
        (s for s in ctx.stays if not s.present and not s.loss_damage), key=lambda s: (s.exit_date, s.pk)
    )
    without_exit = exits[-1].pk if exits else None
    for index, lease in enumerate(leases, start=1):
        stay = stays[lease.stay_id]
        team = ctx.teams[lease.organisation_id]
        # Exactly one lease in eight, by its rank (not by a draw keyed on the database's ids, which differ
        # from one database to another: the share of entries then varied around the test's 80 %).
        if index % WITHOUT_ENTRY:
            inventories.append(_inventory(stay, team, InventoryKind.ENTREE, stay.entry_date, ""))
            rooms_of.append((inventories[-1], stay.typology, False))
        if not stay.present and stay.pk != without_exit:
            comments = "Dégradations constatées, chiffrées pièce par pièce." if stay.loss_damage else ""
            inventories.append(_inventory(stay, team, InventoryKind.SORTIE, stay.exit_date, comments))
            rooms_of.append((inventories[-1], stay.typology, stay.loss_damage))
    for inventory in inventories:
        inventory.created_at = ctx.stamp(inventory.done_on)
    bulk_dated(Inventory, inventories)
    rooms = [room for inv, typology, worse in rooms_of for room in _rooms(ctx, inv, typology, worse)]
    InventoryRoom.objects.bulk_create(rooms)
    exits = [inv for inv, _, worse in rooms_of if worse]
    claims = _claims(ctx, exits, rooms, on_time[:DURING_STAY_CLAIMS])
    return {
        "états des lieux": len(inventories),
        "pièces décrites": len(rooms),
        "sinistres (dégradations)": claims,
    }


def _inventory(stay, team, kind, day, comments) -> Inventory:
    return Inventory(
        organisation_id=stay.organisation_id,
        stay_id=stay.pk,
        dwelling_id=stay.dwelling_id,
        kind=kind,
        done_on=day,
        attendees=f"{team.manager.get_full_name()}, {team.social_worker.get_full_name()}, le ménage",
        joint_visit=True,
        comments=comments,
        created_by=team.manager,
    )


def bulk_dated(model, rows) -> None:
    field = model._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        model.objects.bulk_create(rows)
    finally:
        field.auto_now_add = True


def _claims(
    ctx: RentalContext, exit_inventories: list[Inventory], rooms: list[InventoryRoom], during: list[Lease]
) -> int:
    """One claim per exit inventory with damage (« chiffré », covered by the deposit or the fund), and
    damage found during a stay (`during`): the first one is charged to the household's account (the
    ledger's `degradations` entry and the claim's mark)."""
    claims = [_during_stay(ctx, lease, n) for n, lease in enumerate(during)]
    for n, inventory in enumerate(exit_inventories):
        amount = sum((r.repair_cost or 0 for r in rooms if r.inventory is inventory), Decimal(0))
        if not amount:
            continue
        claim = DamageClaim(
            organisation_id=inventory.organisation_id,
            stay_id=inventory.stay_id,
            exit_inventory=inventory,
            assessed_on=inventory.done_on,
            amount=amount,
            covered_by=Cover.DEPOT if n % 2 else Cover.FONDS,
            status=ClaimStatus.CHIFFRE,
            comments="Devis de l'entreprise de remise en état joint au dossier.",
            created_by=inventory.created_by,
        )
        claim.created_at = ctx.stamp(inventory.done_on)
        claims.append(claim)
    bulk_dated(DamageClaim, claims)
    if claims:
        charge(ctx, claims[0])
    return len(claims)


def _during_stay(ctx: RentalContext, lease: Lease, n: int) -> DamageClaim:
    comment, amount, cover = DURING_STAY[n % len(DURING_STAY)]
    assessed = ctx.today - timedelta(days=40 + 30 * n)
    claim = DamageClaim(
        organisation_id=lease.organisation_id,
        stay_id=lease.stay_id,
        assessed_on=assessed,
        amount=amount,
        covered_by=cover,
        status=ClaimStatus.CHIFFRE,
        comments=comment,
        created_by=ctx.teams[lease.organisation_id].manager,
    )
    claim.created_at = ctx.stamp(assessed)
    return claim


def charge(ctx: RentalContext, claim: DamageClaim) -> None:
    """Charge the claim to the household's account: the ledger entry and the claim's mark, together."""
    lease = Lease.objects.get(stay_id=claim.stay_id)
    on = min(claim.assessed_on + timedelta(days=7), ctx.today)
    rental_services.post_charge(
        lease,
        EntryKind.DEGRADATIONS,
        claim.amount,
        on,
        label="Dégradations constatées à l'état des lieux de sortie",
        source=EntrySource.DEGRADATIONS,
        source_key=f"sinistre:{claim.pk}",
        acting_user=claim.created_by,
    )
    damage_services.mark_charged(claim=claim, amount=claim.amount, on=on, acting_user=claim.created_by)
