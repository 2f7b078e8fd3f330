"""Support pages (« Accompagnement »): the agreement, reviews, consent to home visits, appointments,
notes, relays, the delegation to a partner organisation; the relay directory and the overdue lists.

Every view starts with an access helper (`clef.www.support.access`, rules in `clef.support.perms`);
writes go through `clef.support.services` / `clef.support.delegation`; pages naming a household are in
the access log, and every note shown is logged as read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.support import delegation, perms, queries, rules, services
from clef.support.models import RelayOrientation, RelayResource, SupportAgreement
from clef.support.reads import log_note_reads
from clef.utils.writes import StaleEditError
from clef.www.access import ClefRequest
from clef.www.editing import attach_errors, form_status, require_version_when_editing
from clef.www.support import forms
from clef.www.support.access import (
    get_supported_household_or_404,
    require_relay_directory,
    require_support_lists,
)

NOTES_PER_PAGE = 20


def _log(request: ClefRequest, household) -> None:
    """A support page names the household: traced like its file (one insert)."""
    log_access(
        user=request.user,
        organisation_id=household.organisation_id,
        context=AccessLogEntry.Context.ACCOMPAGNEMENT,
        household_ids=[household.pk],
    )


def _back(household):
    return redirect(household.get_absolute_url() + "#accompagnement")


def _render(request: ClefRequest, template: str, household, context: dict, *forms_shown) -> HttpResponse:
    _log(request, household)
    status = max([form_status(f) for f in forms_shown if f is not None] or [200])
    return render(request, template, {"household": household, **context}, status=status)


# --- Agreement and reviews -----------------------------------------------------------------------------


def _current_agreement(household, today) -> SupportAgreement:
    found = household.support_agreements.filter(rules.in_force_q(today)).first()
    return found or SupportAgreement(
        organisation_id=household.organisation_id,
        household=household,
        support_organisation_id=household.support.support_organisation_id,
        signed_on=today,
    )


def support_agreement(request: ClefRequest, pk: int) -> HttpResponse:
    """Sign (or modify) the support agreement in force, with its objectives by domain."""
    household = get_supported_household_or_404(request, pk, need="team")
    agreement = _current_agreement(household, timezone.localdate())
    form = forms.AgreementForm(
        request.POST or None,
        instance=agreement,
        initial={"version": agreement.version},
        support_organisation_id=agreement.support_organisation_id,
        owner_id=household.organisation_id,
    )
    require_version_when_editing(form, agreement.pk is not None)
    initial = (
        [
            {"pk": o.pk, "domain": o.domain, "text": o.text, "status": o.status}
            for o in agreement.objectives.all()
        ]
        if agreement.pk
        else []
    )
    formset = forms.ObjectiveFormSet(request.POST or None, initial=initial, prefix="objectifs")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        objectives = [o for f in formset.forms if (o := f.objective()) is not None]
        try:
            services.save_agreement(
                agreement=form.instance,
                objectives=objectives,
                acting_user=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le contrat d'accompagnement est enregistré.")
            return _back(household)
    context = {"form": form, "formset": formset, "agreement": agreement}
    return _render(request, "support/agreement.html", household, context, form)


def support_review(request: ClefRequest, pk: int) -> HttpResponse:
    """A review (bilan) of the agreement in force."""
    household = get_supported_household_or_404(request, pk, need="team")
    agreement = household.support_agreements.filter(rules.in_force_q(timezone.localdate())).first()
    bound = request.method == "POST" or agreement is None  # only a bound form carries an error
    form = forms.ReviewForm(request.POST if bound else None, initial={"reviewed_on": timezone.localdate()})
    if agreement is None:
        form.is_valid()
        form.add_error(None, "Aucun contrat d'accompagnement n'est en vigueur : signez-le d'abord.")
    elif request.method == "POST" and form.is_valid():
        try:
            services.add_review(acting_user=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le bilan est enregistré.")
            return _back(household)
    shown = form if request.method == "POST" else None  # a GET explaining there is no agreement is a 200
    return _render(request, "support/review.html", household, {"form": form, "agreement": agreement}, shown)


# --- Consent, appointments, notes ----------------------------------------------------------------------


def support_consent(request: ClefRequest, pk: int) -> HttpResponse:
    """Record the household's agreement to home visits, or its withdrawal."""
    household = get_supported_household_or_404(request, pk, need="team")
    consent = household.home_visit_consents.filter(withdrawn_on__isnull=True).first()
    form = forms.ConsentForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            if consent is None:
                services.give_consent(
                    household=household,
                    organisation_id=household.support.support_organisation_id,
                    given_on=form.cleaned_data["on"],
                    acting_user=request.user,
                )
            else:
                services.withdraw_consent(
                    consent=consent, withdrawn_on=form.cleaned_data["on"], acting_user=request.user
                )
        except ValidationError as exc:
            attach_errors(form, exc, fields={"given_on": "on", "withdrawn_on": "on"})
        else:
            messages.success(
                request,
                "L'accord du ménage est enregistré."
                if consent is None
                else "Le retrait de l'accord est enregistré.",
            )
            return _back(household)
    return _render(request, "support/consent.html", household, {"form": form, "consent": consent}, form)


