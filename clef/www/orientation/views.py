"""« Orientations »: the operator makes a dwelling available to the SIAO, the SIAO proposes candidates, the
operator's commission decides, the accepted household enters; re-orientation requests; delays."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clef.dwellings.models import Dwelling
from clef.orientation import perms, services
from clef.orientation.enums import AvailabilityStatus, Decision
from clef.orientation.models import Wishes
from clef.orientation.rules import decision_words
from clef.orientation.wishes import save_household_wishes, with_places
from clef.utils.writes import StaleEditError
from clef.www.access import ClefRequest, get_household_or_404
from clef.www.editing import attach_errors, form_status
from clef.www.orientation import pages, repropose
from clef.www.orientation.access import (
    ACT_REFUSED,
    get_availability_or_404,
    get_proposal_or_404,
    get_reorientation_or_404,
    require_availability_maker,
    require_orientations,
)
from clef.www.orientation.forms import (
    AnswerForm,
    AvailabilityForm,
    CandidateForm,
    DecisionForm,
    EntryForm,
    MemberFormSet,
    ReorientationForm,
    WishesForm,
)


def orientation_home(request: ClefRequest) -> HttpResponse:
    membership = require_orientations(request)
    today = timezone.localdate()
    context = {
        "is_siao": perms.is_siao_agent(membership),
        "can_make_available": perms.can_make_available(membership),
        "availabilities": pages.availabilities_of(membership, today),
        "proposals": pages.proposals_of(membership, today),
        "reorientations": pages.reorientations_of(membership, today),
    }
    return render(request, "orientation/home.html", context)


def orientation_delays(request: ClefRequest) -> HttpResponse:
    membership = require_orientations(request)
    context = {"tables": pages.delay_tables(membership, timezone.localdate())}
    return render(request, "orientation/delays.html", context)


def availability_create(request: ClefRequest) -> HttpResponse:
    membership = require_availability_maker(request)
    today = timezone.localdate()
    own = Dwelling.objects.for_organisation(membership.organisation_id).select_related("commune")
    offerable = own.vacant_on(today).exclude(availabilities__status=AvailabilityStatus.OPEN)
    form = AvailabilityForm(  # the same choice on a POST: an error does not widen the list
        request.POST or None, dwellings=offerable, today=today, initial={"available_from": today}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            availability = services.make_available(**data, acting_user=request.user)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"Le logement est mis à disposition de « {availability.siao} ».")
            return redirect("www:availability_detail", availability.pk)
    return render(request, "orientation/availability_form.html", {"form": form}, status=form_status(form))


def availability_detail(request: ClefRequest, pk: int) -> HttpResponse:
    availability = get_availability_or_404(request, pk)
    today = timezone.localdate()
    proposals = availability.proposals.select_related("stay").order_by("proposed_on", "pk")
    context = {
        "availability": availability,
        "rights": availability.rights,
        "vacancy_days": pages.vacancy_days(availability, today),
        "proposals": list(proposals),
        "can_propose": availability.rights.edit and not availability.rights.is_owner and availability.is_open,
        "can_withdraw": availability.rights.edit and availability.rights.is_owner and availability.is_open,
    }
    return render(request, "orientation/availability_detail.html", context)


@require_POST
def availability_withdraw(request: ClefRequest, pk: int) -> HttpResponse:
    availability = get_availability_or_404(request, pk, need="edit")
    if not availability.rights.is_owner:
        raise PermissionDenied(ACT_REFUSED)
    try:
        services.withdraw_availability(
            availability=availability, on=timezone.localdate(), acting_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "La mise à disposition est retirée.")
    return redirect("www:availability_detail", availability.pk)


def proposal_create(request: ClefRequest, pk: int) -> HttpResponse:
    availability = get_availability_or_404(request, pk, need="edit")
    if availability.rights.is_owner:
        raise PermissionDenied("Les candidats sont proposés par le SIAO.")
    today = timezone.localdate()
    data = request.POST or None
    summary, member_rows, wish_values = {}, [], {}
    previous_pk = request.GET.get("depuis", "")
    if data is None and previous_pk.isdigit() and len(previous_pk) < 19:
        previous = repropose.get_previous_or_404(request, int(previous_pk))
        pages.log_read(request, previous, None)
        summary, member_rows, wish_values = repropose.initial_from(previous)
    form = CandidateForm(data, initial=summary, today=today)
    members = MemberFormSet(data, prefix="membres", initial=member_rows)
    department_id = availability.dwelling.commune.department_id
    wishes = WishesForm(data, prefix="souhaits", initial=wish_values, department_id=department_id)
    if request.method == "POST":
        proposal = _propose(request, availability, form, members, wishes, today)
        if proposal is not None:
            messages.success(request, "Le candidat est proposé à la structure.")
            return redirect("www:proposal_detail", proposal.pk)
    context = {"availability": availability, "form": form, "members": members, "wishes": wishes}
    status = 400 if request.method == "POST" else 200
    return render(request, "orientation/proposal_form.html", context, status=status)


def _propose(request: ClefRequest, availability, form, members, wishes, today):
    """Validate the summary, its members and its wishes in one pass (every error shown at once), then
    propose; None when something is refused (the errors are on the forms)."""
    valid = form.is_valid() & members.is_valid() & wishes.is_valid()
    others = [m for m in (f.member() for f in members.forms if f.is_valid()) if m is not None]
    if members.is_valid():
        form.check_members(others)
    if not valid or form.errors:
        return None
    try:
        return services.propose(
            availability=availability,
            candidate=form.candidate(others),
            wishes=wishes.wishes_data(),
            on=today,
            acting_user=request.user,
        )
    except ValidationError as exc:
        on_wishes = hasattr(exc, "error_dict") and set(exc.error_dict) <= {"typology_max", "communes"}
        attach_errors(wishes if on_wishes else form, exc)
    return None


def proposal_detail(request: ClefRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_or_404(request, pk)
    pages.log_read(request, proposal, proposal.household_id)
    rights = proposal.rights
    pending = proposal.decision == Decision.PENDING
    context = {
        "proposal": proposal,
        "rights": rights,
        "members": list(proposal.members.all()),
        "wishes": with_places(Wishes.objects.filter(proposal=proposal).first()),
        "can_decide": pending and rights.edit and rights.share is not None,
        "can_withdraw": pending and rights.edit and rights.is_owner,
        "can_enter": proposal.decision == Decision.ACCEPTED and proposal.stay_id is None and rights.stays,
        "elsewhere": repropose.other_open_availabilities(proposal)
        if repropose.can_repropose(proposal)
        else None,
    }
    return render(request, "orientation/proposal_detail.html", context)


def proposal_decide(request: ClefRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_or_404(request, pk, need="edit")
    if proposal.rights.share is None:
        raise PermissionDenied("La décision revient à la commission de la structure.")
    form = DecisionForm(
        request.POST or None, initial={"decided_on": timezone.localdate(), "version": proposal.version}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decided = services.decide(
                proposal=proposal,
                decision=data["decision"],
                on=data["decided_on"],
                refusal_reason=data["refusal_reason"],
                refusal_detail=data["refusal_detail"],
                household_reason=data["household_reason"],
                expected_version=data["version"],
                acting_user=request.user,
            )
        except StaleEditError as exc:
            form.add_error(None, exc.messages)
        except ValidationError as exc:
            attach_errors(form, exc, fields={"decided_on": "decided_on"})
        else:
            messages.success(request, f"Décision enregistrée : {decision_words(decided.decision)}.")
            return redirect("www:proposal_detail", proposal.pk)
    pages.log_read(request, proposal, proposal.household_id)
    context = {"proposal": proposal, "form": form}
    return render(request, "orientation/decision.html", context, status=form_status(form))


@require_POST
def proposal_withdraw(request: ClefRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_or_404(request, pk, need="edit")
    if not proposal.rights.is_owner:
        raise PermissionDenied("Seul le SIAO retire sa proposition.")
    try:
        services.decide(
            proposal=proposal, decision=Decision.WITHDRAWN, on=timezone.localdate(), acting_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "La proposition est retirée.")
    return redirect("www:proposal_detail", proposal.pk)


def proposal_entry(request: ClefRequest, pk: int) -> HttpResponse:
    proposal = get_proposal_or_404(request, pk, need="stays")
    if proposal.decision != Decision.ACCEPTED or proposal.stay_id is not None:
        messages.info(request, "Seul un candidat accepté et pas encore entré peut entrer dans le logement.")
        return redirect("www:proposal_detail", proposal.pk)
    form = EntryForm(request.POST or None, initial={"entry_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_entry(
                proposal=proposal,
                on=form.cleaned_data["entry_date"],
                acting_user=request.user,
                **form.choice(),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "L'entrée du ménage est enregistrée.")
            return redirect(proposal.household)
    pages.log_read(request, proposal, proposal.household_id)
    context = {"proposal": proposal, "form": form}
    return render(request, "orientation/entry.html", context, status=form_status(form))


def reorientation_create(request: ClefRequest, pk: int) -> HttpResponse:
    household = get_household_or_404(request, pk, need="edit")
    if not household.rights.is_owner:
        raise PermissionDenied("La réorientation est demandée par la structure qui loge le ménage.")
    stay = household.stays.filter(exit_date__isnull=True).select_related("dwelling__commune").first()
    # Bound even on GET when there is no stay: the message is a form error, and Django adds errors only to
    # a bound form (an unbound one has no cleaned_data).
    form = ReorientationForm(request.POST if request.method == "POST" or stay is None else None)
    if stay is None:
        form.is_valid()
        form.add_error(
            None,
            "Ce ménage n'occupe aucun logement : une réorientation ne se demande que pour un ménage présent.",
        )
    elif request.method == "POST" and form.is_valid():
        try:
            created = services.request_reorientation(
                stay=stay, on=timezone.localdate(), acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"La demande de réorientation est adressée à « {created.siao} ».")
            return redirect(household)
    pages.log_household(request, household)
    context = {"household": household, "form": form, "stay": stay}
    status = form_status(form) if request.method == "POST" else 200
    return render(request, "orientation/reorientation_form.html", context, status=status)


def reorientation_detail(request: ClefRequest, pk: int) -> HttpResponse:
    reorientation = get_reorientation_or_404(request, pk)
    rights = reorientation.rights
    can_answer = rights.edit and not rights.is_owner and reorientation.status != "closed"
    form = AnswerForm(
        request.POST or None,
        initial={"siao_answer": reorientation.siao_answer, "version": reorientation.version},
    )
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied(ACT_REFUSED)
        if form.is_valid():
            try:
                services.answer_reorientation(
                    request=reorientation,
                    answer=form.cleaned_data["siao_answer"],
                    on=timezone.localdate(),
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "La réponse du SIAO est enregistrée.")
                return redirect("www:reorientation_detail", reorientation.pk)
    pages.log_read(request, reorientation, reorientation.household_id)
    context = {
        "reorientation": reorientation,
        "rights": rights,
        "form": form if can_answer else None,
        "can_close": rights.edit and rights.is_owner and reorientation.status != "closed",
    }
    return render(request, "orientation/reorientation_detail.html", context, status=form_status(form))


@require_POST
def reorientation_close(request: ClefRequest, pk: int) -> HttpResponse:
    reorientation = get_reorientation_or_404(request, pk, need="edit")
    if not reorientation.rights.is_owner:
        raise PermissionDenied(ACT_REFUSED)
    try:
        services.close_reorientation(request=reorientation, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "La demande de réorientation est close.")
    return redirect("www:reorientation_detail", reorientation.pk)


def household_wishes(request: ClefRequest, pk: int) -> HttpResponse:
    household = get_household_or_404(request, pk, need="edit")
    current = Wishes.objects.filter(household=household).first()
    form = WishesForm(
        request.POST or None,
        instance=current or Wishes(household=household),
        department_id=household.organisation.head_office_department_id,
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_household_wishes(household=household, data=form.wishes_data(), acting_user=request.user)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Les souhaits du ménage sont enregistrés.")
            return redirect(reverse("www:household_detail", args=[household.pk]) + "#orientation")
    pages.log_household(request, household)
    context = {"household": household, "form": form}
    return render(request, "orientation/wishes_form.html", context, status=form_status(form))
