"""Dwellings of the park: list, creation, modification, detail."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.dwellings.services import save_dwelling
from clef.journal.models import AccessLogEntry, JournalEntry
from clef.journal.services import log_access
from clef.stays.models import Stay
from clef.utils.writes import StaleEditError
from clef.www.access import ClefRequest, get_dwelling_or_404, require_register
from clef.www.contracts.panels import dwelling_panel as contracts_panel
from clef.www.dwellings.filters import DwellingFilter
from clef.www.dwellings.forms import DwellingForm
from clef.www.editing import attach_errors, changes_since, conflict_message, form_status, last_journal_id
from clef.www.once import AlreadySubmitted, Once
from clef.www.pagination import paginate


def dwelling_list(request: ClefRequest) -> HttpResponse:
    membership = require_register(request)
    today = timezone.localdate()
    queryset = (
        Dwelling.objects.for_organisation(membership.organisation)
        .select_related("commune")
        .annotate(is_occupied=Exists(Stay.objects.filter(dwelling=OuterRef("pk")).occupying_on(today)))
    )
    filterset = DwellingFilter(DwellingFilter.with_defaults(request.GET), queryset=queryset)
    page = paginate(request, filterset.qs)
    return render(request, "dwellings/list.html", {"filter": filterset, "page": page, "today": today})


def dwelling_create(request: ClefRequest) -> HttpResponse:
    membership = require_register(request, edit="dwellings")
    once = Once(request, "dwelling")
    if (replay := once.replay()) is not None:
        return replay  # the same form sent again: the dwelling created the first time
    form = DwellingForm(request.POST or None, instance=Dwelling(organisation=membership.organisation))
    if once.problem:
        form.add_error(None, once.problem)
    if request.method == "POST" and form.is_valid():
        try:
            with once.claim():
                save_dwelling(dwelling=form.instance, acting_user=request.user)
                once.done(form.instance.get_absolute_url())
        except AlreadySubmitted as exc:
            return exc.response
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le logement a été ajouté au parc.")
            return redirect(form.instance)
    context = {"form": form, "creating": True, "once": once}
    return render(request, "dwellings/form.html", context, status=form_status(form))


def dwelling_edit(request: ClefRequest, pk: int) -> HttpResponse:
    dwelling = get_dwelling_or_404(request, pk, edit=True)
    seen = 0 if request.method == "POST" else last_journal_id(dwelling_id=dwelling.pk)
    form = DwellingForm(request.POST or None, instance=dwelling, seen_journal_id=seen)
    meanwhile: list[JournalEntry] = []
    if request.method == "POST" and form.is_valid():
        try:
            save_dwelling(
                dwelling=form.instance,
                acting_user=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleEditError as exc:
            meanwhile = changes_since(form, dwelling_id=dwelling.pk)
            _merge_after_conflict(form, dwelling.pk, exc)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le logement a été modifié.")
            return redirect(form.instance)
    context = {"form": form, "dwelling": dwelling, "meanwhile": meanwhile}
    return render(request, "dwellings/form.html", context, status=form_status(form))


def _merge_after_conflict(form: DwellingForm, dwelling_id: int, exc: StaleEditError) -> None:
    """The save was refused (changed since the form was opened): three-way merge into the form."""
    current_form = DwellingForm(instance=Dwelling.objects.select_related("commune").get(pk=dwelling_id))
    conflicts = form.merge_after_conflict(current_form)
    form.refresh_version(exc.current_version, last_journal_id(dwelling_id=dwelling_id))
    form.data["base"] = current_form.initial["base"]
    form.add_error(None, exc)
    for name in conflicts:
        form.add_error(name, conflict_message(current_form[name]))


def dwelling_detail(request: ClefRequest, pk: int) -> HttpResponse:
    dwelling = get_dwelling_or_404(request, pk)
    today = timezone.localdate()
    stays = (
        dwelling.stays.select_related("household")
        .prefetch_related(Prefetch("household__members"))
        .order_by("-entry_date")
    )
    history = JournalEntry.objects.filter(dwelling_id=dwelling.pk).select_related("actor")[:50]
    # The page names its occupants, past and present: traced (one insert).
    log_access(
        user=request.user,
        organisation_id=dwelling.organisation_id,
        context=AccessLogEntry.Context.LOGEMENT,
        household_ids=[s.household_id for s in stays],
    )
    current_stay = next(
        (s for s in stays if s.entry_date <= today and (s.exit_date is None or s.exit_date >= today)), None
    )
    context = {
        "dwelling": dwelling,
        "stays": stays,
        "history": history,
        "today": today,
        "in_park": dwelling.is_in_park_on(today),
        "current_stay": current_stay,
        "contracts_panel": contracts_panel(request, dwelling),
    }
    return render(request, "dwellings/detail.html", context)
