"""The ledger's domain rules, each once: forms, services, queries and the other rental apps call them.

Money is `Decimal`, rounded to the cent half-up by `cents` (THE rounding of every rental amount). A
`period` is the first day of a month (`month_start`). The thresholds are settings (`CLEF_RENTAL`)."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError

from clef.contracts.enums import ContractKind
from clef.journal.services import euros_fr
from clef.rental.enums import AgeingBucket, BenefitStatus, LedgerMode
from clef.utils.dates import add_months  # THE month arithmetic (31/01 + 1 → 28/02), re-exported here

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def cents(value) -> Decimal:
    """Rounded to the cent, half up: cents(Decimal("10.005")) == Decimal("10.01")."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_label(period: date) -> str:
    """« mars 2026 »."""
    return f"{MONTHS_FR[period.month - 1]} {period.year}"


ELIDED_INITIALS = "aeiouyhàâäéèêëîïôöùûüÿæœAEIOUYHÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÆŒ"


def de(text) -> str:
    """THE French « de » before a word: « d'avril 2026 », « d'Adama NGUYEN », « de mars 2026 » (elided
    before a vowel or an h: the h of a French name is most often mute)."""
    text = str(text)
    return f"d'{text}" if text and text[0] in ELIDED_INITIALS else f"de {text}"


def ledger_mode(contract) -> str:
    """A management mandate is managed as a mandate; a main lease (with or without glissement) is sublet."""
    if contract is not None and contract.kind == ContractKind.MANDAT_GESTION:
        return LedgerMode.MANDAT_GESTION
    return LedgerMode.SOUS_LOCATION


def monthly_due(lease) -> Decimal:
    """Rent (or redevance) and the charges' provision, per month."""
    return cents(lease.rent + lease.charges)


def benefit_paid_to_manager(lease) -> bool:
    """The housing benefit is paid to the manager (tiers payant) and expected: not suspended."""
    return bool(
        lease.benefit_kind
        and lease.benefit_tiers_payant
        and lease.benefit_amount > 0
        and lease.benefit_status != BenefitStatus.SUSPENDUE
    )


def net_monthly_due(lease) -> Decimal:
    """What the household itself owes each month: the monthly due minus the benefit paid to the manager
    (tiers payant, not suspended), never below zero."""
    due = monthly_due(lease)
    if benefit_paid_to_manager(lease):
        due -= lease.benefit_amount
    return max(cents(due), ZERO)


def caf_threshold(lease) -> Decimal:
    """Arrears reported to the CAF/MSA from this debt on (domain_rules § 4, décret 2016-748): the threshold
    in months × the monthly rent and charges, net of the benefit when it is paid to the manager."""
    months = Decimal(settings.CLEF_RENTAL["caf_report_threshold_months"])
    return cents(months * net_monthly_due(lease))


def caf_report_deadline(crossed_on: date) -> date:
    """The report is due within `caf_report_deadline_months` of the day the threshold was crossed."""
    return add_months(crossed_on, settings.CLEF_RENTAL["caf_report_deadline_months"])


def ageing_bucket(debt: Decimal, monthly: Decimal) -> str:
    """The arrears' age: the household's debt expressed in months of what it owes each month, against the
    limits of the settings (1, 2, 3): exactly 1 month → « 1 à 2 mois »."""
    low, middle, high = (Decimal(limit) for limit in settings.CLEF_RENTAL["ageing_limits_months"])
    if debt <= 0:
        return AgeingBucket.MOINS_1_MOIS
    if monthly <= 0:
        return AgeingBucket.TROIS_MOIS_ET_PLUS
    if debt < low * monthly:
        return AgeingBucket.MOINS_1_MOIS
    if debt < middle * monthly:
        return AgeingBucket.UN_DEUX_MOIS
    if debt < high * monthly:
        return AgeingBucket.DEUX_TROIS_MOIS
    return AgeingBucket.TROIS_MOIS_ET_PLUS


