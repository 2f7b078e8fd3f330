"""The lease's yearly life pages: what to do (revisions to propose, charges to regularise, deposits to
return, each with its deadline), the decisions, and the IRL table the platform administrator loads. Each
view starts with its access helper (clef.www.leases.access); the writes are clef.leases.services (the rules
are theirs). Reading a household's rents, charges or deposit is traced in the access log (context COMPTE)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.leases import queries, services
from clef.leases.irl import IrlFileError, load_irl
from clef.leases.models import IrlFile, IrlIndex
from clef.locavantages.perms import is_platform_admin
from clef.organisations import perms
from clef.www.access import ClefRequest
from clef.www.editing import attach_errors, form_status, require_version_when_editing
from clef.www.leases.access import (
    get_deposit_lease_or_404,
    get_life_lease_or_404,
    get_revision_target_or_404,
    log_lease,
    require_irl_loader,
    require_irl_reader,
    require_lease_life,
)
from clef.www.leases.forms import (
    ApplyRevisionForm,
    DepositReturnedForm,
    DepositReturnForm,
    DismissRevisionForm,
    IrlUploadForm,
    RegularisationForm,
)


def rental_home_url() -> str | None:
    try:
        return reverse("www:rental_home")
    except NoReverseMatch:
        return None


def _year(request: ClefRequest, today: date) -> int:
    """The regularised year: ?annee= (2000 to this year), the previous year by default."""
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        return today.year - 1
    return year if 2000 <= year <= today.year else today.year - 1


def lease_life(request: ClefRequest) -> HttpResponse:
    membership = require_lease_life(request)
    today = timezone.localdate()
    organisation_id = membership.organisation_id
    year = _year(request, today)
    owner_side = perms.can_see_owner_accounts(membership)
    revisions = queries.revisions_due(organisation_id, today, with_contracts=owner_side)
    regularisations = queries.regularisations_due(organisation_id, year)
    deposits = queries.deposits_to_return(organisation_id)
    households = [p.lease.stay.household_id for p in revisions if p.lease is not None]
    households += [r.lease.stay.household_id for r in regularisations]
    households += [lease.stay.household_id for lease in deposits.to_decide]
    households += [d.lease.stay.household_id for d in deposits.pending]
    log_access(
        user=request.user,
        organisation_id=organisation_id,
        context=AccessLogEntry.Context.COMPTE,
        household_ids=households,
    )
    context = {
        "today": today,
        "year": year,
        "years": list(range(today.year, today.year - 4, -1)),
        "revisions": revisions,
        "regularisations": regularisations,
        "deposits": deposits,
        "deposits_count": len(deposits.to_decide) + len(deposits.pending),
        "owner_side": owner_side,
        "can_edit": perms.can_edit_ledger(membership),
        "rental_home_url": rental_home_url(),
    }
    return render(request, "leases/life.html", context)


def _revision_context(lease, contract, due_on: date, today: date) -> dict:
    proposal = queries.proposal_for(lease=lease, contract=contract, due_on=due_on)
    return {"lease": lease, "contract": contract, "due_on": due_on, "proposal": proposal, "today": today}


def revision_apply(request: ClefRequest, target: str, pk: int, due: str) -> HttpResponse:
    lease, contract, due_on = get_revision_target_or_404(request, target, pk, due, edit=True)
    record = lease or contract
    today = timezone.localdate()
    form = ApplyRevisionForm(
        request.POST if request.method == "POST" else None, initial={"version": record.version}
    )
    require_version_when_editing(form, True)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_revision(
                organisation_id=record.organisation_id,
                lease=lease,
                contract=contract,
                due_on=due_on,
                on=today,
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La révision du loyer est appliquée.")
            return redirect("www:lease_life")
    if lease is not None:
        log_lease(request, lease)
    context = {**_revision_context(lease, contract, due_on, today), "form": form, "action": "apply"}
    return render(request, "leases/revision.html", context, status=form_status(form))


def revision_dismiss(request: ClefRequest, target: str, pk: int, due: str) -> HttpResponse:
    lease, contract, due_on = get_revision_target_or_404(request, target, pk, due, edit=True)
    record = lease or contract
    today = timezone.localdate()
    form = DismissRevisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dismiss_revision(
                organisation_id=record.organisation_id,
                lease=lease,
                contract=contract,
                due_on=due_on,
                on=today,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La révision est écartée pour cette année ; le motif est conservé.")
            return redirect("www:lease_life")
    if lease is not None:
        log_lease(request, lease)
    context = {**_revision_context(lease, contract, due_on, today), "form": form, "action": "dismiss"}
    return render(request, "leases/revision.html", context, status=form_status(form))


def regularisation_create(request: ClefRequest, pk: int, year: int) -> HttpResponse:
    lease = get_life_lease_or_404(request, pk, edit=True)
    today = timezone.localdate()
    form = RegularisationForm(request.POST if request.method == "POST" else None)
    if not 2000 <= year <= today.year:
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            services.regularise_charges(
                lease=lease,
                year=year,
                actual_charges=form.cleaned_data["actual_charges"],
                on=today,
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"La régularisation des charges {year} est enregistrée.")
            return redirect(f"{reverse('www:lease_life')}?annee={year}")
    log_lease(request, lease)
    context = {
        "lease": lease,
        "year": year,
        "provisions": queries.provisions(lease, year),
        "existing": lease.regularisations.filter(year=year).select_related("entry").first(),
        "form": form,
    }
    return render(request, "leases/regularisation.html", context, status=form_status(form))


def _deposit_form(request: ClefRequest, deposit):
    if deposit is None:
        return DepositReturnForm(
            request.POST if request.method == "POST" else None,
            initial={"inventory_matches": True, "deductions": 0},
        )
    form = DepositReturnedForm(
        request.POST if request.method == "POST" else None, initial={"version": deposit.version}
    )
    require_version_when_editing(form, True)
    return form


def _save_deposit(request: ClefRequest, lease, deposit, data: dict, today: date):
    if deposit is None:
        return services.record_deposit_return(
            lease=lease,
            inventory_matches=data["inventory_matches"],
            deductions=data["deductions"],
            deduction_reason=data["deduction_reason"],
            returned_on=data["returned_on"],
            on=today,
            acting_user=request.user,
        )
    return services.mark_deposit_returned(
        deposit=deposit,
        returned_on=data["returned_on"],
        acting_user=request.user,
        expected_version=data["version"],
    )


def deposit_return(request: ClefRequest, pk: int) -> HttpResponse:
    lease, deposit = get_deposit_lease_or_404(request, pk, edit=request.method == "POST")
    today = timezone.localdate()
    form = _deposit_form(request, deposit) if perms.can_edit_ledger(request.membership) else None
    if request.method == "POST" and deposit is not None and deposit.returned_on is not None:
        form.add_error(None, "Ce dépôt de garantie est déjà restitué.")
    elif request.method == "POST" and form.is_valid():
        try:
            _save_deposit(request, lease, deposit, form.cleaned_data, today)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La restitution du dépôt de garantie est enregistrée.")
            return redirect("www:lease_life")
    log_lease(request, lease, deposit)
    context = {
        "lease": lease,
        "deposit": deposit,
        "held": queries.deposit_held(lease) if deposit is None else deposit.held,
        "form": form,
        "today": today,
    }
    return render(request, "leases/deposit.html", context, status=form_status(form) if form else 200)


def irl_indices(request: ClefRequest) -> HttpResponse:
    membership = require_irl_reader(request)
    can_load = is_platform_admin(membership)
    form, errors = None, []
    if request.method == "POST":
        require_irl_loader(request)
        form = IrlUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = load_irl(
                    name=upload.name,
                    data=upload.read(),
                    acting_user=request.user,
                    organisation=membership.organisation,
                )
            except IrlFileError as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    f"{upload.name} chargé : {result.created} indices ajoutés, {result.updated} modifiés, "
                    f"{result.unchanged} inchangés.",
                )
                return redirect("www:irl_indices")
    elif can_load:
        form = IrlUploadForm()
    context = {
        "indices": list(IrlIndex.objects.all()),
        "files": list(IrlFile.objects.select_related("loaded_by")[:10]) if can_load else [],
        "form": form,
        "errors": errors,
        "can_load": can_load,
        "rental_home_url": rental_home_url(),
    }
    status = 400 if errors else (form_status(form) if form else 200)
    return render(request, "leases/irl.html", context, status=status)
