"""Occupancy pages: renew or end a term, the social-housing demand, the lease-slide reviews and the slide,
and the three lists. Each view starts with its access helper (clef.www.occupancy.access); the writes are
clef.occupancy.services (the rules are theirs)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.occupancy import perms, rules, services
from clef.occupancy.models import OccupancyTerm, SocialHousingDemand, term_name
from clef.organisations.models import Membership
from clef.organisations.practice import practice_for
from clef.www.access import ClefRequest
from clef.www.editing import attach_errors, form_status, require_version_when_editing
from clef.www.occupancy.access import (
    get_demand_household_or_404,
    get_occupancy_stay_or_404,
    get_term_or_404,
    require_occupancy_lists,
)
from clef.www.occupancy.forms import DecisionForm, DemandForm, ReviewForm, SlideForm
from clef.www.occupancy.lists import LISTS
from clef.www.pagination import paginate

Context = AccessLogEntry.Context


def _log(request: ClefRequest, household, context: str = Context.MODIFICATION) -> None:
    """These pages show the household's name: traced like its file."""
    log_access(
        user=request.user,
        organisation_id=household.organisation_id,
        context=context,
        household_ids=[household.pk],
    )


def _decide(request: ClefRequest, term: OccupancyTerm, *, renew: bool) -> HttpResponse:
    household = term.stay.household
    practice = practice_for(term.organisation_id)
    form = DecisionForm(request.POST or None, initial={"version": term.version})
    if request.method == "POST" and form.is_valid():
        action = services.renew_term if renew else services.end_term
        try:
            action(
                term=term,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            done = "Le renouvellement est enregistré." if renew else "La fin de l'occupation est enregistrée."
            messages.success(request, done)
            return redirect(household)
    _log(request, household)
    context = {
        "form": form,
        "term": term,
        "household": household,
        "renew": renew,
        "reason_required": renew and rules.renewal_number(term.number) > practice.occupancy_max_renewals,
        "next_dates": rules.next_term_dates(term.ends_on, practice.occupancy_term_months),
        "next_name": term_name(term.number + 1),
        "recommended_months": rules.recommended_months(
            practice.occupancy_term_months, practice.occupancy_max_renewals
        ),
    }
    return render(request, "occupancy/decision.html", context, status=form_status(form))


def term_renew(request: ClefRequest, pk: int) -> HttpResponse:
    term = get_term_or_404(request, pk)
    return _decide(request, term, renew=True)


def term_end(request: ClefRequest, pk: int) -> HttpResponse:
    term = get_term_or_404(request, pk)
    return _decide(request, term, renew=False)


def _demand_initial(demand: SocialHousingDemand | None) -> dict:
    if demand is None:
        return {}
    fields = ["number", "first_demand_on", "renewal_due_on", "syplo_labelled", "syplo_labelled_on"]
    return {name: getattr(demand, name) for name in [*fields, "dalo_recognised_on", "version"]}


def demand_edit(request: ClefRequest, pk: int) -> HttpResponse:
    household = get_demand_household_or_404(request, pk)
    demand = SocialHousingDemand.objects.filter(household=household).first()
    form = DemandForm(request.POST or None, initial=_demand_initial(demand))
    require_version_when_editing(form, demand is not None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.save_demand(
                household=household,
                data=services.DemandData(**data),
                acting_user=request.user,
                expected_version=version if demand is not None else None,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La demande de logement social est enregistrée.")
            return redirect(household)
    _log(request, household)
    context = {"form": form, "household": household, "demand": demand}
    return render(request, "occupancy/demand.html", context, status=form_status(form))


def first_term(request: ClefRequest, pk: int) -> HttpResponse:
    """Open the first term of a sublet stay that has none (a stay recorded before the terms, or imported)."""
    stay = get_occupancy_stay_or_404(request, pk)
    if request.method == "POST":
        if services.open_first_term(stay=stay, acting_user=request.user) is None:
            messages.info(
                request, "Ce séjour a déjà une période d'occupation, ou n'en a pas (mandat de gestion)."
            )
        else:
            messages.success(
                request, "La première période d'occupation est ouverte, à partir de la date d'entrée."
            )
    return redirect(stay.household)


def slide_review(request: ClefRequest, pk: int) -> HttpResponse:
    stay = get_occupancy_stay_or_404(request, pk)
    if stay.exit_date is not None or not rules.has_terms(stay.dwelling.management_mode):
        raise Http404
    form = ReviewForm(request.POST or None, initial={"reviewed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_slide_review(
                stay=stay, data=services.ReviewData(**form.cleaned_data), acting_user=request.user
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le point sur le glissement du bail est enregistré.")
            return redirect(stay.household)
    _log(request, stay.household)
    context = {"form": form, "stay": stay, "household": stay.household}
    return render(request, "occupancy/review.html", context, status=form_status(form))


def slide(request: ClefRequest, pk: int) -> HttpResponse:
    stay = get_occupancy_stay_or_404(request, pk, slide=True)
    if stay.exit_date is not None:
        messages.info(request, "Ce séjour est terminé.")
        return redirect(stay.household)
    last_review = services.last_review(stay)
    form = SlideForm(request.POST or None, initial={"slid_on": timezone.localdate()}, last_review=last_review)
    if request.method == "POST" and form.is_valid():
        try:
            services.slide_lease(stay=stay, on=form.cleaned_data["slid_on"], acting_user=request.user)
        except ValidationError as exc:
            attach_errors(form, exc, fields={"exit_date": "slid_on"})
        else:
            messages.success(
                request,
                "Le bail a glissé : le ménage reste dans le logement, désormais locataire en titre ; son séjour "
                "est terminé et le logement a quitté le parc IML.",
            )
            return redirect(stay.household)
    _log(request, stay.household, Context.SORTIE)
    context = {
        "form": form,
        "stay": stay,
        "household": stay.household,
        "last_review": last_review,
    }
    return render(request, "occupancy/slide.html", context, status=form_status(form))


def _list(request: ClefRequest, membership: Membership, key: str, url_name: str) -> HttpResponse:
    title, views = LISTS[key]
    view = next((v for v in views if v.slug == request.GET.get("vue")), views[0])
    today = timezone.localdate()
    page = paginate(request, view.rows(membership.organisation_id, today))
    rights = perms.occupancy_rights(membership, membership.organisation_id)
    rows = [view.build(item, rights) for item in page.object_list]
    log_access(
        user=request.user,
        organisation_id=membership.organisation_id,
        context=Context.LISTE,
        household_ids=[row.household.pk for row in rows],
    )
    context = {"title": title, "views": views, "view": view, "page": page, "rows": rows, "url_name": url_name}
    return render(request, "occupancy/list.html", context)


def terms_list(request: ClefRequest) -> HttpResponse:
    membership = require_occupancy_lists(request)
    return _list(request, membership, "terms", "www:occupancy_terms_list")


def demands_list(request: ClefRequest) -> HttpResponse:
    membership = require_occupancy_lists(request)
    return _list(request, membership, "demands", "www:occupancy_demands_list")


def slides_list(request: ClefRequest) -> HttpResponse:
    membership = require_occupancy_lists(request)
    return _list(request, membership, "slides", "www:occupancy_slides_list")
