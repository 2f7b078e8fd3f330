"""The « Signer l'engagement » page's forms: pre-filled from the lead (offered dwelling, landlord, the
operator's management fee), validated together, and the service's errors put back on the form that holds
the field (a refusal without a field, the carte professionnelle, goes to the top of the page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from clef.captation.models import Lead
from clef.contracts import rules, services
from clef.contracts.enums import ContractKind
from clef.contracts.models import Contract
from clef.dwellings.enums import ManagementMode
from clef.dwellings.models import Dwelling
from clef.organisations import perms
from clef.organisations.practice import practice_for
from clef.www.contracts.forms import (
    ContractForm,
    ConventionForm,
    OptionalBankAccountForm,
    SignDwellingForm,
    SignOptionsForm,
)
from clef.www.editing import attach_errors

# The service's field names that the forms call otherwise.
FIELD_ALIASES = {
    "conventionnement": "works",
    "rent_level": "level",
    "entry_date": "starts_on",
    "rent_hc": "rent",
}


@dataclass
class SignForms:
    dwelling: SignDwellingForm
    contract: ContractForm
    options: SignOptionsForm
    convention: ConventionForm
    bank: OptionalBankAccountForm

    @property
    def all(self) -> list:
        return [self.contract, self.dwelling, self.options, self.convention, self.bank]

    def is_valid(self) -> bool:
        checked = [self.dwelling, self.contract, self.options, self.bank]
        results = [form.is_valid() for form in checked]  # every form validated: all errors in one pass
        valid = all(results)
        if self.convention.is_bound:
            valid = self.convention.is_valid() and valid
        return valid

    def sign(self, lead: Lead, acting_user) -> Contract:
        with_convention = self.options.cleaned_data["with_convention"]
        return services.sign_engagement(
            lead,
            dwelling=self.dwelling.instance,
            contract=self.contract.instance,
            convention=self.convention.instance if with_convention else None,
            bank_account=self.bank.account(),
            acting_user=acting_user,
        )

    def attach(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            attach_errors(self.contract, exc)
            return
        for name, errors in exc.error_dict.items():
            target = FIELD_ALIASES.get(name, name)
            form = next((form for form in self.all if target in form.fields), self.contract)
            attach_errors(form, ValidationError({target if target in form.fields else name: errors}))


def is_carte_refusal(exc: ValidationError) -> bool:
    return not hasattr(exc, "error_dict") and any(error.code == "carte_pro" for error in exc.error_list)


def worded_for(exc: ValidationError, membership, operator, signed_on) -> ValidationError:
    """The carte professionnelle refusal as the member can act on it: only the direction records the card
    (clef.www.contracts.access.require_card_editor), any other member asks it to."""
    if perms.is_director(membership) or signed_on is None or not is_carte_refusal(exc):
        return exc
    return ValidationError(rules.mandate_refused(operator, signed_on, may_edit_card=False), code="carte_pro")


def initial_for(lead: Lead) -> dict[str, dict]:
    offered = lead.offered_dwelling
    fee = practice_for(lead.managing_operator_id).management_fee_percent
    mandate = lead.preferred_mode == ManagementMode.MANDAT_GESTION
    contract = {
        "kind": ContractKind.MANDAT_GESTION if mandate else ContractKind.BAIL_PRINCIPAL,
        "glissement_clause": lead.preferred_mode == ManagementMode.BAIL_GLISSANT,
        "fee_percent": fee,
    }
    dwelling: dict = {}
    if offered is not None:
        dwelling = {
            "address": offered.address,
            "commune": offered.commune,
            "typology": offered.typology,
            "surface_m2": offered.surface_m2,
            "places": rules.default_places(offered.typology),
        }
        contract |= {
            "rent": offered.rent_asked,
            "charges": offered.charges_asked,
            "starts_on": offered.available_from,
        }
    return {"dwelling": dwelling, "contract": contract}


def build(data, lead: Lead) -> SignForms:
    initial = initial_for(lead)
    return SignForms(
        dwelling=SignDwellingForm(data, prefix="logement", initial=initial["dwelling"], instance=Dwelling()),
        contract=ContractForm(data, prefix="contrat", initial=initial["contract"], instance=Contract()),
        options=SignOptionsForm(data, prefix="options"),
        # Bound only when the convention box is ticked: its fields are required then, ignored otherwise.
        convention=ConventionForm(
            data if data and data.get("options-with_convention") else None, prefix="convention"
        ),
        bank=OptionalBankAccountForm(data, prefix="banque"),
    )
