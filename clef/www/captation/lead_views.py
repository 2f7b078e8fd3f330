"""The lead pages (« dossiers de captation »): open one (new or known landlord, offered dwelling, in one
form), read it (stepper, history, exchanges, next action), move it, log an exchange, plan the next action,
fill in the landlord of a re-captation. Rules and writes: `clef.captation`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.captation import rules, services
from clef.captation.enums import PIPELINE, Stage
from clef.captation.models import Lead
from clef.organisations import perms
from clef.utils.writes import StaleEditError
from clef.www.access import ClefRequest
from clef.www.captation.access import (
    get_lead_or_404,
    get_offered_dwelling_or_404,
    log_landlord_read,
    require_captation,
)
from clef.www.captation.forms import (
    ActivityForm,
    LandlordForm,
    LeadEditForm,
    LeadLandlordForm,
    LeadOpenForm,
    MoveForm,
    NextActionForm,
    OfferedDwellingEditForm,
    OfferedDwellingForm,
)
from clef.www.editing import attach_errors, form_status, require_version_when_editing
from clef.www.once import AlreadySubmitted, Once


def _open_forms(request: ClefRequest, organisation_id: int):
    data = request.POST or None
    lead_form = LeadOpenForm(data, organisation_id=organisation_id, prefix="dossier")
    known = request.GET.get("proprietaire")
    if data is None and known and known.isdigit():
        lead_form.initial["landlord"] = known
    landlord_form = LandlordForm(data, prefix="proprietaire", use_required_attribute=False)
    dwelling_form = OfferedDwellingForm(
        data, prefix="logement", empty_permitted=True, use_required_attribute=False
    )
    return lead_form, landlord_form, dwelling_form


def _forms_valid(lead_form, landlord_form, dwelling_form) -> bool:
    valid = lead_form.is_valid() and dwelling_form.is_valid()
    if not lead_form.known_landlord_chosen():
        valid = landlord_form.is_valid() and valid
    return valid


def _landlord_data(landlord_form) -> dict:
    return {name: landlord_form.cleaned_data[name] for name in LandlordForm.Meta.fields}


def lead_create(request: ClefRequest) -> HttpResponse:
    membership = require_captation(request, edit=True)
    once = Once(request, "lead")
    if (replay := once.replay()) is not None:
        return replay
    lead_form, landlord_form, dwelling_form = _open_forms(request, membership.organisation_id)
    if once.problem:
        lead_form.add_error(None, once.problem)
    if request.method == "POST" and _forms_valid(lead_form, landlord_form, dwelling_form):
        data = lead_form.cleaned_data
        known = data["landlord"]
        dwelling = dict(dwelling_form.cleaned_data) if dwelling_form.has_changed() else None
        try:
            with once.claim():
                lead = services.open_lead(
                    organisation=membership.organisation,
                    origin=data["origin"],
                    on=timezone.localdate(),
                    acting_user=request.user,
                    landlord=known,
                    landlord_data=None if known else _landlord_data(landlord_form),
                    dwelling_data=dwelling,
                    campaign=data["campaign"],
                    preferred_mode=data["preferred_mode"],
                    next_action=data["next_action"],
                    next_action_on=data["next_action_on"],
                )
                once.done(lead.get_absolute_url())
        except AlreadySubmitted as exc:
            return exc.response
        except ValidationError as exc:
            attach_errors(lead_form, exc)
        else:
            messages.success(request, "Le dossier de captation est ouvert.")
            return redirect(lead)
    if lead_form.is_bound and lead_form.known_landlord_chosen():
        # a known landlord: the new landlord's fields were not used, they show no error
        landlord_form = LandlordForm(prefix="proprietaire", use_required_attribute=False)
    forms = (lead_form, landlord_form, dwelling_form)
    status = 400 if request.method == "POST" and any(f.errors for f in forms) else 200
    context = {
        "lead_form": lead_form,
        "landlord_form": landlord_form,
        "dwelling_form": dwelling_form,
        "once": once,
    }
    return render(request, "captation/lead_create.html", context, status=status)


def lead_detail(request: ClefRequest, pk: int, **bound) -> HttpResponse:
    lead = get_lead_or_404(request, pk)
    membership = request.membership
    can_edit = perms.can_edit_captation(membership)
    changes = list(lead.stage_changes.select_related("by").order_by("on", "pk"))
    activities = list(lead.activities.select_related("by"))
    current = (
        lead.stage if lead.stage in PIPELINE else (changes[-1].from_stage if changes else Stage.PROSPECT)
    )
    position = PIPELINE.index(current) + 1 if current in PIPELINE else 1
    if lead.landlord_id:
        log_landlord_read(request, lead.landlord)
    context = {
        "lead": lead,
        "changes": changes,
        "activities": activities,
        "can_edit": can_edit,
        "step": position,
        "step_count": len(PIPELINE),
        "step_label": dict(Stage.choices)[current],
        "next_step_label": dict(Stage.choices)[PIPELINE[position]] if position < len(PIPELINE) else "",
        "may_contact": rules.may_contact(lead.landlord),
        "contact_refusal": ""
        if rules.may_contact(lead.landlord)
        else rules.do_not_contact_message(lead.landlord),
        "signable": lead.stage in rules.SIGNABLE_STAGES and lead.landlord_id is not None,
        "today": timezone.localdate(),
    }
    if can_edit and lead.is_open:
        context["move_form"] = bound.get("move_form") or MoveForm(lead=lead)
        context["next_form"] = bound.get("next_form") or NextActionForm(
            initial={
                "next_action": lead.next_action,
                "next_action_on": lead.next_action_on,
                "version": lead.version,
            }
        )
    if can_edit:
        context["activity_form"] = bound.get("activity_form") or ActivityForm()
    if can_edit and lead.landlord_id is None:
        context["landlord_form"] = bound.get("landlord_form") or LeadLandlordForm(
            organisation_id=lead.organisation_id, initial={"version": lead.version}
        )
    status = 400 if any(form.errors for form in bound.values()) else 200
    return render(request, "captation/lead_detail.html", context, status=status)


def lead_move(request: ClefRequest, pk: int) -> HttpResponse:
    lead = get_lead_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(lead)
    form = MoveForm(request.POST, lead=lead)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.move_lead(
                lead=lead,
                to_stage=data["to_stage"],
                on=data["on"],
                reason=data["reason"],
                comment=data["comment"],
                acting_user=request.user,
                expected_version=data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc, fields={"on": "on", "reason": "reason"})
        else:
            messages.success(request, f"Le dossier est passé à l'étape « {lead.get_stage_display()} ».")
            return redirect(lead)
    return lead_detail(request, pk, move_form=form)


def lead_activity(request: ClefRequest, pk: int) -> HttpResponse:
    lead = get_lead_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(lead)
    form = ActivityForm(request.POST, request.FILES)
    form.instance.lead = lead
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.log_activity(
                lead=lead,
                kind=data["kind"],
                on=data["on"],
                summary=data["summary"],
                document=data["document"] or None,
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "L'échange est enregistré.")
            return redirect(lead)
    return lead_detail(request, pk, activity_form=form)


def lead_next_action(request: ClefRequest, pk: int) -> HttpResponse:
    lead = get_lead_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(lead)
    form = NextActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_next_action(
                lead=lead,
                next_action=data["next_action"],
                next_action_on=data["next_action_on"],
                acting_user=request.user,
                expected_version=data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La prochaine action est enregistrée.")
            return redirect(lead)
    return lead_detail(request, pk, next_form=form)


def lead_landlord(request: ClefRequest, pk: int) -> HttpResponse:
    """Fill in the landlord of a re-captation lead opened without one."""
    lead = get_lead_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(lead)
    form = LeadLandlordForm(request.POST, organisation_id=lead.organisation_id)
    if form.is_valid():
        try:
            services.set_lead_landlord(
                lead=lead,
                landlord=form.cleaned_data["landlord"],
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le propriétaire du dossier est renseigné.")
            return redirect(lead)
    return lead_detail(request, pk, landlord_form=form)


def lead_edit(request: ClefRequest, pk: int) -> HttpResponse:
    lead = get_lead_or_404(request, pk, edit=True)
    if lead.landlord_id:
        log_landlord_read(request, lead.landlord)
    form = LeadEditForm(request.POST or None, instance=lead)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_lead(
                lead=form.instance, acting_user=request.user, expected_version=form.cleaned_data["version"]
            )
        except StaleEditError as exc:
            attach_errors(form, exc)
            form.refresh_version(exc.current_version, 0)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le dossier est modifié.")
            return redirect(lead)
    return render(request, "captation/lead_edit.html", {"form": form, "lead": lead}, status=form_status(form))


def offered_edit(request: ClefRequest, pk: int) -> HttpResponse:
    offered = get_offered_dwelling_or_404(request, pk, edit=True)
    log_landlord_read(request, offered)
    form = OfferedDwellingEditForm(request.POST or None, instance=offered)
    require_version_when_editing(form, True)
    back = request.GET.get("dossier", "")
    if request.method == "POST" and form.is_valid():
        try:
            services.save_offered_dwelling(
                offered=form.instance, acting_user=request.user, expected_version=form.cleaned_data["version"]
            )
        except StaleEditError as exc:
            attach_errors(form, exc)
            form.refresh_version(exc.current_version, 0)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le logement proposé est modifié.")
            lead = Lead.objects.filter(pk=back, offered_dwelling=offered).first() if back.isdigit() else None
            return redirect(lead or offered.landlord)
    context = {"form": form, "offered": offered, "back": back}
    return render(request, "captation/offered_form.html", context, status=form_status(form))
