from contextlib import nullcontext

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.households.enums import PersonRole
from clef.households.models import Household
from clef.households.services import MemberData, possible_duplicates, save_household
from clef.journal.models import AccessLogEntry, JournalEntry
from clef.journal.services import log_access, log_household_access
from clef.stays.models import Stay
from clef.utils.dates import add_months, months_between
from clef.utils.writes import StaleEditError
from clef.www.access import get_household_or_404, require_register
from clef.www.filters import HouseholdFilter
from clef.www.once import AlreadySubmitted, Once
from clef.www.register_forms import HouseholdForm, PersonFormSet, _norm
from clef.www.views.dwellings import _attach_errors, changes_since, conflict_message, last_journal_id
from clef.www.views.pagination import paginate

DURATION_CHOICES = {"6": 6, "12": 12, "18": 18}


def household_list(request):
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
    # Each row names the household's reference person: the page is traced like opening those files (one
    # insert; none for an empty page), as a name search when the list was searched by name.
    searched = filterset.is_bound and filterset.form.cleaned_data.get("q")
    log_access(
        user=request.user,
        organisation_id=membership.organisation_id,
        context=AccessLogEntry.Context.RECHERCHE if searched else AccessLogEntry.Context.LISTE,
        household_ids=[h.pk for h in page.object_list],
    )
    return render(
        request,
        "households/list.html",
        {
            "filter": filterset,
            "page": page,
            "today": today,
            "duration": duration,
        },
    )


def _members_data(formset) -> list[MemberData]:
    return [
        MemberData(
            pk=f.cleaned_data.get("pk"),
            role=f.cleaned_data["role"],
            sex=f.cleaned_data["sex"],
            birth_date=f.cleaned_data["birth_date"],
            first_name=f.cleaned_data["first_name"],
            last_name=f.cleaned_data["last_name"],
            delete=bool(f.cleaned_data.get("DELETE")),
        )
        for f in formset.forms
        if f.cleaned_data and (f.cleaned_data.get("pk") or not f.cleaned_data.get("DELETE"))
    ]


def _household_form_view(request, household: Household, *, creating: bool):
    once = Once(request, "household") if creating else None
    if once and (replay := once.replay()) is not None:
        return replay  # the same form sent again: the household created the first time
    seen = 0 if creating or request.method == "POST" else last_journal_id(household_id=household.pk)
    form = HouseholdForm(request.POST or None, instance=household, seen_journal_id=seen)
    if once and once.problem:
        form.add_error(None, once.problem)
    initial = _members_initial(household) if household.pk else [{"role": PersonRole.REFERENCE}]
    if household.pk and not form.is_bound:
        form.seal_base(members=initial)
    formset = PersonFormSet(request.POST or None, initial=initial, prefix="membres")
    meanwhile: list[JournalEntry] = []
    duplicates: list[Household] = []
    if (
        creating
        and request.method == "POST"
        and form.is_valid()
        and formset.is_valid()
        and not form.cleaned_data.get("create_anyway")
    ):
        duplicates = possible_duplicates(
            organisation_id=household.organisation_id, members=_members_data(formset)
        )
        if duplicates:
            form.ask_to_confirm_creation()
            form.add_error(
                None,
                "Un ménage dont la personne de référence porte les mêmes nom, prénom et date de naissance "
                "existe déjà : ouvrez sa fiche, ou confirmez qu'il s'agit d'un autre ménage.",
            )
            log_access(
                user=request.user,
                organisation_id=household.organisation_id,
                context=AccessLogEntry.Context.RECHERCHE,
                household_ids=[d.pk for d in duplicates],
            )
    if request.method == "POST" and not duplicates and form.is_valid() and formset.is_valid():
        try:
            with once.claim() if once else nullcontext():
                save_household(
                    household=form.instance,
                    members=_members_data(formset),
                    resources=form.cleaned_data["resources"],
                    acting_user=request.user,
                    expected_version=form.cleaned_data.get("version"),
                )
                if once:
                    once.done(form.instance.get_absolute_url())
        except AlreadySubmitted as exc:
            return exc.response
        except StaleEditError as exc:
            meanwhile = changes_since(form, household_id=household.pk)
            formset = _merge_after_conflict(form, formset, household.pk, exc)
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(
                request, "Le ménage a été enregistré." if creating else "Le ménage a été modifié."
            )
            return redirect(form.instance)
    status = 400 if request.method == "POST" else 200
    if not creating:
        log_access(
            user=request.user,
            organisation_id=household.organisation_id,
            context=AccessLogEntry.Context.MODIFICATION,
            household_ids=[household.pk],
        )
    return render(
        request,
        "households/form.html",
        {
            "form": form,
            "formset": formset,
            "creating": creating,
            "household": household if household.pk else None,
            "meanwhile": meanwhile,
            "duplicates": duplicates,
            "once": once,
        },
        status=status,
    )


