"""Pages of Loc'Avantages: the owner's simulation (page and PDF), the ceilings upload, the local bonuses.
No computation here: `clef.locavantages.simulation` is the one."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from clef.locavantages import perms
from clef.locavantages.ceilings import CeilingFileError, load_ceilings
from clef.locavantages.models import CeilingFile, LocalBonusScheme
from clef.locavantages.pdf import render_simulation
from clef.locavantages.services import save_scheme
from clef.locavantages.simulation import simulate
from clef.organisations.practice import practice_for
from clef.utils.writes import StaleEditError
from clef.www.access import ClefRequest
from clef.www.editing import attach_errors, conflict_message, form_status
from clef.www.locavantages.access import (
    get_lead_for_simulation_or_404,
    get_scheme_for_edit_or_404,
    require_bonus_creator,
    require_bonus_reader,
    require_ceiling_loader,
    require_simulation,
)
from clef.www.locavantages.forms import CeilingUploadForm, SchemeForm, SimulationForm


def _lead_initial(request: ClefRequest) -> tuple[object, dict]:
    """`?dossier=<lead>`: the lead and the simulation's fields from its offered dwelling."""
    if "dossier" not in request.GET:
        return None, {}
    lead = get_lead_for_simulation_or_404(request, request.GET["dossier"])
    offered = lead.offered_dwelling
    initial = {"mode": lead.preferred_mode} if lead.preferred_mode else {}
    if offered is not None:
        initial |= {
            "commune": offered.commune,
            "habitable_m2": offered.surface_m2,
            "annexes_m2": offered.annexes_m2 or 0,
            "market_rent": offered.rent_asked,
        }
        if offered.available_from:
            initial["year"] = max(offered.available_from.year, timezone.localdate().year)
    return lead, initial


def _simulation_form(request: ClefRequest, membership, today):
    initial = {
        "year": today.year,
        "mode": "mandat_gestion",
        "annexes_m2": 0,
        "fee_percent": practice_for(membership.organisation_id).management_fee_percent,
    }
    lead, from_lead = _lead_initial(request)
    bound = "commune" in request.GET
    return lead, SimulationForm(request.GET if bound else None, initial=initial | from_lead)


def _run(form: SimulationForm, today):
    data = form.cleaned_data
    return simulate(
        data["commune"],
        data["year"],
        data["habitable_m2"],
        data["annexes_m2"],
        data["market_rent"],
        data["mode"],
        data["fee_percent"],
        today,
    )


def _chart(result) -> dict:
    """The bar chart (@gouvfr/dsfr-chart) of the first year's net per option, with its data table."""
    rows = [row for row in result.rows if row.available]
    return {
        "x": json.dumps([[row.label for row in rows]], ensure_ascii=False),
        "y": json.dumps([[float(row.net_first_year) for row in rows]]),
        "name": json.dumps(["Revenu net de la première année"], ensure_ascii=False),
        "rows": rows,
    }


def simulation(request: ClefRequest) -> HttpResponse:
    membership = require_simulation(request)
    today = timezone.localdate()
    lead, form = _simulation_form(request, membership, today)
    result = _run(form, today) if form.is_bound and form.is_valid() else None
    context = {
        "form": form,
        "lead": lead,
        "result": result,
        "chart": _chart(result) if result else None,
        "query": request.GET.urlencode(),
    }
    return render(request, "locavantages/simulation.html", context, status=form_status(form))


def simulation_pdf(request: ClefRequest) -> HttpResponse:
    membership = require_simulation(request)
    today = timezone.localdate()
    _lead, form = _simulation_form(request, membership, today)
    if not (form.is_bound and form.is_valid()):
        messages.error(request, "Complétez la simulation avant de télécharger le PDF.")
        return redirect(f"{reverse('www:simulation')}?{request.GET.urlencode()}")
    result = _run(form, today)
    user = request.user
    content = render_simulation(
        result, organisation=membership.organisation, prepared_by=user.get_full_name() or user.email
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"simulation-loc-avantages-{result.commune.pk}-{result.year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def ceilings_upload(request: ClefRequest) -> HttpResponse:
    membership = require_ceiling_loader(request)
    form = CeilingUploadForm(request.POST, request.FILES) if request.method == "POST" else CeilingUploadForm()
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = load_ceilings(
                name=upload.name,
                data=upload.read(),
                sample=form.cleaned_data["sample"],
                acting_user=request.user,
                organisation=membership.organisation,
            )
        except CeilingFileError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                f"{upload.name} chargé ({', '.join(map(str, result.years))}) : {result.created} plafonds ajoutés, "
                f"{result.updated} modifiés, {result.unchanged} inchangés.",
            )
            return redirect("www:ceilings_upload")
    files = CeilingFile.objects.select_related("loaded_by")[:10]
    context = {"form": form, "errors": errors, "files": files}
    status = 400 if errors else form_status(form)
    return render(request, "locavantages/ceilings_upload.html", context, status=status)


def bonus_schemes(request: ClefRequest) -> HttpResponse:
    membership = require_bonus_reader(request)
    today = timezone.localdate()
    schemes = list(
        LocalBonusScheme.objects.in_force_on(today)
        .select_related("authority", "commune", "epci")
        .order_by("name", "pk")
    )
    for scheme in schemes:
        scheme.editable = perms.can_edit_bonus_scheme(membership, scheme)
    context = {"schemes": schemes, "today": today, "can_add": perms.can_add_bonus_schemes(membership)}
    return render(request, "locavantages/bonus_schemes.html", context)


def bonus_scheme_create(request: ClefRequest) -> HttpResponse:
    membership = require_bonus_creator(request)
    return _scheme_form(request, membership, LocalBonusScheme(valid_from=timezone.localdate()))


def bonus_scheme_edit(request: ClefRequest, pk: int) -> HttpResponse:
    scheme = get_scheme_for_edit_or_404(request, pk)
    return _scheme_form(request, request.membership, scheme)


def _scheme_form(request: ClefRequest, membership, scheme: LocalBonusScheme) -> HttpResponse:
    authority = None if perms.is_platform_admin(membership) else membership.organisation
    form = SchemeForm(
        request.POST if request.method == "POST" else None, instance=scheme, authority=authority
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_scheme(
                scheme=form.instance,
                acting_user=request.user,
                organisation_id=membership.organisation_id,
                expected_version=form.cleaned_data.get("version") if scheme.pk else None,
            )
        except StaleEditError as exc:
            _merge_after_conflict(form, scheme.pk, exc, authority)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Prime locale « {form.instance.name} » enregistrée.")
            return redirect("www:bonus_schemes")
    context = {"form": form, "scheme": scheme}
    return render(request, "locavantages/bonus_scheme_form.html", context, status=form_status(form))


def _merge_after_conflict(form: SchemeForm, pk: int, exc: StaleEditError, authority) -> None:
    """The save was refused (changed since the form was opened): three-way merge into the form, which
    now carries the current version; nothing was written."""
    stored = LocalBonusScheme.objects.select_related("commune", "epci", "authority").get(pk=pk)
    current_form = SchemeForm(instance=stored, authority=authority)
    conflicts = form.merge_after_conflict(current_form)
    form.refresh_version(exc.current_version, 0)
    form.data["base"] = current_form.initial["base"]
    form.add_error(None, exc)
    for name in conflicts:
        form.add_error(name, conflict_message(current_form[name]))


def simulation_query(**params) -> str:
    """The simulation page's address for these parameters (links from other pages)."""
    return f"{reverse('www:simulation')}?{urlencode(params)}"
