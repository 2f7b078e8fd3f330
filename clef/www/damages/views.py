"""Inventories (« états des lieux »): the list of what to do, the room-by-room form, the page with its
photos and the comparison with the entry, the PDF. Each view starts with its access helper
(clef.www.damages.access); the writes are clef.damages.services; every read of a household's inventory goes
to the access log (context ETAT_DES_LIEUX)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.damages import pdf, queries, rules, services
from clef.damages.enums import InventoryKind
from clef.damages.models import DamageClaim, Inventory, InventoryRoom
from clef.damages.perms import can_edit_damages
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.www.access import ClefRequest
from clef.www.damages.access import (
    get_damage_stay_or_404,
    get_inventory_or_404,
    get_photo_or_404,
    require_damages,
)
from clef.www.damages.files import stream
from clef.www.damages.forms import InventoryForm, PhotoForm, room_formset
from clef.www.damages.paging import section_page
from clef.www.editing import attach_errors, form_status, require_version_when_editing


def log_read(request: ClefRequest, household_ids: list[int], subject=None) -> None:
    log_access(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        context=AccessLogEntry.Context.ETAT_DES_LIEUX,
        household_ids=household_ids,
        subject=subject,
    )


def damage_list(request: ClefRequest) -> HttpResponse:
    """Four tables, each paginated on its own (clef.www.damages.paging): entries without an entry inventory,
    recent exits without an exit one, claims in progress, the inventories recorded (newest first)."""
    membership = require_damages(request)
    organisation_id = membership.organisation_id
    today = timezone.localdate()
    entries, exits = queries.inventories_to_do(organisation_id, today)
    members = Prefetch("stay__household__members")
    inventories = (
        Inventory.objects.for_organisation(organisation_id)
        .select_related("stay__household", "dwelling__commune")
        .prefetch_related(members)
        .order_by("-done_on", "-pk")
    )
    claims = (
        DamageClaim.objects.for_organisation(organisation_id)
        .exclude(status__in=rules.CLOSED_CLAIM)
        .select_related("stay__household", "stay__dwelling__commune")
        .prefetch_related(members)
        .order_by("-assessed_on", "-pk")
    )
    pages = {
        "entries": section_page(request, entries, param="entrees", anchor="entrees"),
        "exits": section_page(request, exits, param="sorties", anchor="sorties"),
        "claims": section_page(request, claims, param="sinistres", anchor="sinistres"),
        "inventories": section_page(request, inventories, param="edl", anchor="recents"),
    }
    stays = list(pages["entries"].object_list) + list(pages["exits"].object_list)
    records = list(pages["inventories"].object_list) + list(pages["claims"].object_list)
    log_read(request, [s.household_id for s in stays] + [r.stay.household_id for r in records])
    context = {
        **pages,
        "today": today,
        "exit_window_days": rules.exit_window_days(),
        "can_edit": can_edit_damages(membership),
    }
    return render(request, "damages/list.html", context)


def _initial_rooms(stay, kind: str) -> list[dict]:
    """The rooms the form proposes: at the exit, the entry inventory's (with their condition then); else the
    typology's."""
    if kind == InventoryKind.SORTIE:
        entry_rooms = InventoryRoom.objects.filter(inventory__stay=stay, inventory__kind=InventoryKind.ENTREE)
        rooms = [{"name": r.name, "condition": r.condition} for r in entry_rooms.order_by("position")]
        if rooms:
            return rooms
    return [{"name": name} for name in rules.default_rooms(stay.dwelling.typology)]


def _inventory_form(request: ClefRequest, inventory: Inventory, initial_rooms: list[dict]) -> HttpResponse:
    editing = inventory.pk is not None
    data = request.POST if request.method == "POST" else None
    form = InventoryForm(
        data, instance=inventory, initial={"version": inventory.version} if editing else None
    )
    require_version_when_editing(form, editing)
    formset = room_formset(data, initial=initial_rooms)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            services.save_inventory(
                inventory=form.instance,
                rooms=formset.rooms(),
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "L'état des lieux est enregistré.")
            return redirect(inventory)
    log_read(request, [inventory.stay.household_id], inventory if editing else inventory.stay)
    context = {"form": form, "formset": formset, "inventory": inventory, "stay": inventory.stay}
    status = 400 if form_status(form) == 400 or (formset.is_bound and not formset.is_valid()) else 200
    return render(request, "damages/inventory_form.html", context, status=status)


def inventory_create(request: ClefRequest, stay_pk: int, kind: str) -> HttpResponse:
    stay = get_damage_stay_or_404(request, stay_pk, edit=True)
    if kind not in InventoryKind.values:
        raise Http404
    existing = Inventory.objects.filter(stay=stay, kind=kind).first()
    if existing is not None:
        messages.info(request, "Ce séjour a déjà cet état des lieux : le voici.")
        return redirect(existing)
    done_on = stay.entry_date if kind == InventoryKind.ENTREE else stay.exit_date
    inventory = Inventory(stay=stay, kind=kind, done_on=done_on)
    return _inventory_form(request, inventory, _initial_rooms(stay, kind))


def inventory_edit(request: ClefRequest, pk: int) -> HttpResponse:
    inventory = get_inventory_or_404(request, pk, edit=True)
    rooms = inventory.rooms.all()
    initial = [
        {
            "room_id": r.pk,
            "name": r.name,
            "condition": r.condition,
            "repair_cost": r.repair_cost,
            "comments": r.comments,
        }
        for r in rooms
    ]
    return _inventory_form(request, inventory, initial)


def inventory_detail(request: ClefRequest, pk: int, photo_form: PhotoForm | None = None) -> HttpResponse:
    inventory = get_inventory_or_404(request, pk)
    context = queries.inventory_sheet(inventory)
    can_edit = can_edit_damages(request.membership)
    context.update(
        can_edit=can_edit, photo_form=photo_form or (PhotoForm(inventory=inventory) if can_edit else None)
    )
    log_read(request, [inventory.stay.household_id], inventory)
    status = 400 if photo_form is not None and photo_form.errors else 200
    return render(request, "damages/inventory_detail.html", context, status=status)


def inventory_photo_add(request: ClefRequest, pk: int) -> HttpResponse:
    inventory = get_inventory_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(inventory)
    form = PhotoForm(request.POST, request.FILES, inventory=inventory)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_photo(
                room=data["room"], file=data["file"], caption=data["caption"], acting_user=request.user
            )
        except ValidationError as exc:
            attach_errors(form, exc, fields={"file": "file"})
        else:
            messages.success(request, "La photo est ajoutée.")
            return redirect(inventory)
    return inventory_detail(request, pk, photo_form=form)


def inventory_photo(request: ClefRequest, pk: int) -> HttpResponse:
    photo = get_photo_or_404(request, pk)
    inventory = photo.room.inventory
    log_read(request, [inventory.stay.household_id], inventory)
    return stream(photo.file, filename=f"etat-des-lieux-{inventory.pk}-photo-{photo.pk}", inline=True)


def inventory_pdf(request: ClefRequest, pk: int) -> HttpResponse:
    inventory = get_inventory_or_404(request, pk)
    context = queries.inventory_sheet(inventory)
    log_read(request, [inventory.stay.household_id], inventory)
    content = pdf.inventory_pdf(context)
    response = HttpResponse(content, content_type="application/pdf")
    name = f"etat-des-lieux-{inventory.get_kind_display().split()[-1]}-{inventory.pk}.pdf".replace("'", "")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
