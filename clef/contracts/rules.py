"""The rules of conventions and contracts, written once: forms, services and the demo call them. Each
raises a ValidationError whose keys are the model's field names (or a plain message for the whole form).
"""

from datetime import date

from django.core.exceptions import ValidationError

from clef.contracts.enums import ContractKind, ConventionWorks
from clef.dwellings import rules as dwelling_rules
from clef.dwellings.enums import DwellingExitReason, ManagementMode, Parc
from clef.utils.dates import add_months

# CCH D. 321-24: a first lease signed before the convention request → the request within 2 months.
REQUEST_AFTER_LEASE_MONTHS = 2
# Landlord kinds whose dwellings are in the public park (every other owner is in the private park).
PUBLIC_LANDLORD_KINDS = {"bailleur_social"}
# A dwelling leaving the park for one of these reasons is to be captated again (re-captation).
RECAPTATION_REASONS = frozenset(
    {
        DwellingExitReason.GLISSEMENT_BAIL,
        DwellingExitReason.REPRISE_PROPRIETAIRE,
        DwellingExitReason.FIN_CONVENTION,
        DwellingExitReason.FIN_MANDAT,
    }
)


def check_mandate(operator, signed_on: date) -> None:
    """A mandat de gestion needs the managing operator's carte professionnelle valid on the signature day
    (held, issued on or before it, not expired: Organisation.carte_pro_valid_on, the one rule)."""
    if not operator.carte_pro_valid_on(signed_on):
        raise ValidationError(
            f"{operator.name} n'a pas de carte professionnelle valide au {signed_on:%d/%m/%Y} : un mandat de "
            "gestion ne peut pas être signé. Renseignez la carte professionnelle de la structure ou "
            "choisissez la location / sous-location.",
            code="carte_pro",
        )


def default_duration_years(works: str) -> int:
    """The convention's usual duration: 6 years without works, 9 with."""
    return 9 if works == ConventionWorks.AVEC_TRAVAUX else 6


def check_convention_duration(works: str, duration_years: int | None) -> None:
    """At least the default duration of its kind (6 years, 9 with works); the field bounds the maximum."""
    minimum = default_duration_years(works)
    if duration_years is not None and duration_years < minimum:
        kind = "avec travaux" if works == ConventionWorks.AVEC_TRAVAUX else "sans travaux"
        raise ValidationError(
            {"duration_years": f"Une convention {kind} dure au moins {minimum} ans."}, code="duration"
        )


def convention_ends_on(starts_on: date | None, duration_years: int) -> date | None:
    """The convention ends `duration_years` after it takes effect (with the first lease)."""
    return add_months(starts_on, 12 * duration_years) if starts_on else None


def check_convention_request(*, requested_on: date, first_lease_on: date | None) -> None:
    """CCH D. 321-24: when the first lease is signed before the request, the request follows within two
    months of it."""
    if first_lease_on is None or first_lease_on >= requested_on:
        return
    limit = add_months(first_lease_on, REQUEST_AFTER_LEASE_MONTHS)
    if requested_on > limit:
        raise ValidationError(
            {
                "requested_on": f"Le premier bail a été signé le {first_lease_on:%d/%m/%Y} : la demande de "
                f"convention devait être faite dans les deux mois, au plus tard le {limit:%d/%m/%Y} "
                "(article D. 321-24 du code de la construction et de l'habitation)."
            },
            code="late_request",
        )


def check_convention_park(parc: str, works: str, level: str) -> None:
    """A convention only in the private park: the dwellings' rule says so."""
    dwelling_rules.check_dwelling(
        entry_date=None, exit_date=None, exit_reason=None, parc=parc, conventionnement=works, rent_level=level
    )


def management_mode(kind: str, glissement_clause: bool) -> str:
    """The dwelling's management mode follows from its contract."""
    if kind == ContractKind.MANDAT_GESTION:
        return ManagementMode.MANDAT_GESTION
    return ManagementMode.BAIL_GLISSANT if glissement_clause else ManagementMode.SOUS_LOCATION


def parc_for_landlord(landlord_kind: str) -> str:
    """A social landlord's dwelling is in the public park, any other owner's in the private park."""
    return Parc.PUBLIC if landlord_kind in PUBLIC_LANDLORD_KINDS else Parc.PRIVE


def check_contract(
    *,
    kind: str,
    glissement_clause: bool,
    fee_percent,
    signed_on: date | None,
    starts_on: date | None,
    ends_on: date | None,
    renewal_on: date | None,
) -> None:
    """Coherence of a contract's own fields (value bounds are on the model fields)."""
    errors: dict[str, str] = {}
    if kind == ContractKind.BAIL_PRINCIPAL and fee_percent is not None:
        errors["fee_percent"] = "Les frais de gestion ne concernent que le mandat de gestion."
    if kind == ContractKind.MANDAT_GESTION and fee_percent is None:
        errors["fee_percent"] = "Indiquez les frais de gestion du mandat."
    if kind == ContractKind.MANDAT_GESTION and glissement_clause:
        errors["glissement_clause"] = "La clause de glissement ne concerne que le bail principal."
    if signed_on and starts_on and starts_on < signed_on:
        errors["starts_on"] = "Le contrat ne peut pas prendre effet avant sa signature."
    if starts_on and ends_on and ends_on <= starts_on:
        errors["ends_on"] = "L'échéance doit suivre la prise d'effet."
    if starts_on and renewal_on and renewal_on <= starts_on:
        errors["renewal_on"] = "Le renouvellement doit suivre la prise d'effet."
    if errors:
        raise ValidationError(errors)


def check_contract_end(*, starts_on: date, ended_on: date, end_reason: str) -> None:
    errors: dict[str, str] = {}
    if ended_on < starts_on:
        errors["ended_on"] = "Le contrat ne peut pas finir avant d'avoir pris effet."
    if not end_reason:
        errors["end_reason"] = "Indiquez le motif de fin du contrat."
    if errors:
        raise ValidationError(errors)