def support_appointment(request: ClefRequest, pk: int) -> HttpResponse:
    """An interview or a visit (the owner's rental manager: a joint visit, without a note)."""
    household = get_supported_household_or_404(request, pk, need="joint_visit")
    rights = household.support
    form = forms.AppointmentForm(
        request.POST or None,
        initial={"held_on": timezone.localdate()},
        organisation_ids={household.organisation_id, rights.support_organisation_id},
        joint_visit_only=not rights.team,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_appointment(
                household=household,
                organisation_id=rights.support_organisation_id,
                held_on=data["held_on"],
                kind=data["kind"],
                attendees=list(data["attendees"]),
                other_attendees=data["other_attendees"],
                note=data.get("note", ""),
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le rendez-vous est enregistré.")
            return _back(household)
    return _render(request, "support/appointment.html", household, {"form": form}, form)


def support_notes(request: ClefRequest, pk: int) -> HttpResponse:
    """The support team's notes (each one shown is logged as read), and a new one."""
    household = get_supported_household_or_404(request, pk, need="team")
    form = forms.NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_note(
                household=household,
                organisation_id=household.support.support_organisation_id,
                text=form.cleaned_data["text"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La note est enregistrée.")
            return redirect(request.path)
    own = perms.team_writings(household.support_notes, household.support.support_organisation_id)
    notes = own.select_related("author").order_by("-written_at", "-pk")
    page = Paginator(notes, NOTES_PER_PAGE).get_page(request.GET.get("page"))
    log_note_reads(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        household_id=household.pk,
        subjects=list(page.object_list),
    )
    return _render(request, "support/notes.html", household, {"form": form, "page": page}, form)


# --- Relays --------------------------------------------------------------------------------------------


def _resources(request: ClefRequest, household):
    department = household.organisation.head_office_department_id
    return RelayResource.objects.visible_to(request.membership.organisation_id, department)


def _record_outcome(request: ClefRequest, household, outcome_form) -> bool:
    orientation = RelayOrientation.objects.filter(
        pk=outcome_form.cleaned_data["orientation"], household=household
    ).first()
    if orientation is None:
        outcome_form.add_error(None, "Cette orientation n'existe pas (ou plus) pour ce ménage.")
        return False
    try:
        services.record_relay_outcome(
            orientation=orientation,
            outcome=outcome_form.cleaned_data["outcome"],
            outcome_on=outcome_form.cleaned_data["outcome_on"],
            acting_user=request.user,
            expected_version=outcome_form.cleaned_data.get("version"),
        )
    except StaleEditError:
        outcome_form.add_error(
            None, "Cette suite a été modifiée entre-temps par un collègue : rechargez la page."
        )
        return False
    except ValidationError as exc:
        attach_errors(outcome_form, exc)
        return False
    return True


def support_relays(request: ClefRequest, pk: int) -> HttpResponse:
    """Orient the household to a relay resource; record what came of an orientation."""
    household = get_supported_household_or_404(request, pk, need="team")
    posted = request.POST if request.method == "POST" else None
    outcome = posted is not None and posted.get("action") == "suite"
    form = forms.RelayOrientationForm(
        None if outcome else posted,
        resources=_resources(request, household),
        initial={"oriented_on": timezone.localdate()},
    )
    outcome_form = forms.RelayOutcomeForm(posted if outcome else None)
    if outcome and outcome_form.is_valid() and _record_outcome(request, household, outcome_form):
        messages.success(request, "La suite de l'orientation est enregistrée.")
        return redirect(request.path)
    if posted is not None and not outcome and form.is_valid():
        try:
            services.orient_to_relay(
                household=household,
                organisation_id=household.support.support_organisation_id,
                acting_user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "L'orientation est enregistrée.")
            return redirect(request.path)
    orientations = household.relay_orientations.select_related("resource").order_by("-oriented_on", "-pk")
    context = {"form": form, "outcome_form": outcome_form, "orientations": orientations}
    return _render(request, "support/relays.html", household, context, form, outcome_form)


# --- Delegation to a partner organisation --------------------------------------------------------------


def support_delegation(request: ClefRequest, pk: int) -> HttpResponse:
    """« Confier l'accompagnement à une structure partenaire », or « Mettre fin »."""
    household = get_supported_household_or_404(request, pk, need="delegate")
    current = (
        household.support_agreements.filter(share__isnull=False, share__revoked_at__isnull=True)
        .filter(rules.in_force_q(timezone.localdate()))
        .select_related("share", "support_organisation")
        .first()
    )
    posted = request.POST if request.method == "POST" else None
    form = forms.DelegationForm(
        None if current else posted,
        owner_id=household.organisation_id,
        initial={"starts_on": timezone.localdate()},
    )
    try:
        if posted is not None and current is not None and posted.get("action") == "fin":
            delegation.end_delegation(agreement=current, acting_user=request.user)
            messages.success(
                request, "La délégation a pris fin : votre structure assure de nouveau l'accompagnement."
            )
            return _back(household)
        if posted is not None and current is None and form.is_valid():
            delegation.delegate_support(household=household, acting_user=request.user, **form.cleaned_data)
            messages.success(request, "L'accompagnement est confié à la structure partenaire.")
            return _back(household)
    except ValidationError as exc:
        attach_errors(form, exc)
    return _render(request, "support/delegation.html", household, {"form": form, "current": current}, form)


# --- Relay directory and overdue lists -----------------------------------------------------------------


def relay_directory(request: ClefRequest) -> HttpResponse:
    """The relay directory: national entries, the department's, and the operator's own."""
    membership = require_relay_directory(request)
    own_department = membership.organisation.head_office_department_id
    filters = forms.DirectoryFilterForm(request.GET or None, initial={"department": own_department})
    department, category = own_department, ""
    if filters.is_bound and filters.is_valid():
        department = filters.cleaned_data["department"].pk if filters.cleaned_data["department"] else None
        category = filters.cleaned_data["category"]
    resources = RelayResource.objects.filter(is_active=True).filter(
        Q(organisation__isnull=True) | Q(organisation_id=membership.organisation_id)
    )
    if department:
        resources = resources.filter(Q(department__isnull=True) | Q(department_id=department))
    if category:
        resources = resources.filter(category=category)
    context = {
        "filters": filters,
        "resources": resources.select_related("department").order_by("category", "name", "pk"),
        "can_add": perms.can_manage_relay_directory(membership),
    }
    return render(request, "support/directory.html", context)


def relay_withdraw(request: ClefRequest) -> HttpResponse:
    """Remove one of the operator's own entries from its directory (kept for the orientations naming it)."""
    membership = require_relay_directory(request, manage=True)
    if request.method == "POST":
        own = RelayResource.objects.filter(organisation_id=membership.organisation_id, is_active=True)
        pk = request.POST.get("resource", "")
        resource = own.filter(pk=int(pk)).first() if pk.isascii() and pk.isdigit() and len(pk) < 18 else None
        if resource is None:
            raise Http404
        services.deactivate_relay_resource(resource=resource, acting_user=request.user)
        messages.success(request, f"« {resource.name} » est retirée de l'annuaire de votre structure.")
    return redirect("www:relay_directory")


def relay_create(request: ClefRequest) -> HttpResponse:
    """An operator's own entry in the relay directory."""
    membership = require_relay_directory(request, manage=True)
    resource = RelayResource(organisation=membership.organisation)
    form = forms.RelayResourceForm(
        request.POST or None,
        instance=resource,
        initial={"department": membership.organisation.head_office_department_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_relay_resource(resource=form.instance, acting_user=request.user)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La ressource est ajoutée à l'annuaire de votre structure.")
            return redirect("www:relay_directory")
    return render(request, "support/relay_form.html", {"form": form}, status=form_status(form))


def support_overdue(request: ClefRequest) -> HttpResponse:
    """Households supported by the operator whose meeting or joint visit is overdue."""
    membership = require_support_lists(request)
    today = timezone.localdate()
    meetings = list(queries.overdue_meetings(membership.organisation_id, today).prefetch_related("members"))
    visits = list(queries.overdue_joint_visits(membership.organisation_id, today).prefetch_related("members"))
    for row in meetings + visits:
        row.due_on = rules.due_on(row.reference_on, row.every_months)
    log_access(
        user=request.user,
        organisation_id=membership.organisation_id,
        context=AccessLogEntry.Context.ACCOMPAGNEMENT,
        household_ids=[h.pk for h in meetings + visits],
    )
    return render(request, "support/overdue.html", {"meetings": meetings, "visits": visits, "today": today})
