"""The guided exit (« Sortie accompagnée »): the « prêt à sortir » checklist, the exit itself with the
household's word, the relay and the five perspectives, the assessment completed after the exit; the
solicitations after exit and their yearly count. No rule here: forms and services call clef.exits."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.exits import perms, queries, services
from clef.exits.enums import READINESS_ITEMS, SolicitationSubject
from clef.exits.models import ExitAssessment, ExitPerspective, ExitReadiness
from clef.exits.services import ExitFacts
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.stays.models import Stay
from clef.www.access import ClefRequest
from clef.www.editing import attach_errors, form_status, require_version_when_editing
from clef.www.exits.access import (
    get_ended_stay_or_404,
    get_exit_household_or_404,
    require_solicitation_figures,
)
from clef.www.exits.forms import OutcomeForm, PerspectiveForm, ReadinessForm, SolicitationForm
from clef.www.exits.losses import exit_losses
from clef.www.stays.forms import EndStayForm


def _log(request: ClefRequest, household, subject) -> None:
    """These pages show the household's name and its exit: traced, naming the record read."""
    log_access(
        user=request.user,
        organisation_id=request.membership.organisation_id,
        context=AccessLogEntry.Context.SORTIE_ACCOMPAGNEE,
        household_ids=[household.pk],
        subject=subject,
    )


def _present_stay(household) -> Stay | None:
    return (
        household.stays.filter(exit_date__isnull=True)
        .select_related("dwelling", "dwelling__commune", "exit_readiness")
        .first()
    )


def _attach(exc: ValidationError, forms: list) -> None:
    """A service's error on the first form that has its field (else at the top of the first form)."""
    if not hasattr(exc, "error_dict"):
        attach_errors(forms[0], exc)
        return
    for name, errors in exc.error_dict.items():
        target = next((f for f in forms if name in f.fields), forms[0])
        attach_errors(target, ValidationError({name: errors}))


def _all_valid(forms: list) -> bool:
    """Every form checked (each shows its errors), then whether all passed."""
    return all([form.is_valid() for form in forms])  # noqa: C419 (no short-circuit: every form is checked)


def _readiness_initial(readiness: ExitReadiness | None) -> dict:
    if readiness is None:
        return {"checked_on": timezone.localdate()}
    initial = {name: getattr(readiness, name) for name, _label in READINESS_ITEMS}
    return {**initial, "checked_on": readiness.checked_on, "version": readiness.version}


