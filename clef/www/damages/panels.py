"""The household page's « États des lieux et dégradations » panel: the household's inventories and damage
claims, and what to do next on its latest stay, for the members who see them (clef.damages.perms). Three
queries, plus the access-log row when something is shown (context ETAT_DES_LIEUX)."""

from __future__ import annotations

from django.urls import reverse

from clef.damages.enums import InventoryKind
from clef.damages.models import DamageClaim, Inventory
from clef.damages.perms import can_edit_damages, can_see_damages
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.stays.models import Stay
from clef.www.households.panels import Panel


def _actions(stay, kinds_done: set[str]) -> list[dict]:
    actions = []
    if InventoryKind.ENTREE not in kinds_done:
        url = reverse("www:inventory_create", args=[stay.pk, InventoryKind.ENTREE])
        actions.append({"url": url, "label": "Saisir l'état des lieux d'entrée"})
    if stay.exit_date is not None:
        if InventoryKind.SORTIE not in kinds_done:
            url = reverse("www:inventory_create", args=[stay.pk, InventoryKind.SORTIE])
            actions.append({"url": url, "label": "Saisir l'état des lieux de sortie"})
        actions.append({"url": reverse("www:claim_create", args=[stay.pk]), "label": "Déclarer un sinistre"})
    return actions


def household_panel(request, household, today) -> Panel | None:
    membership = request.membership
    if not can_see_damages(membership) or household.organisation_id != membership.organisation_id:
        return None
    inventories = list(Inventory.objects.filter(stay__household=household).order_by("-done_on", "-pk"))
    claims = list(DamageClaim.objects.filter(stay__household=household).order_by("-assessed_on", "-pk"))
    actions = []
    if can_edit_damages(membership):
        stay = Stay.objects.filter(household=household).order_by("-entry_date", "-pk").first()
        if stay is not None:
            done = {inventory.kind for inventory in inventories if inventory.stay_id == stay.pk}
            actions = _actions(stay, done)
    if inventories or claims:
        log_access(
            user=request.user,
            organisation_id=membership.organisation_id,
            context=AccessLogEntry.Context.ETAT_DES_LIEUX,
            household_ids=[household.pk],
        )
    context = {"inventories": inventories, "claims": claims, "actions": actions}
    return Panel(template="damages/panel.html", context=context)
