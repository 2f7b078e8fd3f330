from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.households.models import Stay
from clef.households.services import save_dwelling
from clef.journal.models import JournalEntry
from clef.www.access import get_dwelling_or_404, require_register
from clef.www.filters import DwellingFilter
from clef.www.register_forms import DwellingForm
from clef.www.views.pagination import paginate


def dwelling_list(request):
    membership = require_register(request)
    today = timezone.localdate()
    queryset = (
        Dwelling.objects.for_organisation(membership.organisation)
        .select_related("commune")
        .annotate(is_occupied=Exists(Stay.objects.filter(dwelling=OuterRef("pk")).occupying_on(today)))
    )
    filterset = DwellingFilter(request.GET or None, queryset=queryset)
    page = paginate(request, filterset.qs)
    return render(request, "dwellings/list.html", {"filter": filterset, "page": page, "today": today})


def dwelling_create(request):
    membership = require_register(request, edit="dwellings")
    form = DwellingForm(request.POST or None, instance=Dwelling(organisation=membership.organisation))
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, "Le logement a été ajouté au parc.")
        return redirect(form.instance)
    return render(request, "dwellings/form.html", {"form": form, "creating": True}, status=_status(form))


def dwelling_edit(request, pk: int):
    dwelling = get_dwelling_or_404(request, pk, edit=True)
    form = DwellingForm(request.POST or None, instance=dwelling)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, "Le logement a été modifié.")
        return redirect(form.instance)
    return render(request, "dwellings/form.html", {"form": form, "dwelling": dwelling}, status=_status(form))


def _save(request, form) -> bool:
    try:
        save_dwelling(dwelling=form.instance, acting_user=request.user)
    except ValidationError as exc:
        _attach_errors(form, exc)
        return False
    return True


def _attach_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def dwelling_detail(request, pk: int):
    dwelling = get_dwelling_or_404(request, pk)
    today = timezone.localdate()
    stays = (
        dwelling.stays.select_related("household")
        .prefetch_related(Prefetch("household__members"))
        .order_by("-entry_date")
    )
    history = JournalEntry.objects.filter(dwelling_id=dwelling.pk).select_related("actor")[:50]
    return render(
        request,
        "dwellings/detail.html",
        {
            "dwelling": dwelling,
            "stays": stays,
            "history": history,
            "today": today,
            "in_park": dwelling.is_in_park_on(today),
            "current_stay": next(
                (s for s in stays if s.entry_date <= today and (s.exit_date is None or s.exit_date >= today)),
                None,
            ),
        },
    )
