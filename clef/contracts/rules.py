"""The rules of conventions and contracts, written once: forms, services and the demo call them. Each
raises a ValidationError whose keys are the model's field names (or a plain message for the whole form).
"""

from datetime import date

from django.core.exceptions import ValidationError

from clef.contracts.enums import ContractKind, ConventionWorks
from clef.dwellings import rules as dwelling_rules
from clef.dwellings.enums import DwellingExitReason, ManagementMode, Parc, Typology
from clef.utils.bounds import date_bound
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


def mandate_refused(operator, signed_on: date, *, may_edit_card: bool = True) -> str:
    """Why a mandate is refused, and what to do: the direction records the card, any other member asks it."""
    remedy = (
        "Renseignez la carte professionnelle de la structure"
        if may_edit_card
        else "Demandez à la direction de renseigner la carte professionnelle de la structure,"
    )
    return (
        f"{operator.name} n'a pas de carte professionnelle valide au {signed_on:%d/%m/%Y} : un mandat de "
        f"gestion ne peut pas être signé. {remedy} ou choisissez la location / sous-location."
    )


def check_mandate(operator, signed_on: date) -> None:
    """A mandat de gestion needs the managing operator's carte professionnelle valid on the signature day
    (held, issued on or before it, not expired: Organisation.carte_pro_valid_on, the one rule)."""
    if not operator.carte_pro_valid_on(signed_on):
        raise ValidationError(mandate_refused(operator, signed_on), code="carte_pro")


CARTE_PRO_ISSUED = date_bound("la date de délivrance de la carte professionnelle")
CARTE_PRO_EXPIRY = date_bound("la fin de validité de la carte professionnelle")
CARTE_PRO_STALE = (
    "La carte professionnelle a été modifiée depuis l'ouverture de ce formulaire (par un collègue, ou par "
    "vous dans un autre onglet) : rien n'a été enregistré. Rechargez la page, vérifiez-la, puis enregistrez "
    "à nouveau."
)


def check_carte_pro_dates(issued_on: date | None, expiry: date | None) -> None:
    """The carte professionnelle's dates: each within the project's date bounds, issued on or before its
    expiry (the page's form and the service call it; carte_pro_valid_on then reads sound dates)."""
    errors: dict[str, list[str]] = {}
    for name, bound, value in (
        ("carte_pro_issued_on", CARTE_PRO_ISSUED, issued_on),
        ("carte_pro_expiry", CARTE_PRO_EXPIRY, expiry),
    ):
        if not bound.contains(value):
            errors[name] = [bound.message]
    if not errors and issued_on and expiry and issued_on > expiry:
        errors["carte_pro_expiry"] = [
            f"La fin de validité ne peut pas précéder la délivrance de la carte ({issued_on:%d/%m/%Y})."
        ]
    if errors:
        raise ValidationError(errors)


def carte_pro_seen(organisation) -> str:
    """What the carte professionnelle form was built from (its optimistic lock: Organisation has no
    version): the four card values, compared again when it is saved."""
    return "|".join(
        str(value or "")
        for value in (
            organisation.has_carte_professionnelle,
            organisation.carte_pro_issued_on,
            organisation.carte_pro_expiry,
            organisation.carte_pro_number,
        )
    )


# « Places théoriques » pre-filled at signing: a couple in the main room or bedroom, one person in each
# other room (T1 2, T2 3, T3 4, T4 5, T5 and more 6); the signer adjusts it.
PLACES_BY_TYPOLOGY = {
    Typology.T1: 2,
    Typology.T2: 3,
    Typology.T3: 4,
    Typology.T4: 5,
    Typology.T5_PLUS: 6,
}
PLACES_HELP = (
    "Le nombre de personnes que le logement peut accueillir. Pré-rempli d'après la typologie (T1 : 2, "
    "T2 : 3, T3 : 4, T4 : 5, T5 et plus : 6) : ajustez-le."
)


def default_places(typology: str | None) -> int | None:
    """The dwelling's theoretical places from its typology (None when it is unknown)."""
    return PLACES_BY_TYPOLOGY.get(typology) if typology else None


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
