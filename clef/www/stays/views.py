"""Stays: entry into a dwelling, exit, internal move (« changement de logement »)."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.orientation.services import enter_with_choice
from clef.stays.services import end_stay, entry_warnings, move_internally
from clef.www.access import ClefRequest, get_household_or_404, get_stay_or_404
from clef.www.editing import attach_errors, form_status
from clef.www.exits.losses import exit_losses
from clef.www.stays.forms import EndStayForm, EnterDwellingForm, MoveForm

# A move ends the stay (exit date) and opens the next one (entry date) on the form's one date.
MOVE_FIELDS = {"exit_date": "move_date", "entry_date": "move_date"}


def _log(request: ClefRequest, household, context: str) -> None:
    """These pages show the household's name: traced like its file (one insert per request)."""
    log_access(
        user=request.user,
        organisation_id=household.organisation_id,
        context=context,
        household_ids=[household.pk],
    )


def available_dwellings(organisation_id: int, day: date):
    """Dwellings of the organisation in the park and free on `day` (the choices offered)."""
    return Dwelling.objects.for_organisation(organisation_id).vacant_on(day).select_related("commune")


def _accepted_dwellings(request: ClefRequest, organisation_id: int):
    """What a sent form may name: any dwelling of the organisation (the service then says, in French and
    on the field, why one is not in the park or not free on the chosen date). Shown: the free ones."""
    if request.method == "POST":
        return Dwelling.objects.for_organisation(organisation_id).select_related("commune")
    return available_dwellings(organisation_id, timezone.localdate())


def _offer_free_dwellings(form: forms.Form, date_field: str, organisation_id: int, *, exclude=None) -> None:
    """After a refused form: the choice lists the dwellings in the park and free on the date typed (today
    when the date itself is wrong), never the whole park."""
    if not form.is_bound:
        return
    day = form.cleaned_data.get(date_field) if hasattr(form, "cleaned_data") else None
    choices = available_dwellings(organisation_id, day or timezone.localdate())
    if exclude is not None:
        choices = choices.exclude(pk=exclude)
    form.fields["dwelling"].queryset = choices


def stay_enter(request: ClefRequest, pk: int) -> HttpResponse:
    household = get_household_or_404(request, pk, need="stays")
    form = EnterDwellingForm(
        request.POST or None,
        dwellings=_accepted_dwellings(request, household.organisation_id),
        initial={"entry_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            stay = enter_with_choice(
                household=household,
                dwelling=form.cleaned_data["dwelling"],
                on=form.cleaned_data["entry_date"],
                acting_user=request.user,
                **form.choice(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "L'entrée dans le logement est enregistrée.")
            for warning in entry_warnings(stay):
                messages.warning(request, warning)
            return redirect(household)
    _offer_free_dwellings(form, "entry_date", household.organisation_id)
    _log(request, household, AccessLogEntry.Context.ENTREE)
    context = {"form": form, "household": household}
    return render(request, "stays/enter.html", context, status=form_status(form))


def stay_end(request: ClefRequest, pk: int) -> HttpResponse:
    stay = get_stay_or_404(request, pk, edit=True)
    if stay.exit_date:
        messages.info(request, "Ce séjour est déjà terminé.")
        return redirect(stay.household)
    losses = exit_losses(request, stay)
    form = EndStayForm(
        request.POST or None, initial={"exit_date": timezone.localdate()}, losses=losses["losses"]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            end_stay(
                stay=stay,
                on=data["exit_date"],
                destination=data["destination"],
                loss_unpaid_rent=data["loss_unpaid_rent"] == "oui",
                loss_damage=data["loss_damage"] == "oui",
                exit_debt=data.get("exit_debt"),
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La sortie du ménage est enregistrée.")
            return redirect(stay.household)
    _log(request, stay.household, AccessLogEntry.Context.SORTIE)
    context = {"form": form, "stay": stay, "household": stay.household, **losses}
    return render(request, "stays/end.html", context, status=form_status(form))


def stay_move(request: ClefRequest, pk: int) -> HttpResponse:
    stay = get_stay_or_404(request, pk, edit=True)
    if stay.exit_date:
        messages.info(request, "Ce séjour est déjà terminé.")
        return redirect(stay.household)
    form = MoveForm(
        request.POST or None,
        dwellings=_accepted_dwellings(request, stay.organisation_id).exclude(pk=stay.dwelling_id),
        initial={"move_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            moved = move_internally(
                stay=stay,
                to_dwelling=form.cleaned_data["dwelling"],
                on=form.cleaned_data["move_date"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc, fields=MOVE_FIELDS)
        else:
            messages.success(request, "Le changement de logement est enregistré.")
            for warning in entry_warnings(moved):
                messages.warning(request, warning)
            return redirect(stay.household)
    _offer_free_dwellings(form, "move_date", stay.organisation_id, exclude=stay.dwelling_id)
    _log(request, stay.household, AccessLogEntry.Context.CHANGEMENT)
    context = {"form": form, "stay": stay, "household": stay.household}
    return render(request, "stays/move.html", context, status=form_status(form))
