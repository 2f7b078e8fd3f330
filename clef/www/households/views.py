"""Households: list, creation, modification, detail (« fiche »)."""

from contextlib import nullcontext

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.households.enums import PersonRole
from clef.households.models import Household
from clef.households.services import possible_duplicates, save_household
from clef.journal.models import AccessLogEntry, JournalEntry
from clef.journal.services import log_access, log_household_access
from clef.occupancy.rules import has_active_demand
from clef.stays.models import Stay
from clef.utils.dates import add_months, months_between
from clef.utils.writes import StaleEditError
from clef.www.access import ClefRequest, get_household_or_404, require_register, shared_households
from clef.www.editing import attach_errors, changes_since, last_journal_id
from clef.www.households.filters import HouseholdFilter
from clef.www.households.forms import HouseholdForm, PersonFormSet
from clef.www.households.members import members_data, members_initial, merge_after_conflict, sorted_members
from clef.www.households.panels import household_panels
from clef.www.once import AlreadySubmitted, Once
from clef.www.pagination import paginate

DURATION_CHOICES = {"6": 6, "12": 12, "18": 18}
DUPLICATE_MESSAGE = (
    "Un ménage dont la personne de référence porte les mêmes nom, prénom et date de naissance "
    "existe déjà : ouvrez sa fiche, ou confirmez qu'il s'agit d'un autre ménage."
)


def household_list(request: ClefRequest) -> HttpResponse:
    membership = require_register(request)
    today = timezone.localdate()
    current_stays = Stay.objects.occupying_on(today).select_related("dwelling", "dwelling__commune")
    queryset = (
        Household.objects.for_organisation(membership.organisation)
        .prefetch_related("members", Prefetch("stays", queryset=current_stays, to_attr="current_stays"))
        .order_by("-pk")
    )
    duration = DURATION_CHOICES.get(request.GET.get("duree", ""))
    if duration:
        long_stays = Stay.objects.filter(
            household=OuterRef("pk"), pathway_start__lte=add_months(today, -duration)
        )
        queryset = queryset.filter(Exists(long_stays.occupying_on(today)))
    filterset = HouseholdFilter(request.GET or None, queryset=queryset)
    page = paginate(request, filterset.qs)
    shared = list(
        shared_households(request).select_related("organisation").prefetch_related("members").order_by("-pk")
    )
    # Each row names the household's reference person: the page is traced like opening those files (one
    # insert; none for an empty page), as a name search when the list was searched by name.
    searched = filterset.is_bound and filterset.form.cleaned_data.get("q")
    log_access(
        user=request.user,
        organisation_id=membership.organisation_id,
        context=AccessLogEntry.Context.RECHERCHE if searched else AccessLogEntry.Context.LISTE,
        household_ids=[h.pk for h in page.object_list] + [h.pk for h in shared],
    )
    context = {"filter": filterset, "page": page, "today": today, "duration": duration, "shared": shared}
    return render(request, "households/list.html", context)


def household_create(request: ClefRequest) -> HttpResponse:
    membership = require_register(request, edit="households")
    return _household_form_view(request, Household(organisation=membership.organisation), creating=True)


def household_edit(request: ClefRequest, pk: int) -> HttpResponse:
    household = get_household_or_404(request, pk, need="edit")
    return _household_form_view(request, household, creating=False)


