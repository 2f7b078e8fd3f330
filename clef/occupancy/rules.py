"""Rules of occupancy terms, social-housing demands and the lease slide: one function each, called by the
services, the forms and the queries (never restated).

Durations are the operator's practice settings (`clef.organisations.practice.practice_for`): by default
« une occupation d'une durée de six mois renouvelables au maximum deux fois est préconisée » (instruction
of 4 June 2018, reference text), hence 18 months recommended.

The numéro unique. Since the loi Égalité et Citoyenneté (2017) it is national, issued by the SNE, and
printed on the registration certificate (shared/reference/domain_rules.md §5). Its exact layout is not
sourced there, so Clef accepts what the certificate can show without guessing a layout: 1 to 18 letters
and digits (spaces and dashes typed for readability are removed, letters upper-cased).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Q

from clef.dwellings.enums import ManagementMode
from clef.occupancy import enums
from clef.occupancy.models import DALO_NOT_IN_FUTURE, DEMAND_NUMBER_MAX
from clef.utils.dates import DAYS_PER_MONTH, add_months

# Dwellings whose household holds an occupancy agreement with the operator (the operator is the tenant).
# Under a mandat de gestion, the household is the owner's own tenant: no occupancy term.
SUBLET_MODES = (ManagementMode.SOUS_LOCATION, ManagementMode.BAIL_GLISSANT)
SLIDE_MODES = SUBLET_MODES

DEMAND_NUMBER = re.compile(rf"[A-Z0-9]{{1,{DEMAND_NUMBER_MAX}}}")
DEMAND_NUMBER_MESSAGE = (
    f"Le numéro unique se compose de lettres et de chiffres ({DEMAND_NUMBER_MAX} caractères au plus), "
    "tel qu'il figure sur l'attestation d'enregistrement de la demande."
)
REASON_REQUIRED = (
    "Au-delà {renewals} (durée préconisée : {months} mois), indiquez le motif de ce renouvellement."
)


def renewals_text(renewals: int) -> str:
    """« de la première période », « d'un renouvellement », « de 2 renouvellements »."""
    if renewals == 0:
        return "de la première période"
    return "d'un renouvellement" if renewals == 1 else f"de {renewals} renouvellements"


NOT_SUBLET = (
    "Ce logement est géré en mandat de gestion : le ménage est locataire du propriétaire, il n'y a pas de "
    "période d'occupation."
)


def has_terms(management_mode: str) -> bool:
    """Occupancy terms concern sublet dwellings (sous-location, bail glissant), never a mandat de gestion."""
    return management_mode in SUBLET_MODES


def first_term_dates(entry_date: date, term_months: int) -> tuple[date, date]:
    """The first term starts on the entry day and lasts `term_months` (its last day is the day before the
    same date `term_months` later)."""
    return entry_date, add_months(entry_date, term_months) - timedelta(days=1)


def next_term_dates(previous_end: date, term_months: int) -> tuple[date, date]:
    """A renewal starts the day after the previous term ends, for `term_months`."""
    return first_term_dates(previous_end + timedelta(days=1), term_months)


def recommended_months(term_months: int, max_renewals: int) -> int:
    """The recommended length of occupancy: term × (1 + renewals), 18 months by default."""
    return term_months * (1 + max_renewals)


def recommended_end(entry_date: date, term_months: int, max_renewals: int) -> date:
    """The last day of the recommended length, from the entry day."""
    return add_months(entry_date, recommended_months(term_months, max_renewals)) - timedelta(days=1)


def beyond_recommended_cutoff(on: date, term_months: int, max_renewals: int) -> date:
    """The latest entry day of a stay that is beyond the recommended length on `on` (its recommended end
    is before `on`): the query form of `recommended_end(entry) < on`."""
    months = recommended_months(term_months, max_renewals)
    cutoff = add_months(on, -months)
    while add_months(cutoff + timedelta(days=1), months) <= on:
        cutoff += timedelta(days=1)
    while add_months(cutoff, months) > on:
        cutoff -= timedelta(days=1)
    return cutoff


def cadence_days(months: int) -> int:
    """A cadence in months as days, the way Clef counts months (clef.utils.dates.DAYS_PER_MONTH), for the
    due dates the database computes (a slide review every 6 months: 183 days)."""
    return round(months * DAYS_PER_MONTH)


def renewal_number(term_number: int) -> int:
    """Renewing term n opens term n + 1, the n-th renewal."""
    return term_number


def check_renewal(*, term_number: int, max_renewals: int, term_months: int, reason: str) -> None:
    """A renewal beyond the recommended number needs a reason (it is allowed: each situation is
    specific)."""
    if renewal_number(term_number) > max_renewals and not reason.strip():
        raise ValidationError(
            {
                "reason": REASON_REQUIRED.format(
                    renewals=renewals_text(max_renewals), months=recommended_months(term_months, max_renewals)
                )
            }
        )


def check_term_decidable(*, decision: str, stay_open: bool, is_last: bool) -> None:
    """Only the pending last term of a present household is decided (renewed, ended or slid)."""
    if decision != enums.TermDecision.PENDING:
        raise ValidationError("Cette période a déjà été décidée.", code="already_decided")
    if not is_last:
        raise ValidationError("Seule la dernière période se décide.", code="not_last")
    if not stay_open:
        raise ValidationError("Ce séjour est terminé : sa période ne se renouvelle plus.", code="stay_ended")


