"""Damage claims (« sinistres : dégradations »): create and edit, the page with its documents, and
« Imputer au compte du ménage » (clef.www.damages.charging: the claim and the ledger in one transaction).
Each view starts with its access helper; every read goes to the access log (context ETAT_DES_LIEUX)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.damages import services
from clef.damages.enums import ClaimStatus, InventoryKind
from clef.damages.models import DamageClaim, Inventory
from clef.damages.perms import can_edit_damages
from clef.rental.models import Lease
from clef.www.access import ClefRequest
from clef.www.damages.access import (
    get_claim_document_or_404,
    get_claim_or_404,
    get_damage_stay_or_404,
)
from clef.www.damages.charging import charge_claim
from clef.www.damages.files import stream
from clef.www.damages.forms import ChargeForm, ClaimForm, DocumentForm
from clef.www.damages.views import log_read
from clef.www.editing import attach_errors, form_status, require_version_when_editing


def _claim_form(request: ClefRequest, claim: DamageClaim) -> HttpResponse:
    editing = claim.pk is not None
    data = request.POST if request.method == "POST" else None
    form = ClaimForm(data, instance=claim, initial={"version": claim.version} if editing else None)
    if claim.status != ClaimStatus.IMPUTE:  # « imputé » comes with the charge, never chosen
        form.fields["status"].choices = [c for c in ClaimStatus.choices if c[0] != ClaimStatus.IMPUTE]
    require_version_when_editing(form, editing)
    if data is not None and form.is_valid():
        try:
            services.save_claim(
                claim=form.instance, acting_user=request.user, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le sinistre est enregistré.")
            return redirect(claim)
    log_read(request, [claim.stay.household_id], claim if editing else claim.stay)
    context = {"form": form, "claim": claim, "stay": claim.stay}
    return render(request, "damages/claim_form.html", context, status=form_status(form))


def claim_create(request: ClefRequest, stay_pk: int) -> HttpResponse:
    stay = get_damage_stay_or_404(request, stay_pk, edit=True)
    exit_inventory = Inventory.objects.filter(stay=stay, kind=InventoryKind.SORTIE).first()
    claim = DamageClaim(
        stay=stay,
        exit_inventory=exit_inventory,
        assessed_on=exit_inventory.done_on if exit_inventory else None,
    )
    return _claim_form(request, claim)


def claim_edit(request: ClefRequest, pk: int) -> HttpResponse:
    return _claim_form(request, get_claim_or_404(request, pk, edit=True))


def claim_detail(
    request: ClefRequest,
    pk: int,
    *,
    charge_form: ChargeForm | None = None,
    document_form: DocumentForm | None = None,
) -> HttpResponse:
    claim = get_claim_or_404(request, pk)
    can_edit = can_edit_damages(request.membership)
    chargeable = can_edit and claim.charged_amount == 0 and claim.status != ClaimStatus.ABANDONNE
    if chargeable and charge_form is None:
        initial = {"amount": claim.amount, "on": timezone.localdate(), "version": claim.version}
        charge_form = ChargeForm(initial=initial)
    if can_edit and document_form is None:
        document_form = DocumentForm()
    context = {
        "claim": claim,
        "stay": claim.stay,
        "documents": list(claim.documents.all()),
        "has_lease": Lease.objects.filter(stay_id=claim.stay_id).exists(),
        "can_edit": can_edit,
        "charge_form": charge_form
        if chargeable or (charge_form is not None and charge_form.is_bound)
        else None,
        "document_form": document_form,
    }
    log_read(request, [claim.stay.household_id], claim)
    refused = any(f is not None and f.is_bound and f.errors for f in (charge_form, document_form))
    return render(request, "damages/claim_detail.html", context, status=400 if refused else 200)


def claim_charge(request: ClefRequest, pk: int) -> HttpResponse:
    claim = get_claim_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(claim)
    form = ChargeForm(request.POST)
    require_version_when_editing(form, True)
    if form.is_valid():
        data = form.cleaned_data
        try:
            charge_claim(
                claim=claim,
                amount=data["amount"],
                on=data["on"],
                acting_user=request.user,
                expected_version=data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le sinistre est imputé au compte du ménage.")
            return redirect(claim)
    return claim_detail(request, pk, charge_form=form)


def claim_document_add(request: ClefRequest, pk: int) -> HttpResponse:
    claim = get_claim_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(claim)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_claim_document(
                claim=claim,
                file=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le document est ajouté.")
            return redirect(claim)
    return claim_detail(request, pk, document_form=form)


def claim_document(request: ClefRequest, pk: int) -> HttpResponse:
    document = get_claim_document_or_404(request, pk)
    claim = document.claim
    log_read(request, [claim.stay.household_id], claim)
    return stream(document.file, filename=f"sinistre-{claim.pk}-{document.kind}-{document.pk}", inline=False)