def _member_dict(pk, first_name, last_name, role, sex, birth_date) -> dict:
    return {
        "pk": pk,
        "first_name": first_name,
        "last_name": last_name,
        "role": role,
        "sex": sex,
        "birth_date": birth_date,
    }


def _members_initial(household: Household) -> list[dict]:
    members = sorted(household.members.all(), key=lambda p: (p.role != PersonRole.REFERENCE, p.birth_date))
    return [_member_dict(p.pk, p.first_name, p.last_name, p.role, p.sex, p.birth_date) for p in members]


def _merge_after_conflict(form, formset, household_id: int, exc: StaleEditError):
    """The save was refused (the household changed since the form was opened). Merge what changed
    meanwhile into the form where the user changed nothing, so that saving again does not undo a
    colleague's work; flag what both changed. Returns the members formset to show."""
    stored = Household.objects.prefetch_related("members", "resources").get(pk=household_id)
    current_members = _members_initial(stored)
    current_form = HouseholdForm(instance=stored)
    current_form.seal_base(members=current_members)
    base = form.base_values() or {}
    conflicts = form.merge_after_conflict(current_form)
    mine = _norm(
        [
            _member_dict(
                f.cleaned_data.get("pk"),
                f.cleaned_data["first_name"],
                f.cleaned_data["last_name"],
                f.cleaned_data["role"],
                f.cleaned_data["sex"],
                f.cleaned_data["birth_date"],
            )
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
    )
    current = _norm(current_members)
    if mine != current and "members" in base and mine == base["members"]:
        formset = PersonFormSet(initial=current_members, prefix="membres")  # untouched here: theirs
    elif mine != current and base.get("members") != current:
        form.add_error(
            None,
            "Les personnes du ménage ont aussi été modifiées entre-temps : votre saisie est gardée, "
            "vérifiez-la avant d'enregistrer.",
        )
    form.refresh_version(exc.current_version, last_journal_id(household_id=household_id))
    form.data["base"] = current_form.initial["base"]
    form.add_error(None, exc)
    for name in conflicts:
        form.add_error(name, conflict_message(current_form[name]))
    return formset


def household_create(request):
    membership = require_register(request, edit="households")
    return _household_form_view(request, Household(organisation=membership.organisation), creating=True)


def household_edit(request, pk: int):
    household = get_household_or_404(request, pk, edit=True)
    return _household_form_view(request, household, creating=False)


def available_dwellings(organisation, day):
    """Dwellings of the organisation in the park and free on `day` (choices of the entry form)."""
    return Dwelling.objects.for_organisation(organisation).vacant_on(day).select_related("commune")


def household_detail(request, pk: int):
    household = get_household_or_404(request, pk)
    log_household_access(user=request.user, household=household)
    today = timezone.localdate()
    stays = list(household.stays.select_related("dwelling", "dwelling__commune").order_by("entry_date", "pk"))
    current = next((s for s in stays if s.exit_date is None), None)
    history = JournalEntry.objects.filter(household_id=household.pk).select_related("actor")[:100]
    context = {
        "household": household,
        "members": sorted(
            household.members.all(), key=lambda p: (p.role != PersonRole.REFERENCE, p.birth_date)
        ),
        "stays": list(reversed(stays)),
        "pathways": _pathways(stays, today),
        "current_stay": current,
        "months_dispositif": months_between(current.pathway_start, today) if current else None,
        "months_dwelling": months_between(current.entry_date, today) if current else None,
        "history": history,
        "today": today,
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