def _household_form_view(request: ClefRequest, household: Household, *, creating: bool) -> HttpResponse:
    once = Once(request, "household") if creating else None
    if once and (replay := once.replay()) is not None:
        return replay  # the same form sent again: the household created the first time
    seen = 0 if creating or request.method == "POST" else last_journal_id(household_id=household.pk)
    form = HouseholdForm(request.POST or None, instance=household, seen_journal_id=seen)
    if once and once.problem:
        form.add_error(None, once.problem)
    initial = members_initial(household) if household.pk else [{"role": PersonRole.REFERENCE}]
    if household.pk and not form.is_bound:
        form.seal_base(members=initial)
    formset = PersonFormSet(request.POST or None, initial=initial, prefix="membres")
    meanwhile: list[JournalEntry] = []
    valid = request.method == "POST" and form.is_valid() and formset.is_valid()
    duplicates = _duplicates(request, form, formset, household) if valid and creating else []
    if valid and not duplicates:
        try:
            with once.claim() if once else nullcontext():
                _save(request, form, formset)
                if once:
                    once.done(form.instance.get_absolute_url())
        except AlreadySubmitted as exc:
            return exc.response
        except StaleEditError as exc:
            meanwhile = changes_since(form, household_id=household.pk)
            formset = merge_after_conflict(form, formset, household.pk, exc)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request, "Le ménage a été enregistré." if creating else "Le ménage a été modifié."
            )
            return redirect(form.instance)
    if not creating:
        _log(request, household, AccessLogEntry.Context.MODIFICATION)
    context = {
        "form": form,
        "formset": formset,
        "creating": creating,
        "household": household if household.pk else None,
        "meanwhile": meanwhile,
        "duplicates": duplicates,
        "once": once,
    }
    return render(request, "households/form.html", context, status=400 if request.method == "POST" else 200)


def _duplicates(request: ClefRequest, form: HouseholdForm, formset, household: Household) -> list[Household]:
    """Households whose reference person is the one typed: the creation then waits for a confirmation
    (the households shown are traced as a search)."""
    if form.cleaned_data.get("create_anyway"):
        return []
    duplicates = possible_duplicates(organisation_id=household.organisation_id, members=members_data(formset))
    if duplicates:
        form.ask_to_confirm_creation()
        form.add_error(None, DUPLICATE_MESSAGE)
        log_access(
            user=request.user,
            organisation_id=household.organisation_id,
            context=AccessLogEntry.Context.RECHERCHE,
            household_ids=[d.pk for d in duplicates],
        )
    return duplicates


def _save(request: ClefRequest, form: HouseholdForm, formset) -> None:
    save_household(
        household=form.instance,
        members=members_data(formset),
        resources=form.cleaned_data["resources"],
        acting_user=request.user,
        expected_version=form.cleaned_data.get("version"),
    )


def _log(request: ClefRequest, household: Household, context: str) -> None:
    """A page showing the household's name: traced like its file (one insert)."""
    log_access(
        user=request.user,
        organisation_id=household.organisation_id,
        context=context,
        household_ids=[household.pk],
    )


def household_detail(request: ClefRequest, pk: int) -> HttpResponse:
    household = get_household_or_404(request, pk)
    log_household_access(user=request.user, household=household)
    today = timezone.localdate()
    stays = list(household.stays.select_related("dwelling", "dwelling__commune").order_by("entry_date", "pk"))
    current = next((s for s in stays if s.exit_date is None), None)
    # The journal is the owner's: a partner seeing the file through a share is told who keeps it.
    history = (
        JournalEntry.objects.filter(household_id=household.pk).select_related("actor")[:100]
        if household.rights.is_owner
        else None
    )
    context = {
        "household": household,
        "rights": household.rights,
        "members": sorted_members(household),
        "stays": list(reversed(stays)),
        "pathways": _pathways(stays, today),
        "current_stay": current,
        "months_dispositif": months_between(current.pathway_start, today) if current else None,
        "months_dwelling": months_between(current.entry_date, today) if current else None,
        "history": history,
        "today": today,
        "panels": household_panels(request, household, today),
        # the one rule of an active demand: its record when there is one, else the file's own declaration
        "demand_active": has_active_demand(household, today),
    }
    return render(request, "households/detail.html", context)


def _pathways(stays: list[Stay], today) -> list[dict]:
    """Group stays (in date order) into parcours: chains joined by internal moves."""
    pathways: list[dict] = []
    for stay in stays:
        if not pathways or pathways[-1]["start"] != stay.pathway_start:
            pathways.append({"start": stay.pathway_start, "stays": [], "end": None, "destination": None})
        pathway = pathways[-1]
        pathway["stays"].append(stay)
        if stay.exit_date and not stay.is_internal_move:
            pathway["end"], pathway["destination"] = stay.exit_date, stay.get_destination_display()
    for pathway in pathways:
        pathway["months"] = months_between(pathway["start"], pathway["end"] or today)
    return list(reversed(pathways))
