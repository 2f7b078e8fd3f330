"""Deleting a room's photo or a claim's document: a confirmation page (GET), then the deletion (POST) by who
writes inventories and claims (clef.damages.perms), journaled, the file removed from the storage after the
commit (clef.damages.services). A settled or abandoned claim keeps its documents (the page says why, 400 on
POST). The confirmation shows the household's record: its read goes to the access log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from clef.damages import rules, services
from clef.www.access import ClefRequest
from clef.www.damages.access import get_claim_document_or_404, get_photo_or_404
from clef.www.damages.views import log_read


def _confirm(request: ClefRequest, context: dict, *, error: str | None, status: int) -> HttpResponse:
    return render(request, "damages/confirm_delete.html", {**context, "error": error}, status=status)


def inventory_photo_delete(request: ClefRequest, pk: int) -> HttpResponse:
    photo = get_photo_or_404(request, pk, edit=True)
    room = photo.room
    inventory = room.inventory
    if request.method == "POST":
        services.delete_photo(photo=photo, acting_user=request.user)
        messages.success(request, f"La photo de la pièce « {room.name} » est supprimée.")
        return redirect(inventory)
    log_read(request, [inventory.stay.household_id], inventory)
    context = {
        "what": "la photo",
        "title": f"Supprimer la photo de la pièce « {room.name} »",
        "record": inventory,
        "household": inventory.stay.household,
        "photo": photo,
        "caption": photo.caption or room.name,
        "button": "Supprimer la photo",
    }
    return _confirm(request, context, error=None, status=200)


def claim_document_delete(request: ClefRequest, pk: int) -> HttpResponse:
    document = get_claim_document_or_404(request, pk, edit=True)
    claim = document.claim
    error = None
    if request.method == "POST":
        try:
            services.delete_claim_document(document=document, acting_user=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, f"Le document « {document.get_kind_display()} » est supprimé.")
            return redirect(claim)
    else:
        try:
            rules.check_document_removable(claim_status=claim.status)
        except ValidationError as exc:
            error = exc.messages[0]
    log_read(request, [claim.stay.household_id], claim)
    context = {
        "what": "le document",
        "title": f"Supprimer le document « {document.get_kind_display()} » du sinistre",
        "record": claim,
        "household": claim.stay.household,
        "document": document,
        "document_url": reverse("www:claim_document", args=[document.pk]),
        "button": "Supprimer le document",
    }
    return _confirm(request, context, error=error, status=400 if error and request.method == "POST" else 200)