def exit_readiness(request: ClefRequest, pk: int) -> HttpResponse:
    household = get_exit_household_or_404(request, pk, need="guide")
    stay = _present_stay(household)
    if stay is None:
        messages.info(
            request, "Ce ménage n'est pas logé dans le dispositif : pas de point « prêt à sortir »."
        )
        return redirect(household)
    readiness = getattr(stay, "exit_readiness", None)
    form = ReadinessForm(request.POST or None, initial=_readiness_initial(readiness))
    require_version_when_editing(form, readiness is not None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_readiness(
                stay=stay,
                checked_on=form.cleaned_data["checked_on"],
                items=form.items(),
                acting_user=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le point « prêt à sortir » est enregistré.")
            return redirect(household)
    _log(request, household, stay)
    context = {"form": form, "household": household, "stay": stay}
    return render(request, "exits/readiness.html", context, status=form_status(form))


def _perspective_forms(
    request: ClefRequest, household, assessment=None, losses: tuple[bool, bool] = (False, False)
) -> list[PerspectiveForm]:
    """One form per perspective the member may fill, with what was recorded; `losses`: the unpaid rent and
    the damage of the exit, which no criterion may deny."""
    recorded = {p.perspective: p for p in assessment.perspectives.all()} if assessment else {}
    forms = []
    for code in perms.perspectives_for(request.membership, household.rights):
        current = recorded.get(code)
        initial = (
            {"criteria": current.criteria, "judgement": current.judgement, "comment": current.comment}
            if current
            else {}
        )
        forms.append(PerspectiveForm(request.POST or None, perspective=code, initial=initial, losses=losses))
    return forms


def guided_exit(request: ClefRequest, pk: int) -> HttpResponse:
    household = get_exit_household_or_404(request, pk, need="guide")
    stay = _present_stay(household)
    if stay is None:
        messages.info(
            request, "Ce ménage n'est pas logé dans le dispositif : il n'y a pas de sortie à préparer."
        )
        return redirect(household)
    data = request.POST or None
    readiness = ReadinessForm(
        data,
        with_date=False,
        prefix="pret",
        initial=_readiness_initial(getattr(stay, "exit_readiness", None)),
    )
    losses = exit_losses(request, stay, "sortie-exit_date")
    exit_form = EndStayForm(
        data, prefix="sortie", initial={"exit_date": timezone.localdate()}, losses=losses["losses"]
    )
    outcome = OutcomeForm(data, prefix="parole", organisation=request.membership.organisation)
    perspectives = _perspective_forms(request, household, losses=_exit_losses(exit_form))
    forms = [readiness, exit_form, outcome, *perspectives]
    if request.method == "POST" and _all_valid(forms):
        try:
            _save_guided_exit(request, stay, readiness, exit_form, outcome, perspectives)
        except ValidationError as exc:
            _attach(exc, forms)
        else:
            messages.success(request, "La sortie accompagnée est enregistrée.")
            return redirect(household)
    _log(request, household, stay)
    context = {
        "household": household,
        "stay": stay,
        "readiness": readiness,
        "exit_form": exit_form,
        "outcome": outcome,
        "perspectives": perspectives,
        "forms": forms,
        "funder_later": len(perspectives) < 5,
        **losses,
    }
    status = 400 if request.method == "POST" and any(f.errors for f in forms) else 200
    return render(request, "exits/guided_exit.html", context, status=status)


def _exit_losses(exit_form: EndStayForm) -> tuple[bool, bool]:
    """The unpaid rent and the damage the exit form records (none while it is not valid)."""
    if not exit_form.is_bound or not exit_form.is_valid():
        return (False, False)
    data = exit_form.cleaned_data
    return (data["loss_unpaid_rent"] == "oui", data["loss_damage"] == "oui")


def _save_guided_exit(request, stay, readiness, exit_form, outcome, perspectives) -> ExitAssessment:
    data = exit_form.cleaned_data
    return services.guided_exit(
        stay=stay,
        facts=ExitFacts(
            on=data["exit_date"],
            destination=data["destination"],
            loss_unpaid_rent=data["loss_unpaid_rent"] == "oui",
            loss_damage=data["loss_damage"] == "oui",
            exit_debt=data.get("exit_debt"),
        ),
        outcome=outcome.outcome(),
        perspectives={f.perspective: f.given() for f in perspectives},
        readiness=readiness.items(),
        acting_user=request.user,
    )


def _outcome_initial(assessment: ExitAssessment | None) -> dict:
    if assessment is None:
        return {}
    return {
        "household_choice": assessment.household_choice,
        "relay_kind": assessment.relay_kind,
        "relay_name": assessment.relay_name,
        "relay_resource": assessment.relay_resource_id,
    }


def exit_assessment(request: ClefRequest, pk: int, stay_pk: int) -> HttpResponse:
    household, stay = get_ended_stay_or_404(request, pk, stay_pk)
    assessment = (
        ExitAssessment.objects.filter(stay=stay)
        .select_related("relay_resource")
        .prefetch_related(
            Prefetch("perspectives", queryset=ExitPerspective.objects.select_related("filled_by"))
        )
        .first()
    )
    outcome = OutcomeForm(
        request.POST or None,
        prefix="parole",
        organisation=request.membership.organisation,
        initial=_outcome_initial(assessment),
    )
    perspectives = _perspective_forms(
        request, household, assessment, losses=(stay.loss_unpaid_rent, stay.loss_damage)
    )
    forms = [outcome, *perspectives]
    if request.method == "POST" and _all_valid(forms):
        given = {f.perspective: f.given() for f in perspectives}
        try:
            if assessment is None:
                services.assess_exit(
                    stay=stay,
                    outcome=outcome.outcome(),
                    perspectives=given,
                    on=timezone.localdate(),
                    acting_user=request.user,
                )
            else:
                services.update_assessment(
                    assessment=assessment,
                    outcome=outcome.outcome(),
                    perspectives=given,
                    acting_user=request.user,
                    expected_version=_posted_version(request),
                )
        except ValidationError as exc:
            _attach(exc, forms)
        else:
            messages.success(request, "Le bilan de sortie est enregistré.")
            return redirect(household)
    _log(request, household, assessment or stay)
    editable = {f.perspective for f in perspectives}
    others = [p for p in assessment.perspectives.all() if p.perspective not in editable] if assessment else []
    context = {
        "household": household,
        "stay": stay,
        "assessment": assessment,
        "outcome": outcome,
        "perspectives": perspectives,
        "others": others,
        "forms": forms,
    }
    status = 400 if request.method == "POST" and any(f.errors for f in forms) else 200
    return render(request, "exits/assessment.html", context, status=status)


def _posted_version(request: ClefRequest) -> int:
    """The version the page was built from; missing or malformed: 0, which no stored record has, so the
    update is refused as stale rather than written without the optimistic lock."""
    value = request.POST.get("version", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0


def solicitation_create(request: ClefRequest, pk: int) -> HttpResponse:
    household = get_exit_household_or_404(request, pk, need="solicit")
    organisation_id = request.membership.organisation_id
    form = SolicitationForm(
        request.POST or None,
        organisation_id=organisation_id,
        initial={"solicited_on": timezone.localdate(), "answered_by": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_solicitation(
                household=household,
                organisation_id=organisation_id,
                acting_user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La sollicitation est enregistrée.")
            return redirect(household)
    _log(request, household, household)
    context = {"form": form, "household": household}
    return render(request, "exits/solicitation_form.html", context, status=form_status(form))


def solicitation_figures(request: ClefRequest) -> HttpResponse:
    membership = require_solicitation_figures(request)
    years = queries.solicitations_by_year(membership.organisation_id)
    for row in years:
        row["hours"] = (row["minutes"] or 0) / 60
    year = _year(
        request.GET.get("annee", ""), default=years[0]["year"] if years else timezone.localdate().year
    )
    labels = dict(SolicitationSubject.choices)
    subjects = queries.solicitations_by_subject(membership.organisation_id, year)
    for row in subjects:
        row["label"] = labels.get(row["subject"], row["subject"])
    context = {"years": years, "year": year, "subjects": subjects, "organisation": membership.organisation}
    return render(request, "exits/solicitation_figures.html", context)


def _year(text: str, *, default: int) -> int:
    """The year asked in the address (« annee »), or the default when it is not a plausible year."""
    return (
        int(text)
        if text.isascii() and text.isdigit() and len(text) == 4 and 1900 <= int(text) <= 2100
        else default
    )
