"""« Guichet propriétaires »: the platform's animator sees every request of its desk (so that no owner is
lost), confides, reassigns and closes them, sets the routing rules and the desk; the operator sees the
requests confided to it and takes them in charge (the lead opens in its pipeline). Public pages:
`clef.www.guichet.public`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clef.guichet import desks, rules, services
from clef.guichet.enums import Status
from clef.guichet.models import Desk, RoutingRule
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.organisations import perms
from clef.utils.writes import StaleEditError
from clef.www.access import ClefRequest
from clef.www.editing import attach_errors, form_status, require_version_when_editing
from clef.www.forms import DsfrFormMixin
from clef.www.guichet.access import (
    get_desk_or_404,
    get_received_or_404,
    get_request_or_404,
    received_requests,
    require_platform,
    require_received,
)
from clef.www.guichet.forms import AssignForm, CloseForm, DeskForm, RuleForm
from clef.www.pagination import paginate


class RequestFilter(DsfrFormMixin, forms.Form):
    status = forms.ChoiceField(label="Statut", required=False, choices=[("", "Tous")] + Status.choices)
    returned = forms.BooleanField(label="Revenues faute de prise en charge", required=False)


def guichet_home(request: ClefRequest) -> HttpResponse:
    membership = require_platform(request)
    desk = Desk.objects.filter(platform_id=membership.organisation_id).first()
    if desk is None:
        return render(
            request, "guichet/no_desk.html", {"can_animate": perms.is_platform_animator(membership)}
        )
    today = timezone.localdate()
    if perms.is_platform_animator(membership):
        services.return_overdue(today=today, desk=desk)
    services.sync_captured(requests=desk.requests.all())
    filters = RequestFilter(request.GET or None)
    requests = desk.requests.select_related("commune", "assigned_operator")
    if filters.is_valid():
        if filters.cleaned_data["status"]:
            requests = requests.filter(status=filters.cleaned_data["status"])
        if filters.cleaned_data["returned"]:
            requests = requests.returned_once()
    context = {
        "desk": desk,
        "page": paginate(request, requests),
        "filters": filters,
        "today": today,
        "can_animate": perms.is_platform_animator(membership),
    }
    return render(request, "guichet/home.html", context)


def guichet_request(request: ClefRequest, pk: int) -> HttpResponse:
    owner_request = get_request_or_404(request, pk, animate=request.method == "POST")
    membership = request.membership
    can_animate = perms.is_platform_animator(membership)
    today = timezone.localdate()
    returned = rules.last_return(owner_request) if owner_request.status == Status.REVENUE else None
    assign = AssignForm(
        desk=owner_request.desk, returned=returned, initial={"version": owner_request.version}
    )
    close = CloseForm(initial={"version": owner_request.version})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "assign":
            assign = AssignForm(request.POST, desk=owner_request.desk, returned=returned)
            if assign.is_valid():
                return _assign(request, owner_request, assign, today, returned)
        elif action == "close":
            close = CloseForm(request.POST)
            if close.is_valid():
                return _close(request, owner_request, close, today)
    services.sync_captured(requests=type(owner_request).objects.filter(pk=owner_request.pk))
    log_access(
        user=request.user,
        organisation_id=membership.organisation_id,
        context=AccessLogEntry.Context.GUICHET,
        household_ids=[],
        subject=owner_request,
    )
    context = {
        "owner_request": owner_request,
        "events": owner_request.events.select_related("by", "operator").order_by("at", "pk"),
        "can_animate": can_animate,
        "can_assign": can_animate and owner_request.status in (Status.RECUE, Status.REVENUE, Status.CONFIEE),
        "can_close": can_animate and owner_request.status != Status.CLOSE,
        "assign_form": assign,
        "close_form": close,
        "overdue": owner_request.status == Status.CONFIEE and owner_request.acknowledge_by < today,
    }
    status = 400 if (assign.is_bound and assign.errors) or (close.is_bound and close.errors) else 200
    return render(request, "guichet/request_detail.html", context, status=status)


def _assign(request: ClefRequest, owner_request, form: AssignForm, today, returned) -> HttpResponse:
    try:
        services.assign(
            request=owner_request,
            operator=form.cleaned_data["operator"],
            acting_user=request.user,
            today=today,
            version=form.cleaned_data["version"],
        )
    except StaleEditError:
        messages.error(
            request, "La demande a changé depuis l'ouverture de la page : vérifiez-la et recommencez."
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        operator = form.cleaned_data["operator"]
        messages.success(request, f"La demande est confiée à « {operator.name} ».")
        if warning := rules.late_operator_warning(owner_request, operator, returned):
            messages.warning(request, warning)
    return redirect("www:guichet_request", owner_request.pk)


def _close(request: ClefRequest, owner_request, form: CloseForm, today) -> HttpResponse:
    try:
        services.close(
            request=owner_request,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            acting_user=request.user,
            today=today,
            version=form.cleaned_data["version"],
        )
    except StaleEditError:
        messages.error(
            request, "La demande a changé depuis l'ouverture de la page : vérifiez-la et recommencez."
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "La demande est close.")
    return redirect("www:guichet_request", owner_request.pk)


def guichet_rules(request: ClefRequest) -> HttpResponse:
    desk = get_desk_or_404(request)
    can_animate = perms.is_platform_animator(request.membership)
    form = RuleForm(request.POST or None, desk=desk, operators=rules.territory_operators(desk))
    if request.method == "POST":
        require_platform(request, animate=True)
        if form.is_valid():
            data = form.cleaned_data
            try:
                desks.add_rule(
                    desk=desk,
                    epci=data.get("epci"),
                    commune=data.get("commune"),
                    method=data["method"],
                    targets=form.targets(),
                    acting_user=request.user,
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "La règle est enregistrée.")
                return redirect("www:guichet_rules")
    routing_rules = desk.rules.select_related("epci", "commune").prefetch_related("targets__operator")
    context = {"desk": desk, "rules": routing_rules, "form": form, "can_animate": can_animate}
    return render(request, "guichet/rules.html", context, status=form_status(form))


@require_POST
def guichet_rule_delete(request: ClefRequest, pk: int) -> HttpResponse:
    desk = get_desk_or_404(request, animate=True)
    rule = RoutingRule.objects.filter(pk=pk, desk=desk).select_related("desk", "epci", "commune").first()
    if rule is None:
        raise Http404
    desks.delete_rule(rule=rule, acting_user=request.user)
    messages.success(request, f"La règle « {rule} » est supprimée.")
    return redirect("www:guichet_rules")


def guichet_settings(request: ClefRequest) -> HttpResponse:
    membership = require_platform(request, animate=True)
    desk = Desk.objects.filter(platform_id=membership.organisation_id).first() or Desk(
        platform_id=membership.organisation_id, title=membership.organisation.name
    )
    initial = {"version": desk.version} if desk.pk else {}
    form = DeskForm(request.POST or None, instance=desk, initial=initial)
    require_version_when_editing(form, editing=desk.pk is not None)
    if request.method == "POST" and form.is_valid():
        try:
            desks.save_desk(
                desk=form.instance, acting_user=request.user, version=form.cleaned_data.get("version")
            )
        except StaleEditError:
            form.add_error(None, "Les paramètres ont changé depuis l'ouverture de la page : rechargez-la.")
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Les paramètres du guichet sont enregistrés.")
            return redirect("www:guichet_settings")
    return render(request, "guichet/settings.html", {"form": form, "desk": desk}, status=form_status(form))


def guichet_received(request: ClefRequest) -> HttpResponse:
    membership = require_received(request)
    today = timezone.localdate()
    requests = received_requests(membership)
    services.sync_captured(requests=requests)
    requests = requests.select_related("commune", "desk", "lead").order_by("acknowledge_by", "pk")
    context = {
        "rows": list(requests),
        "today": today,
        "can_act": perms.can_edit_captation(membership),
    }
    return render(request, "guichet/received.html", context)


@require_POST
def guichet_acknowledge(request: ClefRequest, pk: int) -> HttpResponse:
    owner_request = get_received_or_404(request, pk, act=True)
    try:
        services.acknowledge(
            request=owner_request,
            operator=request.membership.organisation,
            acting_user=request.user,
            today=timezone.localdate(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("www:guichet_received")
    owner_request.refresh_from_db(fields=["lead"])
    messages.success(request, "La demande est prise en charge : le dossier de captation est ouvert.")
    return redirect(owner_request.lead.get_absolute_url())
