from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.stays.services import end_stay, enter_dwelling, move_internally
from clef.www.access import get_household_or_404, get_stay_or_404
from clef.www.register_forms import EndStayForm, EnterDwellingForm, MoveForm
from clef.www.views.dwellings import _attach_errors
from clef.www.views.households import available_dwellings


def _log(request, household, context: str) -> None:
    """These pages show the household's name: traced like its file (one insert per request)."""
    log_access(
        user=request.user,
        organisation_id=household.organisation_id,
        context=context,
        household_ids=[household.pk],
    )


def _dwelling_choices(request, organisation_id):
    """On display: the dwellings free today. On submit: any dwelling of the organisation (the service
    then checks that it is in the park and free on the chosen date, with a French message if not)."""
    if request.method == "POST":
        return Dwelling.objects.for_organisation(organisation_id).select_related("commune")
    return available_dwellings(organisation_id, timezone.localdate())


def stay_enter(request, pk: int):
    household = get_household_or_404(request, pk, for_stays=True)
    form = EnterDwellingForm(
        request.POST or None,
        dwellings=_dwelling_choices(request, household.organisation_id),
        initial={"entry_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            enter_dwelling(
                household=household,
                dwelling=form.cleaned_data["dwelling"],
                on=form.cleaned_data["entry_date"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, "L'entrée dans le logement est enregistrée.")
            return redirect(household)
    _log(request, household, AccessLogEntry.Context.ENTREE)
    return render(
        request,
        "stays/enter.html",
        {"form": form, "household": household},
        status=400 if form.is_bound and form.errors else 200,
    )


def stay_end(request, pk: int):
    stay = get_stay_or_404(request, pk, edit=True)
    if stay.exit_date:
        messages.info(request, "Ce séjour est déjà terminé.")
        return redirect(stay.household)
    form = EndStayForm(request.POST or None, initial={"exit_date": timezone.localdate()})
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
            _attach_errors(form, exc)
        else:
            messages.success(request, "La sortie du ménage est enregistrée.")
            return redirect(stay.household)
    _log(request, stay.household, AccessLogEntry.Context.SORTIE)
    return render(
        request,
        "stays/end.html",
        {"form": form, "stay": stay, "household": stay.household},
        status=400 if form.is_bound and form.errors else 200,
    )


def stay_move(request, pk: int):
    stay = get_stay_or_404(request, pk, edit=True)
    if stay.exit_date:
        messages.info(request, "Ce séjour est déjà terminé.")
        return redirect(stay.household)
    form = MoveForm(
        request.POST or None,
        dwellings=_dwelling_choices(request, stay.organisation_id).exclude(pk=stay.dwelling_id),
        initial={"move_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            move_internally(
                stay=stay,
                to_dwelling=form.cleaned_data["dwelling"],
                on=form.cleaned_data["move_date"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, "Le changement de logement est enregistré.")
            return redirect(stay.household)
    _log(request, stay.household, AccessLogEntry.Context.CHANGEMENT)
    return render(
        request,
        "stays/move.html",
        {"form": form, "stay": stay, "household": stay.household},
        status=400 if form.is_bound and form.errors else 200,
    )
