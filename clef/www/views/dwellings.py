from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.dwellings.services import save_dwelling
from clef.journal.models import AccessLogEntry, JournalEntry
from clef.journal.services import log_access
from clef.utils.writes import StaleEditError
from clef.www.access import get_dwelling_or_404, require_register
from clef.www.filters import DwellingFilter
from clef.www.once import AlreadySubmitted, Once
from clef.www.register_forms import DwellingForm
from clef.www.views.pagination import paginate


def dwelling_list(request):
    membership = require_register(request)
    today = timezone.localdate()
    queryset = (
        Dwelling.objects.for_organisation(membership.organisation)
        .select_related("commune")
        .with_occupancy_on(today)
    )
    filterset = DwellingFilter(DwellingFilter.with_defaults(request.GET), queryset=queryset)
    page = paginate(request, filterset.qs)
    return render(request, "dwellings/list.html", {"filter": filterset, "page": page, "today": today})


def dwelling_create(request):
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
            _attach_errors(form, exc)
        else:
            messages.success(request, "Le logement a été ajouté au parc.")
            return redirect(form.instance)
    context = {"form": form, "creating": True, "once": once}
    return render(request, "dwellings/form.html", context, status=_status(form))


def dwelling_edit(request, pk: int):
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
            current_form = DwellingForm(
                instance=Dwelling.objects.select_related("commune").get(pk=dwelling.pk)
            )
            conflicts = form.merge_after_conflict(current_form)
            form.refresh_version(exc.current_version, last_journal_id(dwelling_id=dwelling.pk))
            form.data["base"] = current_form.initial["base"]
            form.add_error(None, exc)
            for name in conflicts:
                form.add_error(name, conflict_message(current_form[name]))
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, "Le logement a été modifié.")
            return redirect(form.instance)
    context = {"form": form, "dwelling": dwelling, "meanwhile": meanwhile}
    return render(request, "dwellings/form.html", context, status=_status(form))


def last_journal_id(**scope) -> int:
    """The newest journal entry of a household or dwelling (the edit form remembers it, so that a
    refused stale save can list what changed since)."""
    return JournalEntry.objects.filter(**scope).order_by("-pk").values_list("pk", flat=True).first() or 0


def changes_since(form, **scope) -> list[JournalEntry]:
    """Journal entries of the record written after the edit form was built (its hidden `seen` id)."""
    seen = form.cleaned_data.get("seen") or 0
    entries = JournalEntry.objects.filter(pk__gt=seen, **scope).select_related("actor")
    return list(entries.order_by("-pk")[:20])


def conflict_message(bound_field) -> str:
    """The error shown on a field that the user and a colleague both changed."""
    value, field = bound_field.value(), bound_field.field
    if isinstance(field, forms.BooleanField):
        shown = "oui" if value else "non"
    elif isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)
        shown = ", ".join(str(labels.get(v, v)) for v in value or []) or "aucune"
    elif isinstance(field, forms.ChoiceField):
        shown = str(dict(field.choices).get(value, value or "—"))
    else:
        shown = field.widget.format_value(field.prepare_value(value)) or "—"
    return f"Modifié aussi entre-temps : la valeur enregistrée est « {shown} ». Votre saisie est gardée ; vérifiez-la."


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
    # The page names its occupants, past and present: traced (one insert).
    log_access(
        user=request.user,
        organisation_id=dwelling.organisation_id,
        context=AccessLogEntry.Context.LOGEMENT,
        household_ids=[s.household_id for s in stays],
    )
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
