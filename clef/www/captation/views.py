"""« Captation »: the board of leads, the landlords, the communication actions and the indicators. No rule
here: `clef.captation` decides (rules, services, queries); these pages carry input and show French errors.
The lead pages are in `lead_views`."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.bilan.charts import BARS, Chart
from clef.captation import queries, services
from clef.captation.enums import OPEN_STAGES, Stage
from clef.captation.models import Campaign, Landlord, Lead
from clef.dwellings.models import Dwelling
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.organisations import perms
from clef.utils.writes import StaleEditError
from clef.www.access import ClefRequest
from clef.www.captation.access import (
    get_activity_or_404,
    get_captation_campaign_or_404,
    get_landlord_or_404,
    log_landlord_list,
    log_landlord_read,
    require_captation,
)
from clef.www.captation.forms import (
    BoardFilterForm,
    CampaignEditForm,
    CampaignForm,
    ContactForm,
    DoNotContactForm,
    LandlordFilterForm,
    LandlordForm,
    YearForm,
)
from clef.www.editing import attach_errors, form_status, require_version_when_editing
from clef.www.once import AlreadySubmitted, Once
from clef.www.pagination import paginate

SIGNED_SHOWN_DAYS = 365


def _filtered_leads(form: BoardFilterForm, leads, today):
    if not form.is_valid():
        return leads
    data = form.cleaned_data
    for word in data["q"].split()[:5]:
        leads = leads.filter(Q(landlord__name__icontains=word) | Q(landlord__first_name__icontains=word))
    if data["origin"]:
        leads = leads.filter(origin=data["origin"])
    if data["typology"]:
        leads = leads.filter(
            Q(offered_dwelling__typology=data["typology"])
            | Q(offered_dwelling__isnull=True, source_dwelling__typology=data["typology"])
        )
    if data["overdue"]:
        leads = leads.filter(next_action_on__lt=today)
    return leads


def board(request: ClefRequest) -> HttpResponse:
    """Open leads by stage (and those signed in the last twelve months): cards or a list."""
    membership = require_captation(request)
    today = timezone.localdate()
    form = BoardFilterForm(request.GET or None)
    leads = _filtered_leads(form, queries.board_leads(membership.organisation_id), today)
    columns = queries.board(
        membership.organisation_id, leads, signed_since=today - timedelta(days=SIGNED_SHOWN_DAYS)
    )
    labels = dict(Stage.choices)
    log_landlord_list(request, any(found for found in columns.values()))
    context = {
        "form": form,
        "columns": [(stage, labels[stage], found) for stage, found in columns.items()],
        "today": today,
        "as_list": request.GET.get("vue") == "liste",
        "can_edit": perms.can_edit_captation(membership),
    }
    return render(request, "captation/board.html", context)


# --- Landlords ---------------------------------------------------------------------------------------------


def landlord_list(request: ClefRequest) -> HttpResponse:
    membership = require_captation(request)
    form = LandlordFilterForm(request.GET or None)
    landlords = (
        Landlord.objects.for_organisation(membership.organisation_id)
        .select_related("commune")
        .annotate(open_leads=Count("leads", filter=Q(leads__stage__in=OPEN_STAGES)))
        .order_by("name", "first_name", "pk")
    )
    if form.is_valid():
        data = form.cleaned_data
        for word in data["q"].split()[:5]:
            landlords = landlords.filter(
                Q(name__icontains=word) | Q(first_name__icontains=word) | Q(email__icontains=word)
            )
        if data["kind"]:
            landlords = landlords.filter(kind=data["kind"])
        if data["do_not_contact"]:
            landlords = landlords.filter(do_not_contact=True)
    page = paginate(request, landlords)
    log_landlord_list(request, bool(page.object_list))
    context = {"form": form, "page": page, "can_edit": perms.can_edit_captation(membership)}
    return render(request, "captation/landlord_list.html", context)


def landlord_create(request: ClefRequest) -> HttpResponse:
    membership = require_captation(request, edit=True)
    once = Once(request, "landlord")
    if (replay := once.replay()) is not None:
        return replay
    form = LandlordForm(request.POST or None, instance=Landlord(organisation=membership.organisation))
    if once.problem:
        form.add_error(None, once.problem)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim():
                services.save_landlord(landlord=form.instance, acting_user=request.user)
                once.done(form.instance.get_absolute_url())
        except AlreadySubmitted as exc:
            return exc.response
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le propriétaire est enregistré.")
            return redirect(form.instance)
    context = {"form": form, "creating": True, "once": once}
    return render(request, "captation/landlord_form.html", context, status=form_status(form))


def landlord_edit(request: ClefRequest, pk: int) -> HttpResponse:
    landlord = get_landlord_or_404(request, pk, edit=True)
    log_landlord_read(request, landlord)
    form = LandlordForm(request.POST or None, instance=landlord)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_landlord(
                landlord=form.instance,
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except StaleEditError as exc:
            attach_errors(form, exc)
            form.refresh_version(exc.current_version, 0)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le propriétaire est modifié.")
            return redirect(landlord)
    context = {"form": form, "landlord": landlord}
    return render(request, "captation/landlord_form.html", context, status=form_status(form))


def landlord_detail(request: ClefRequest, pk: int, **bound) -> HttpResponse:
    landlord = get_landlord_or_404(request, pk)
    membership = request.membership
    leads = Lead.objects.for_organisation(membership.organisation_id).filter(landlord=landlord)
    offered = landlord.offered_dwellings.select_related("commune", "dwelling")
    in_park = Dwelling.objects.filter(offers__landlord=landlord).select_related("commune").distinct()
    log_landlord_read(request, landlord)
    context = {
        "landlord": landlord,
        "contacts": list(landlord.contacts.all()),
        "offered": list(offered),
        "leads": list(leads.select_related("offered_dwelling__commune").order_by("-stage_since", "-pk")),
        "in_park": list(in_park),
        "can_edit": perms.can_edit_captation(membership),
        "contact_form": bound.get("contact_form") or ContactForm(),
        "dnc_form": bound.get("dnc_form")
        or DoNotContactForm(
            initial={
                "do_not_contact": landlord.do_not_contact,
                "on": landlord.do_not_contact_since or timezone.localdate(),
                "version": landlord.version,
            }
        ),
    }
    status = 400 if any(f.errors for f in bound.values()) else 200
    return render(request, "captation/landlord_detail.html", context, status=status)


def landlord_do_not_contact(request: ClefRequest, pk: int) -> HttpResponse:
    landlord = get_landlord_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(landlord)
    form = DoNotContactForm(request.POST)
    if form.is_valid():
        try:
            services.set_do_not_contact(
                landlord=landlord,
                do_not_contact=form.cleaned_data["do_not_contact"],
                on=form.cleaned_data["on"],
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            done = (
                "ne sera plus contacté"
                if form.cleaned_data["do_not_contact"]
                else "peut de nouveau être contacté"
            )
            messages.success(request, f"C'est noté : ce propriétaire {done}.")
            return redirect(landlord)
    return landlord_detail(request, pk, dnc_form=form)


def landlord_contact(request: ClefRequest, pk: int) -> HttpResponse:
    landlord = get_landlord_or_404(request, pk, edit=True)
    if request.method != "POST":
        return redirect(landlord)
    form = ContactForm(request.POST)
    form.instance.landlord = landlord
    if form.is_valid():
        try:
            services.save_contact(contact=form.instance, acting_user=request.user)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le contact est ajouté.")
            return redirect(landlord)
    return landlord_detail(request, pk, contact_form=form)


# --- Communication actions -------------------------------------------------------------------------------


def campaign_list(request: ClefRequest) -> HttpResponse:
    """The communication actions running in a year, with what each brought; a form to add one."""
    membership = require_captation(request, edit=request.method == "POST")
    year_form = YearForm(request.GET or None, initial={"year": timezone.localdate().year})
    year = year_form.cleaned_data["year"] if year_form.is_valid() else timezone.localdate().year
    form = CampaignForm(request.POST or None, instance=Campaign(organisation=membership.organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_campaign(campaign=form.instance, acting_user=request.user)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "L'action de communication est enregistrée.")
            return redirect("www:captation_campaigns")
    context = {
        "form": form,
        "year_form": year_form,
        "year": year,
        "campaigns": queries.campaign_yield(membership.organisation_id, year),
        "origins": queries.origin_yield(membership.organisation_id, year),
        "audience": queries.campaign_audience(membership.organisation_id).count(),
        "can_edit": perms.can_edit_captation(membership),
    }
    return render(request, "captation/campaigns.html", context, status=form_status(form))


def campaign_edit(request: ClefRequest, pk: int) -> HttpResponse:
    campaign = get_captation_campaign_or_404(request, pk, edit=True)
    form = CampaignEditForm(request.POST or None, instance=campaign)
    require_version_when_editing(form, True)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_campaign(
                campaign=form.instance,
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except StaleEditError as exc:
            attach_errors(form, exc)
            form.refresh_version(exc.current_version, 0)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "L'action de communication est modifiée.")
            return redirect("www:captation_campaigns")
    return render(
        request,
        "captation/campaign_form.html",
        {"form": form, "campaign": campaign},
        status=form_status(form),
    )


# --- Indicators, documents ------------------------------------------------------------------------------------


def _conversion_chart(figures) -> Chart:
    return Chart(
        "conversion",
        "Part des dossiers passés à l'étape suivante",
        BARS,
        [row.label for row in figures[:-1]],
        [
            (
                "Taux de passage (%)",
                [float(row.rate) if row.rate is not None else None for row in figures[:-1]],
            )
        ],
        "%",
        category_title="Étape",
    )


def indicators(request: ClefRequest) -> HttpResponse:
    membership = require_captation(request)
    form = YearForm(request.GET or None, initial={"year": timezone.localdate().year})
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    figures = queries.conversion(membership.organisation_id, year)
    chart = _conversion_chart(figures)
    context = {"form": form, "year": year, "figures": figures, "chart": chart, "drawn": chart.drawn}
    return render(request, "captation/indicators.html", context, status=form_status(form))


def activity_document(request: ClefRequest, pk: int) -> FileResponse:
    """The document of an exchange, for whoever sees its lead (the read is logged)."""
    activity = get_activity_or_404(request, pk)
    if not activity.document:
        raise Http404
    log_access(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        context=AccessLogEntry.Context.PROPRIETAIRE,
        household_ids=[],
        subject=activity,
    )
    extension = activity.document.name.rsplit(".", 1)[-1]
    name = f"echange-{activity.pk}-{activity.on:%Y%m%d}.{extension}"
    return FileResponse(activity.document.open("rb"), as_attachment=True, filename=name)