def prorated(amount: Decimal, days: int, days_in_month: int) -> Decimal:
    """A monthly amount for `days` days of a month of `days_in_month` days, to the cent."""
    return cents(Decimal(amount) * days / days_in_month)


def occupied_days(starts_on: date, ends_on: date | None, period: date) -> int:
    """Days of the month `period` inside [starts_on, ends_on] (the exit day included), 0 when none."""
    first, last = max(starts_on, period), month_end(period)
    if ends_on is not None:
        last = min(last, ends_on)
    return max((last - first).days + 1, 0)


def differential_max_amount(lease) -> Decimal:
    """A differential lowers the household's own share, never below zero: at most what it owes each month
    (rent + charges − the housing benefit paid to the manager: `net_monthly_due`)."""
    return net_monthly_due(lease)


def check_differential(*, lease, starts_on: date, ends_on: date, monthly_amount: Decimal) -> None:
    """A differential covers whole months (≤ `differential_max_months`, a setting) inside the lease, for at
    most the household's own share (`differential_max_amount`), and overlaps no other differential of the
    lease (their months would be credited twice)."""
    errors = {}
    max_months = settings.CLEF_RENTAL["differential_max_months"]
    if starts_on.day != 1 or ends_on.day != 1:
        errors["starts_on"] = "Un différentiel porte sur des mois entiers (indiquez le premier jour du mois)."
    if ends_on < starts_on:
        errors["ends_on"] = "Le dernier mois doit suivre le premier."
    elif (ends_on.year - starts_on.year) * 12 + ends_on.month - starts_on.month + 1 > max_months:
        errors["ends_on"] = (
            f"Un différentiel de loyer dure au plus {max_months} mois : "
            "décidez-en un nouveau à son terme si la difficulté persiste."
        )
    ceiling = differential_max_amount(lease)
    if monthly_amount is not None and monthly_amount > ceiling:
        errors["monthly_amount"] = (
            f"Le différentiel mensuel ne peut pas dépasser la part du ménage ({euros_fr(ceiling)} : loyer et "
            "charges moins l'aide au logement versée au gestionnaire)."
        )
    if starts_on < month_start(lease.starts_on) or (lease.ends_on and ends_on > lease.ends_on):
        errors.setdefault(
            "starts_on", "Le différentiel doit être compris dans la durée du titre d'occupation."
        )
    if lease.pk and lease.differentials.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        errors.setdefault(
            "starts_on",
            "Un différentiel de loyer est déjà décidé sur une partie de ces mois : ils ne peuvent pas être "
            "réduits deux fois.",
        )
    if errors:
        raise ValidationError(errors)


def check_payover(amount: Decimal, owed: Decimal) -> None:
    """A payment to the owner pays what the operator owes the owner on the contract's account, never more."""
    if amount > owed:
        raise ValidationError(
            {
                "amount": "Le versement ne peut pas dépasser ce qui est dû au propriétaire "
                f"({euros_fr(max(owed, ZERO))})."
            }
        )


def check_sublet_rent(lease) -> None:
    """Loi du 6 juillet 1989, art. 8: in a sublet, the sub-rent per m² may not exceed the main lease's rent
    per m². Both rents are of the same dwelling, so the per-m² comparison is the rents' comparison."""
    contract = lease.contract
    if lease.mode != LedgerMode.SOUS_LOCATION or contract is None:
        return
    if lease.rent > contract.rent:
        raise ValidationError(
            {
                "rent": "Le loyer de sous-location ne peut pas dépasser celui du bail principal "
                f"({euros_fr(contract.rent)}) au m² (loi du 6 juillet 1989, art. 8)."
            }
        )


def lease_end(lease) -> date | None:
    """The lease's end, or its stay's exit day (the household is present on it) while the lease was not
    closed."""
    return lease.ends_on or lease.stay.exit_date
