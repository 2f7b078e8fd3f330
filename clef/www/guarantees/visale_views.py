"""« Visale »: the operator's guarantees (optional and dated: the IML variant may end), their claims, and the
claims due (with the deadline and the housing benefit's status: a late CAF/MSA can force a claim that would
have resolved itself). No rule here: `clef.guarantees` decides. Every page names households: it logs the
read (context « garantie »)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from clef.guarantees import services
from clef.guarantees.models import VisaleClaim, VisaleGuarantee
from clef.guarantees.visale import visale_claims_due
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.organisations import perms
from clef.rental.models import Lease
from clef.www.access import ClefRequest
from clef.www.editing import attach_errors, form_status
from clef.www.guarantees.access import (
    get_visale_claim_or_404,
    get_visale_guarantee_or_404,
    log_names_listed,
    require_visale,
)
from clef.www.guarantees.forms import VisaleClaimForm, VisaleClaimUpdateForm, VisaleGuaranteeForm
from clef.www.once import AlreadySubmitted, Once


def _leases(organisation_id: int):
    return (
        Lease.objects.filter(organisation_id=organisation_id)
        .select_related("stay__household", "stay__dwelling__commune")
        .prefetch_related("stay__household__members")
        .order_by("-starts_on", "-pk")
    )


def visale_list(request: ClefRequest) -> HttpResponse:
    membership = require_visale(request)
    today = timezone.localdate()
    guarantees = list(
        VisaleGuarantee.objects.filter(organisation_id=membership.organisation_id)
        .select_related("lease__stay__household", "lease__stay__dwelling__commune")
        .prefetch_related("lease__stay__household__members", "claims")
        .order_by("-valid_from", "-pk")
    )
    due = visale_claims_due(membership.organisation_id, today)
    log_access(
        user=request.user,
        organisation_id=membership.organisation_id,
        context=AccessLogEntry.Context.GARANTIE,
        household_ids=[g.lease.stay.household_id for g in guarantees],
    )
    context = {
        "guarantees": guarantees,
        "due": due,
        "today": today,
        "can_edit": perms.can_edit_ledger(membership),
        "can_declare": perms.can_edit_recovery(membership),
    }
    return render(request, "guarantees/visale_list.html", context)


def visale_create(request: ClefRequest) -> HttpResponse:
    membership = require_visale(request, edit=True)
    once = Once(request, "visale")
    if (replay := once.replay()) is not None:
        return replay
    initial = {"lease": request.GET.get("bail")} if request.GET.get("bail", "").isdigit() else {}
    form = VisaleGuaranteeForm(
        request.POST or None, initial=initial, leases=_leases(membership.organisation_id)
    )
    if once.problem:
        form.add_error(None, once.problem)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim():
                services.save_visale_guarantee(guarantee=form.instance, acting_user=request.user)
                once.done(reverse("www:visale_list"))
        except AlreadySubmitted as exc:
            return exc.response
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La garantie Visale est enregistrée.")
            return redirect("www:visale_list")
    log_names_listed(request, form.fields["lease"].queryset.values_list("stay__household_id", flat=True))
    context = {"form": form, "once": once, "creating": True}
    return render(request, "guarantees/visale_form.html", context, status=form_status(form))


def visale_edit(request: ClefRequest, pk: int) -> HttpResponse:
    """Change a guarantee (its end date when Visale stops covering the lease), with its version."""
    guarantee = get_visale_guarantee_or_404(request, pk, edit=True)
    form = VisaleGuaranteeForm(
        request.POST or None, instance=guarantee, leases=_leases(guarantee.organisation_id)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_visale_guarantee(
                guarantee=form.instance,
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La garantie Visale est modifiée.")
            return redirect("www:visale_list")
    context = {"form": form, "guarantee": guarantee}
    return render(request, "guarantees/visale_form.html", context, status=form_status(form))


def visale_claim_create(request: ClefRequest, pk: int) -> HttpResponse:
    """Declare a claim on a guarantee: checked against the lease's ledger on the declaration day."""
    guarantee = get_visale_guarantee_or_404(request, pk, declare=True)
    once = Once(request, "visale_claim")
    if (replay := once.replay()) is not None:
        return replay
    claim = VisaleClaim(guarantee=guarantee, declared_on=timezone.localdate())
    form = VisaleClaimForm(request.POST or None, instance=claim)
    if once.problem:
        form.add_error(None, once.problem)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim():
                services.declare_visale_claim(claim=form.instance, acting_user=request.user)
                once.done(reverse("www:visale_list"))
        except AlreadySubmitted as exc:
            return exc.response
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le sinistre est enregistré comme déclaré à Visale.")
            return redirect("www:visale_list")
    context = {"form": form, "once": once, "guarantee": guarantee}
    return render(request, "guarantees/visale_claim_form.html", context, status=form_status(form))


def visale_claim_edit(request: ClefRequest, pk: int) -> HttpResponse:
    """Action Logement's answer to a claim (accepted, refused, indemnified), with the claim's version."""
    claim = get_visale_claim_or_404(request, pk)
    initial = {
        "status": claim.status,
        "paid_on": claim.paid_on,
        "paid_amount": claim.paid_amount,
        "version": claim.version,
    }
    form = VisaleClaimUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_visale_claim(
                claim=claim,
                expected_version=data["version"],
                status=data["status"],
                paid_on=data["paid_on"],
                paid_amount=data["paid_amount"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le sinistre est mis à jour.")
            return redirect("www:visale_list")
    context = {"form": form, "claim": claim, "guarantee": claim.guarantee}
    return render(request, "guarantees/visale_claim_edit.html", context, status=form_status(form))