def term_alert(*, ends_on: date, decision: str, on: date, alert_days: int) -> bool:
    """A pending term whose end is within `alert_days` (or passed): it must be decided."""
    return decision == enums.TermDecision.PENDING and ends_on - on <= timedelta(days=alert_days)


# --- Social-housing demand -----------------------------------------------------------------------------


def normalise_demand_number(value: str) -> str:
    """The number as stored: spaces and dashes removed, letters upper-cased."""
    return re.sub(r"[\s-]", "", value or "").upper()


def check_demand_number(value: str) -> None:
    """Empty (the number is not known yet) or 1 to 18 letters and digits."""
    if value and not DEMAND_NUMBER.fullmatch(value):
        raise ValidationError({"number": DEMAND_NUMBER_MESSAGE})


def default_renewal_due(first_demand_on: date, validity_months: int) -> date:
    """A demand is renewed every `validity_months` (12 by default) from its first date."""
    return add_months(first_demand_on, validity_months)


def check_demand_dates(
    *,
    first_demand_on: date,
    renewal_due_on: date,
    syplo_labelled: bool,
    syplo_labelled_on,
    dalo_recognised_on,
) -> None:
    errors = {}
    if renewal_due_on <= first_demand_on:
        errors["renewal_due_on"] = "La date de renouvellement doit suivre la date de la première demande."
    if syplo_labelled_on and not syplo_labelled:
        errors["syplo_labelled_on"] = "Une date de labellisation SYPLO suppose que le ménage est labellisé."
    try:
        DALO_NOT_IN_FUTURE.check(dalo_recognised_on)
    except ValidationError as exc:
        errors["dalo_recognised_on"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)


def active_demand_q(on: date, prefix: str = "") -> Q:
    """The query form of `has_active_demand` (prefix: the path to the household, e.g. "household__"): a
    demand record not yet due for renewal, or, without a record, the household's own declaration."""
    record = f"{prefix}social_housing_demand_record"
    return Q(**{f"{record}__renewal_due_on__gte": on}) | Q(
        **{f"{record}__isnull": True, f"{prefix}social_housing_demand": True}
    )


def demand_is_active(demand, declared: bool, on: date) -> bool:
    """ONE rule of « active demand »: a demand record decides when there is one (active until its renewal
    date, included); without a record, the household's declaration (household form, import, SIAO
    acceptance: `Household.social_housing_demand`) decides."""
    if demand is not None:
        return demand.renewal_due_on >= on
    return bool(declared)


def has_active_demand(household, on: date) -> bool:
    """`demand_is_active` for a household (its record read through the reverse one-to-one)."""
    demand = getattr(household, "social_housing_demand_record", None)
    return demand_is_active(demand, getattr(household, "social_housing_demand", False), on)


def demand_alert(*, renewal_due_on: date, on: date, alert_days: int) -> bool:
    return renewal_due_on - on <= timedelta(days=alert_days)


# --- The lease slide -----------------------------------------------------------------------------------


def check_slide_date(*, on: date, reviewed_on: date | None, commission_on: date | None) -> None:
    """The lease slides on or after the favourable commission that approved it, and on or after the review
    that recorded it (never before)."""
    if commission_on and on < commission_on:
        raise ValidationError(
            {"slid_on": f"Le bail ne peut glisser avant la commission favorable du {commission_on:%d/%m/%Y}."}
        )
    if reviewed_on and on < reviewed_on:
        raise ValidationError(
            {
                "slid_on": f"Le bail ne peut glisser avant le point sur le glissement du {reviewed_on:%d/%m/%Y}."
            }
        )


def check_slide(
    *,
    stay_open: bool,
    entry_date: date,
    on: date,
    management_mode: str,
    last_commission: str | None,
    reviewed_on: date | None = None,
    commission_on: date | None = None,
) -> None:
    """The lease slides to a present household, in a sublet dwelling (bail glissant or sous-location),
    after a favourable commission decision in its last readiness review (not before that commission nor
    that review)."""
    if not stay_open or entry_date > on:
        raise ValidationError("Le ménage doit être présent dans le logement à la date du glissement.")
    if management_mode not in SLIDE_MODES:
        raise ValidationError(
            "Le bail ne glisse que pour un logement en bail glissant ou en location / sous-location."
        )
    if last_commission != enums.CommissionDecision.FAVORABLE:
        raise ValidationError(
            "Le dernier point sur le glissement doit porter la décision favorable de la commission."
        )
    check_slide_date(on=on, reviewed_on=reviewed_on, commission_on=commission_on)


def check_review(*, reviewed_on: date, next_review_on, commission_decision: str, commission_on) -> None:
    errors = {}
    if next_review_on and next_review_on <= reviewed_on:
        errors["next_review_on"] = "Le prochain point doit suivre la date de ce point."
    if commission_decision != enums.CommissionDecision.AUCUNE and not commission_on:
        errors["commission_on"] = "Indiquez la date de la commission."
    if commission_decision == enums.CommissionDecision.AUCUNE and commission_on:
        errors["commission_decision"] = "Indiquez la décision de la commission à cette date."
    if errors:
        raise ValidationError(errors)
