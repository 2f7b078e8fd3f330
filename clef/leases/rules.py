"""The rules of a lease's yearly life, each once: the IRL revision, the anniversaries and the index quarters
they compare, the deadline to claim a revision, the charges regularisation and the deposit's return date.

Legal basis (loi n° 89-462 du 6 juillet 1989): art. 17-1 (revision once a year at the date the lease says,
by at most the change of the IRL of the quarter named in the lease over one year; a revision not claimed
within a year of its date is lost for that year), art. 23 (provisions for charges regularised once a year),
art. 22 (deposit returned within one month when the exit inventory matches the entry one, two months
otherwise). The durations are settings (`CLEF_RENTAL`), never constants."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError

from clef.journal.services import euros_fr
from clef.rental.rules import ZERO, add_months, cents


def revised_rent(old_rent: Decimal, irl_old: Decimal, irl_new: Decimal) -> Decimal:
    """THE revision: old rent × new index / reference index, rounded to the cent (ROUND_HALF_UP).
    500,00 × 145,47 / 143,46 = 507,01. A lower index lowers the rent (the law caps the rise, not the fall)."""
    if irl_old <= 0 or irl_new <= 0:
        raise ValidationError("Les indices de référence des loyers doivent être positifs.")
    return cents(Decimal(old_rent) * Decimal(irl_new) / Decimal(irl_old))


def anniversary(start: date, year: int) -> date:
    """The lease's anniversary in `year` (a 29 February start: 28 February in a common year)."""
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return date(year, start.month, day)


def revision_window(on: date) -> tuple[date, date]:
    """The anniversaries whose revision can be proposed on `on`: from `revision_claim_months` ago (after
    that the year's revision is lost, art. 17-1) to `revision_lookahead_days` ahead (prepared in advance)."""
    rental = settings.CLEF_RENTAL
    return add_months(on, -rental["revision_claim_months"]) + timedelta(days=1), on + timedelta(
        days=rental["revision_lookahead_days"]
    )


def anniversaries_in(start: date, first: date, last: date) -> list[date]:
    """The anniversaries of `start` (never `start` itself) between `first` and `last` included."""
    found = []
    for year in range(max(first.year, start.year + 1), last.year + 1):
        day = anniversary(start, year)
        if first <= day <= last:
            found.append(day)
    return found


def revision_open(anniversary_on: date, ended_on: date | None, on: date) -> bool:
    """THE rule of an ended lease: a revision is proposed and applied only while the rent is still called —
    its anniversary before the lease's end and the decision taken by that end. After the exit the
    account is closed: a revision would change only the « Dû chaque mois » of a closed account."""
    return ended_on is None or (anniversary_on < ended_on and on <= ended_on)


ENDED_MESSAGE = (
    "Le bail a pris fin le {ended:%d/%m/%Y} : sa révision ne peut plus être proposée ni appliquée."
)


def check_revision_open(anniversary_on: date, ended_on: date | None, on: date) -> None:
    if not revision_open(anniversary_on, ended_on, on):
        raise ValidationError(ENDED_MESSAGE.format(ended=ended_on))


def revision_deadline(due_on: date) -> date:
    """The last day the revision of the anniversary `due_on` can be claimed (art. 17-1: one year)."""
    return add_months(due_on, settings.CLEF_RENTAL["revision_claim_months"]) - timedelta(days=1)


def default_reference_quarter(start: date) -> tuple[int, int]:
    """The IRL quarter a lease refers to when it names none: the last one published on its start date.
    INSEE publishes a quarter's index in the middle of the following month (mid-January for Q4): from the
    15th of a quarter's first month the previous quarter is out, before it the one before that."""
    quarter = (start.month - 1) // 3 + 1
    back = 1 if (start.month - 1) % 3 > 0 or start.day >= 15 else 2
    index = start.year * 4 + (quarter - 1) - back
    return index // 4, index % 4 + 1


def revision_quarters(reference: tuple[int, int], start: date, due_on: date) -> tuple[tuple, tuple]:
    """The two quarters compared at the anniversary `due_on`: the reference quarter of the previous year
    and of this year (n-th anniversary: reference year + n − 1 and + n; the same quarter, one year apart)."""
    year, quarter = reference
    n = due_on.year - start.year
    return (year + n - 1, quarter), (year + n, quarter)


def quarter_label(year: int, quarter: int) -> str:
    return f"T{quarter} {year}"


def missing_index_message(year: int, quarter: int) -> str:
    return f"Indice du {quarter_label(year, quarter)} pas encore chargé."


def regularisation_difference(provisions: Decimal, actual_charges: Decimal) -> Decimal:
    """What the household owes (> 0) or is owed (< 0) once the year's actual charges are known."""
    return cents(Decimal(actual_charges) - Decimal(provisions))


def regularisation_deadline(year: int) -> date:
    """Regularise the charges of `year` by the end of this many months after the year (a practice setting)."""
    return add_months(
        date(year + 1, 1, 1), settings.CLEF_RENTAL["regularisation_deadline_months"]
    ) - timedelta(days=1)


def deposit_due_by(exit_on: date, inventory_matches: bool) -> date:
    """The deposit's return date (loi du 6 juillet 1989, art. 22): one month after the exit when the exit
    inventory matches the entry one, two months otherwise, calendar months (`deposit_return_months`):
    an exit on 31/01 → 28/02 (or 31/03)."""
    months = settings.CLEF_RENTAL["deposit_return_months"]
    return add_months(exit_on, months[0] if inventory_matches else months[1])


def deposit_late_penalty(rent: Decimal, due_by: date, returned_on: date) -> Decimal:
    """What the household is owed for a deposit returned after `due_by` (art. 22 al. 7): the setting's
    percentage (10 %) of the monthly rent excluding charges, per month started after the deadline; zero
    when on time. Due 28/02, returned 01/03 → 1 month started; returned 29/03 → 2."""
    if returned_on <= due_by:
        return ZERO
    started = 1
    while add_months(due_by, started) < returned_on:
        started += 1
    rate = Decimal(settings.CLEF_RENTAL["deposit_late_penalty_percent"]) / 100
    return cents(Decimal(rent) * rate * started)


def check_deductions(held: Decimal, deductions: Decimal, reason: str, owed: Decimal | None = None) -> None:
    """Deductions are kept on the deposit held, never more, and pay what the household owes on its account
    (`owed`: its own debt, damage charged to the account included), never more: a deduction for damage is
    made once the damage is charged to the account. Each one has its reason."""
    if deductions < 0:
        raise ValidationError({"deductions": "Les retenues ne peuvent pas être négatives."})
    if deductions > held:
        raise ValidationError(
            {"deductions": f"Les retenues ne peuvent pas dépasser le dépôt détenu ({euros_fr(held)})."}
        )
    if deductions > 0 and not reason.strip():
        raise ValidationError({"deduction_reason": "Indiquez le motif des retenues (dettes, dégradations…)."})
    if owed is not None and deductions > max(owed, ZERO):
        raise ValidationError(
            {
                "deductions": "Les retenues ne peuvent pas dépasser ce que le ménage doit sur son compte "
                f"({euros_fr(max(owed, ZERO))}) : imputez d'abord au compte du ménage les dégradations à "
                "retenir (sinistre, « Imputer au compte du ménage »)."
            }
        )
    if deductions > 0 and not reason.strip():
        raise ValidationError({"deduction_reason": "Indiquez le motif des retenues (dettes, dégradations…)."})
