"""Conventions and contracts pages: signing the engagement (the dwelling enters the park), the contracts
list, a contract (edit, renew, end, bank details), a convention (request, sign, end), the bank details and
the operator's carte professionnelle. Each view starts with its access helper
(clef.www.contracts.access); the writes are clef.contracts.services (the rules are theirs). Reading a
contract or bank details is traced in the access log (context CONTRAT): an owner is a person."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clef.contracts import queries, services
from clef.contracts.enums import ConventionStatus
from clef.contracts.models import AnahConvention, Contract
from clef.journal.models import AccessLogEntry
from clef.journal.services import log_access
from clef.organisations import perms
from clef.stays.models import Stay
from clef.www.access import ClefRequest
from clef.www.contracts import signing
from clef.www.contracts.access import (
    get_bank_account_or_404,
    get_contract_bank_or_404,
    get_contract_dwelling_or_404,
    get_contract_or_404,
    get_convention_or_404,
    get_lead_to_sign_or_404,
    require_card_editor,
    require_contracts,
)
from clef.www.contracts.forms import (
    BankAccountForm,
    CardForm,
    ContractForm,
    ConventionForm,
    EndContractForm,
    EndConventionForm,
    RenewForm,
    SignConventionForm,
)
from clef.www.editing import attach_errors, form_status, require_version_when_editing
from clef.www.pagination import paginate


def _log(request: ClefRequest, record) -> None:
    log_access(
        user=request.user,
        organisation_id=record.organisation_id,
        context=AccessLogEntry.Context.CONTRAT,
        household_ids=[],
        subject=record,
    )


def _signed_message(contract: Contract, today) -> str:
    if contract.starts_on > today:
        return f"L'engagement est signé : le logement entrera dans le parc le {contract.starts_on:%d/%m/%Y}."
    return "L'engagement est signé : le logement est entré dans le parc."


def lead_sign(request: ClefRequest, pk: int) -> HttpResponse:
    lead = get_lead_to_sign_or_404(request, pk)
    operator, today = lead.managing_operator, timezone.localdate()
    forms = signing.build(request.POST or None, lead)
    card_refused = False
    if request.method == "POST" and forms.is_valid():
        try:
            contract = forms.sign(lead, request.user)
        except ValidationError as exc:
            card_refused = signing.is_carte_refusal(exc)
            signed_on = forms.contract.instance.signed_on
            forms.attach(signing.worded_for(exc, request.membership, operator, signed_on))
        else:
            messages.success(request, _signed_message(contract, today))
            return redirect(contract.dwelling)
    log_access(  # the page names the landlord (pre-filled)
        user=request.user,
        organisation_id=lead.landlord.organisation_id,
        context=AccessLogEntry.Context.PROPRIETAIRE,
        household_ids=[],
        subject=lead.landlord,
    )
    context = {
        "lead": lead,
        "forms": forms,
        "operator": operator,
        "today": today,
        "card_refused": card_refused,
        "can_edit_card": perms.is_director(request.membership),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "contracts/sign.html", context, status=status)


def contract_list(request: ClefRequest) -> HttpResponse:
    membership = require_contracts(request)
    today = timezone.localdate()
    organisation_id = membership.organisation_id
    ending = queries.ending(organisation_id, today)
    context = {
        "today": today,
        "operator": membership.organisation,
        "card_valid": membership.organisation.carte_pro_valid_on(today),
        "can_edit_card": perms.is_director(membership),
        "ending": ending,
        "ending_rows": ending.by_date(),
        "page": paginate(request, queries.contracts_in_force(organisation_id)),
        "without_contract": list(queries.dwellings_without_contract(organisation_id, today)[:200]),
    }
    return render(request, "contracts/list.html", context)


def contract_detail(request: ClefRequest, pk: int) -> HttpResponse:
    contract = get_contract_or_404(request, pk)
    _log(request, contract)
    conventions = AnahConvention.objects.filter(dwelling_id=contract.dwelling_id).order_by(
        "-requested_on", "-pk"
    )
    bank_in_clear = perms.can_read_bank_details(request.membership)
    if bank_in_clear and contract.bank_account is not None:
        contract.bank_account.load_clear()
    context = {
        "contract": contract,
        "conventions": list(conventions),
        "today": timezone.localdate(),
        "can_edit": perms.can_edit_contracts(request.membership),
        "bank_in_clear": bank_in_clear,
    }
    return render(request, "contracts/detail.html", context)


def _worded(request: ClefRequest, exc: ValidationError, contract: Contract) -> ValidationError:
    return signing.worded_for(exc, request.membership, contract.dwelling.organisation, contract.signed_on)


def contract_create(request: ClefRequest, pk: int) -> HttpResponse:
    dwelling = get_contract_dwelling_or_404(request, pk)
    landlords = dwelling.organisation.landlords.order_by("name", "first_name")
    form = ContractForm(request.POST or None, instance=Contract(dwelling=dwelling), landlords=landlords)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.save_contract(contract=form.instance, acting_user=request.user)
        except ValidationError as exc:
            attach_errors(form, _worded(request, exc, form.instance))
        else:
            messages.success(request, "Le contrat est enregistré.")
            return redirect(contract)
    context = {"form": form, "dwelling": dwelling, "contract": None}
    return render(request, "contracts/contract_form.html", context, status=form_status(form))


def contract_edit(request: ClefRequest, pk: int) -> HttpResponse:
    contract = get_contract_or_404(request, pk, edit=True)
    form = ContractForm(request.POST or None, instance=contract, initial={"version": contract.version})
    require_version_when_editing(form, True)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_contract(
                contract=form.instance,
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, _worded(request, exc, form.instance))
        else:
            messages.success(request, "Le contrat est modifié.")
            return redirect(contract)
    _log(request, contract)
    context = {"form": form, "dwelling": contract.dwelling, "contract": contract}
    return render(request, "contracts/contract_form.html", context, status=form_status(form))


def contract_renew(request: ClefRequest, pk: int) -> HttpResponse:
    contract = get_contract_or_404(request, pk, edit=True)
    form = RenewForm(request.POST or None, initial={"version": contract.version})
    require_version_when_editing(form, True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.renew_contract(
                contract=contract,
                renewal_on=data["renewal_on"],
                ends_on=data["ends_on"],
                rent=data["rent"],
                acting_user=request.user,
                expected_version=data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Le renouvellement du contrat est enregistré.")
            return redirect(contract)
    _log(request, contract)
    context = {"form": form, "contract": contract, "action": "renew"}
    return render(request, "contracts/contract_action.html", context, status=form_status(form))


def _open_stay(request: ClefRequest, contract: Contract) -> dict | None:
    """Where to end the stay that keeps the dwelling occupied: the stay on the household page for a
    member who ends stays, else the dwelling page (no household named)."""
    stay = Stay.objects.filter(dwelling_id=contract.dwelling_id, exit_date__isnull=True).first()
    if stay is None:
        return None
    if perms.can_edit_stays(request.membership):
        return {"url": stay.get_absolute_url(), "ends_stays": True}
    return {"url": contract.dwelling.get_absolute_url(), "ends_stays": False}


def contract_end(request: ClefRequest, pk: int) -> HttpResponse:
    contract = get_contract_or_404(request, pk, edit=True)
    initial = {"version": contract.version, "ended_on": timezone.localdate()}
    form = EndContractForm(request.POST or None, initial=initial)
    require_version_when_editing(form, True)
    occupied = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.end_contract(
                contract=contract,
                ended_on=data["ended_on"],
                end_reason=data["end_reason"],
                dwelling_leaves=data["dwelling_leaves"],
                acting_user=request.user,
                expected_version=data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc, fields={"exit_date": "ended_on", "exit_reason": "end_reason"})
            occupied = (
                _open_stay(request, contract) if "exit_date" in getattr(exc, "error_dict", {}) else None
            )
        else:
            messages.success(request, "La fin du contrat est enregistrée.")
            return redirect(contract)
    _log(request, contract)
    context = {"form": form, "contract": contract, "action": "end", "occupied": occupied}
    return render(request, "contracts/contract_action.html", context, status=form_status(form))


def contract_bank_account(request: ClefRequest, pk: int) -> HttpResponse:
    contract = get_contract_bank_or_404(request, pk)
    form = BankAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = form.account()
        account.landlord, account.organisation_id = contract.landlord, contract.organisation_id
        try:
            services.save_bank_account_for(contract=contract, account=account, acting_user=request.user)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "Les coordonnées bancaires sont enregistrées.")
            return redirect(contract)
    context = {"form": form, "contract": contract, "action": "bank"}
    return render(request, "contracts/contract_action.html", context, status=form_status(form))


def bank_account_detail(request: ClefRequest, pk: int) -> HttpResponse:
    account = get_bank_account_or_404(request, pk)
    in_clear = perms.can_read_bank_details(request.membership)
    if in_clear:
        _log(request, account)
        account.load_clear()
    contracts = account.contracts.select_related("dwelling__commune").order_by("-starts_on")
    context = {"account": account, "in_clear": in_clear, "contracts": list(contracts)}
    return render(request, "contracts/bank_account.html", context)


def convention_request(request: ClefRequest, pk: int) -> HttpResponse:
    dwelling = get_contract_dwelling_or_404(request, pk)
    contract = Contract.objects.in_force().filter(dwelling=dwelling).select_related("landlord").first()
    form = ConventionForm(request.POST or None)
    if request.method == "POST" and contract is None:
        form.add_error(None, "Enregistrez d'abord le contrat avec le propriétaire de ce logement.")
    elif request.method == "POST" and form.is_valid():
        convention = form.instance
        convention.dwelling, convention.landlord = dwelling, contract.landlord
        try:
            services.request_convention(convention=convention, acting_user=request.user)
        except ValidationError as exc:
            attach_errors(form, exc, fields={"conventionnement": "works", "rent_level": "level"})
        else:
            messages.success(request, "La convention Anah est enregistrée.")
            return redirect(convention)
    if contract is not None:
        _log(request, contract)  # the page names the owner
    context = {"form": form, "dwelling": dwelling, "contract": contract}
    return render(request, "contracts/convention_form.html", context, status=form_status(form))


def convention_detail(request: ClefRequest, pk: int) -> HttpResponse:
    convention = get_convention_or_404(request, pk)
    _log(request, convention)  # the page names the owner
    today = timezone.localdate()
    alert_until = queries.alert_until(convention.organisation_id, today)
    context = {
        "convention": convention,
        "today": today,
        "ending_soon": convention.status == ConventionStatus.SIGNEE and convention.ends_on <= alert_until,
        "can_edit": perms.can_edit_contracts(request.membership),
    }
    return render(request, "contracts/convention.html", context)


def convention_sign(request: ClefRequest, pk: int) -> HttpResponse:
    convention = get_convention_or_404(request, pk, edit=True)
    form = SignConventionForm(request.POST or None, initial={"version": convention.version})
    require_version_when_editing(form, True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.sign_convention(
                convention=convention,
                signed_on=data["signed_on"],
                starts_on=data["starts_on"],
                duration_years=data["duration_years"],
                acting_user=request.user,
                expected_version=data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La signature de la convention est enregistrée.")
            return redirect(convention)
    context = {"form": form, "convention": convention, "action": "sign"}
    return render(request, "contracts/convention_action.html", context, status=form_status(form))


def convention_end(request: ClefRequest, pk: int) -> HttpResponse:
    convention = get_convention_or_404(request, pk, edit=True)
    initial = {"version": convention.version, "ended_on": timezone.localdate()}
    form = EndConventionForm(request.POST or None, initial=initial)
    require_version_when_editing(form, True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.end_convention(
                convention=convention,
                ended_on=data["ended_on"],
                acting_user=request.user,
                expected_version=data["version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La fin de la convention est enregistrée.")
            return redirect(convention)
    context = {"form": form, "convention": convention, "action": "end"}
    return render(request, "contracts/convention_action.html", context, status=form_status(form))


def carte_pro(request: ClefRequest) -> HttpResponse:
    membership = require_card_editor(request)
    organisation = membership.organisation
    form = CardForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_carte_pro(
                organisation=form.instance, acting_user=request.user, seen=form.cleaned_data["seen"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "La carte professionnelle est enregistrée.")
            return redirect("www:contract_list")
    context = {"form": form, "operator": organisation, "today": timezone.localdate()}
    return render(request, "contracts/carte_pro.html", context, status=form_status(form))
