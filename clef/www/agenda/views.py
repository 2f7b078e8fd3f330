"""« Réunion IML » (prepare the monthly meeting, record its decisions, print its agenda), « À faire » and
« Pratiques de la structure ». No rule here: clef.agenda decides, these pages carry input."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from clef.agenda import perms
from clef.agenda.models import Meeting
from clef.agenda.pdf import render_agenda
from clef.agenda.queries import agenda_of, household_names
from clef.agenda.services import prepare_meeting, record_decision, save_practice_settings
from clef.agenda.todo import todo_for
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.organisations.practice import practice_for
from clef.utils.writes import StaleEditError
from clef.www.access import ClefRequest
from clef.www.agenda.access import (
    get_agenda_item_or_404,
    get_meeting_or_404,
    require_meetings,
    require_practice,
    require_todo,
)
from clef.www.agenda.forms import DecisionForm, MeetingDateForm, PracticeForm
from clef.www.editing import attach_errors, form_status

PAST_MEETINGS_SHOWN = 24


def _log_households(request: ClefRequest, household_ids, subject=None) -> None:
    log_access(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        context=AccessLogEntry.Context.REUNION,
        household_ids=[pk for pk in household_ids if pk is not None],
        subject=subject,
    )


def meeting_list(request: ClefRequest) -> HttpResponse:
    membership = require_meetings(request, decide=request.method == "POST")
    form = MeetingDateForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = prepare_meeting(
                organisation=membership.organisation,
                on=form.cleaned_data["held_on"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"L'ordre du jour de la {meeting} est prêt.")
            return redirect(meeting)
    meetings = Meeting.objects.filter(organisation_id=membership.organisation_id).select_related("created_by")
    context = {
        "form": form,
        "meetings": meetings[:PAST_MEETINGS_SHOWN],
        "can_decide": perms.can_decide(membership),
    }
    return render(request, "agenda/meeting_list.html", context, status=form_status(form))


def meeting_detail(request: ClefRequest, pk: int, *, bound_form: DecisionForm | None = None) -> HttpResponse:
    meeting = get_meeting_or_404(request, pk)
    can_decide = perms.can_decide(request.membership)
    sections = agenda_of(meeting)
    for section in sections:
        for item in section.items:
            if bound_form is not None and bound_form.item.pk == item.pk:
                item.form = bound_form
            elif can_decide:
                item.form = DecisionForm(item=item)
    _log_households(request, (i.household_id for s in sections for i in s.items), subject=meeting)
    context = {"meeting": meeting, "sections": sections, "can_decide": can_decide}
    status = form_status(bound_form) if bound_form is not None else 200
    return render(request, "agenda/meeting_detail.html", context, status=status)


def meeting_refresh(request: ClefRequest, pk: int) -> HttpResponse:
    """Prepare the meeting again: items due since are added, decisions are kept (POST only)."""
    meeting = get_meeting_or_404(request, pk, decide=True)
    if request.method == "POST":
        try:
            prepare_meeting(
                organisation=request.membership.organisation, on=meeting.held_on, acting_user=request.user
            )
        except ValidationError as exc:  # the database busy: nothing was written
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                "L'ordre du jour est à jour : les nouveaux points sont ajoutés, les décisions gardées.",
            )
    return redirect(meeting)


def meeting_item_decision(request: ClefRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_agenda_item_or_404(request, pk, item_pk)
    if request.method != "POST":
        return redirect(item.meeting)
    form = DecisionForm(request.POST, item=item)
    if form.is_valid():
        try:
            record_decision(
                item=item,
                text=form.cleaned_data["decision"],
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except StaleEditError as exc:
            attach_errors(form, exc)
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = exc.current_version
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La décision est enregistrée.")
            return redirect(f"{reverse('www:meeting_detail', args=[pk])}#point-{item.pk}")
    return meeting_detail(request, pk, bound_form=form)


def meeting_pdf(request: ClefRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_or_404(request, pk)
    content = render_agenda(meeting)
    _log_households(request, meeting.items.values_list("household_id", flat=True), subject=meeting)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ordre-du-jour-{meeting.held_on:%Y-%m-%d}.pdf"'
    return response


def todo(request: ClefRequest) -> HttpResponse:
    membership = require_todo(request)
    today = timezone.localdate()
    entries = todo_for(membership, today)
    names = household_names(entry.item.household_id for entry in entries)
    _log_households(request, names)
    context = {"entries": entries, "names": names, "today": today}
    return render(request, "agenda/todo.html", context)


def practice_settings(request: ClefRequest) -> HttpResponse:
    membership = require_practice(request, edit=request.method == "POST")
    current = practice_for(membership.organisation_id)
    form = PracticeForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            save_practice_settings(
                organisation=membership.organisation,
                values=form.cleaned_data,
                acting_user=request.user,
                expected_updated_at=form.cleaned_data["seen"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Les pratiques de la structure sont enregistrées.")
            return redirect("www:practice_settings")
    context = {"form": form, "can_edit": perms.can_edit_practice(membership), "practice": current}
    return render(request, "agenda/practice.html", context, status=form_status(form))
