"""The rules of recovery, written once: reminders, repayment plans (« plans d'apurement ») and litigation
steps. Forms, services, queries, the agenda and the demo call them. Thresholds and delays are read from
`settings.CLEF_RENTAL` (practices, never constants). Money is rounded with THE rounding,
`clef.rental.rules.cents`.

A plan's instalment k (cumulated amount C_k) is respected iff the household's own debt on its check day
(due date + `instalment_grace_days`) is at most the plan's debt minus C_k: the household paid its current
rent AND the instalment. The household's own debt is the ledger's one definition (clef.rental.debt): its
balance less the housing benefit still expected from the CAF/MSA, so a late CAF/MSA payment never breaks a plan
the household keeps. A suspended benefit is no longer expected on the months called during the suspension:
those months are the household's to pay. A missed instalment breaks the plan; `slide_after_respected_months` consecutive
respected instalments flag it « glissement du bail possible » (the AIVS Territoires' practice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError

from clef.organisations.models import Role
from clef.utils.dates import add_months

INSTALMENTS_MIN, INSTALMENTS_MAX = 1, 120
INSTALMENT_MIN_EUROS = Decimal(
    "1.00"
)  # each instalment at least 1 € (M5: 0,50 € in 120 made 0,00 instalments)


def _setting(name: str):
    return settings.CLEF_RENTAL[name]


def _cents(value: Decimal) -> Decimal:
    from clef.rental.rules import cents  # THE rounding (rental owns it)

    return cents(value)


def _fr_euros(value: Decimal) -> str:
    """« 1 234,50 € » (the journal's French format)."""
    from clef.journal.services import euros_fr

    return euros_fr(value)


# --- Repayment plans ------------------------------------------------------------------------------------------


def instalment_amounts(debt: Decimal, count: int) -> list[Decimal]:
    """`count` equal instalments rounded to the cent; the last absorbs the rounding.
    900,00 in 6 → 150,00 × 6; 1 000,00 in 3 → 333,33, 333,33, 333,34."""
    if not INSTALMENTS_MIN <= count <= INSTALMENTS_MAX:
        raise ValidationError(
            {
                "instalments_count": f"Le nombre d'échéances doit être compris entre {INSTALMENTS_MIN} et {INSTALMENTS_MAX}."
            }
        )
    each = (Decimal(debt) / count).quantize(Decimal("0.01"), ROUND_DOWN)  # the last is the largest, never < 0
    return [each] * (count - 1) + [_cents(Decimal(debt) - each * (count - 1))]


def instalment_due_dates(first_due_on: date, count: int) -> list[date]:
    """Monthly due dates from the first (the 31st clamped to the month's last day)."""
    return [add_months(first_due_on, k) for k in range(count)]


def check_day(due_on: date) -> date:
    """The day an instalment is checked: its due date plus the grace days (a practice, in the settings)."""
    return due_on + timedelta(days=_setting("instalment_grace_days"))


def calls_due_until(check_on: date, due_day: int) -> date:
    """The rent calls owed on a check day are those booked until the rent's last due date on or before it:
    with rent due on the 5th, on 04/02 February's call (booked 01/02) is not owed yet, on 07/03 March's is (H3)."""
    return last_due_date(check_on, due_day)


def first_due_default(agreed_on: date, due_day: int) -> date:
    """A plan's first instalment, by default: the rent's next due day after the agreement (the household pays
    its rent and its instalment together), the agreement day itself when it is a due day."""
    due = last_due_date(agreed_on, due_day)
    return due if due == agreed_on else add_months(due, 1)


def check_plan(
    *,
    debt_amount: Decimal | None,
    instalments_count: int | None,
    first_due_on,
    agreed_on,
    household_debt: Decimal | None = None,
) -> None:
    """A plan: a positive debt, at most the household's debt from the ledger (`household_debt`, when it has a
    rent account: W2), 1 to 120 instalments of at least 1 € each (M5), agreed before (or on) its first due
    date."""
    errors = {}
    if debt_amount is not None and debt_amount <= 0:
        errors["debt_amount"] = (
            "La dette du plan doit être supérieure à 0 € : ce ménage n'a pas de dette à apurer."
        )
    elif debt_amount is not None and household_debt is not None and debt_amount > household_debt:
        errors["debt_amount"] = (
            f"La dette du plan ne peut pas dépasser la dette du ménage selon son compte locatif "
            f"({_fr_euros(household_debt)})."
        )
    if instalments_count is not None and not INSTALMENTS_MIN <= instalments_count <= INSTALMENTS_MAX:
        errors["instalments_count"] = (
            f"Le nombre d'échéances doit être compris entre {INSTALMENTS_MIN} et {INSTALMENTS_MAX}."
        )
    elif (
        instalments_count
        and debt_amount
        and debt_amount > 0
        and debt_amount / instalments_count < INSTALMENT_MIN_EUROS
    ):
        most = max(int(debt_amount // INSTALMENT_MIN_EUROS), 1)
        errors["instalments_count"] = (
            f"Chaque échéance doit être d'au moins 1 € : {_fr_euros(debt_amount)} se rembourse en "
            f"{most} échéance{'s' if most > 1 else ''} au plus."
        )
    if first_due_on and agreed_on and first_due_on < agreed_on:
        errors["first_due_on"] = (
            f"La première échéance ne peut pas précéder l'accord du plan (le {agreed_on:%d/%m/%Y})."
        )
    if errors:
        raise ValidationError(errors)


def instalment_respected(*, debt_on_check_day: Decimal, plan_debt: Decimal, cumulated: Decimal) -> bool:
    """THE rule: the household's own debt on the check day (the benefit still expected from the CAF/MSA left
    out) is at most the plan's debt minus the instalments cumulated so far (the current rent was paid AND the
    instalment)."""
    return debt_on_check_day <= plan_debt - cumulated


@dataclass(frozen=True)
class PlanState:
    status: str  # a PlanStatus value
    respected_months: int
    slide_possible: bool


def plan_state(outcomes: list[bool], instalments_count: int) -> PlanState:
    """From the outcomes of the instalments already checked (in order): a miss → `rompu` (the respected
    months are those before it); every instalment checked and respected → `solde`; else `en_cours`. The
    slide is possible from `slide_after_respected_months` consecutive respected instalments, unless broken."""
    respected = 0
    for outcome in outcomes:
        if not outcome:
            return PlanState("rompu", respected, False)
        respected += 1
    status = "solde" if respected >= instalments_count else "en_cours"
    return PlanState(status, respected, slide_possible(respected))


def slide_months() -> int:
    """How many consecutive respected instalments open the lease slide (a setting)."""
    return _setting("slide_after_respected_months")


def slide_possible(respected_months: int) -> bool:
    return respected_months >= slide_months()


# --- Reminders ------------------------------------------------------------------------------------------------


def last_due_date(on: date, due_day: int) -> date:
    """The rent's last due date on or before `on` (the lease's due day, 1–28)."""
    this_month = on.replace(day=due_day)
    return this_month if this_month <= on else add_months(this_month, -1)


def debt_beyond_plan(household_debt: Decimal, plan_remaining: Decimal | None) -> Decimal:
    """What a reminder is about (W5): the household's debt less what a running plan still covers (its debt
    less the instalments already due), never below 0. A household keeping its plan is not reminded of the
    plan's remaining amount — only of what it owes beyond it (a rent unpaid since)."""
    if plan_remaining is None:
        return household_debt
    return max(household_debt - max(plan_remaining, Decimal("0.00")), Decimal("0.00"))


def reminder_due(*, household_debt: Decimal, due_day: int, last_reminder_on: date | None, on: date) -> bool:
    """A reminder is due when the household owes something `reminder_after_days` after the rent's last due
    date and no reminder was sent since that due date."""
    if household_debt <= 0:
        return False
    due = last_due_date(on, due_day)
    if on < due + timedelta(days=_setting("reminder_after_days")):
        return False
    return last_reminder_on is None or last_reminder_on < due


# --- Litigation -----------------------------------------------------------------------------------------------

# Who may be in charge of a case: the litigation officer or the direction (the AIVS Territoires has « une
# salariée chargée de contentieux »); the social worker who follows the household is named beside.
CASE_OFFICER_ROLES = frozenset({Role.LITIGATION_OFFICER, Role.DIRECTOR})
CASE_SOCIAL_WORKER_ROLES = frozenset({Role.SOCIAL_WORKER})
OFFICER_REFUSED = "Le chargé du dossier doit être le chargé de contentieux ou la direction de la structure."
SOCIAL_WORKER_REFUSED = "Le travailleur social doit être un travailleur social de la structure."


def check_case_people(
    *, officer_role: str | None, social_worker_role: str | None, has_social_worker: bool
) -> None:
    """The officer is a litigation officer or the direction of the operator; the social worker (optional) one of
    its social workers (roles of their active memberships in the operator, None when none)."""
    errors = {}
    if officer_role not in CASE_OFFICER_ROLES:
        errors["officer"] = OFFICER_REFUSED
    if has_social_worker and social_worker_role not in CASE_SOCIAL_WORKER_ROLES:
        errors["social_worker"] = SOCIAL_WORKER_REFUSED
    if errors:
        raise ValidationError(errors)


STEP_ORDER = ("relance", "mise_en_demeure", "commandement_de_payer", "assignation", "jugement", "expulsion")


def next_deadline(kind: str, done_on: date) -> date | None:
    """The next step's deadline: done_on + the delay of the step just taken (settings); none after the
    expulsion (or for a delay of 0)."""
    days = _setting("litigation_next_step_days").get(kind, 0)
    if kind == STEP_ORDER[-1] or not days:
        return None
    return done_on + timedelta(days=days)


def allowed_next_steps(previous_kind: str | None) -> tuple[str, ...]:
    """A step never goes back (nor repeats): only the later steps are offered."""
    if previous_kind is None:
        return STEP_ORDER
    return STEP_ORDER[STEP_ORDER.index(previous_kind) + 1 :]


def check_step(
    *,
    kind: str,
    done_on: date,
    previous_kind: str | None,
    previous_on: date | None,
    opened_on: date,
    today: date,
) -> None:
    """A litigation step: later in the order than the previous one, dated on or after it and the case's
    opening, never in the future."""
    from clef.recovery.enums import StepKind

    errors = {}
    if kind not in allowed_next_steps(previous_kind):
        errors["kind"] = (
            f"L'étape « {StepKind(kind).label} » ne peut pas suivre « {StepKind(previous_kind).label} » : "
            "une procédure ne revient jamais en arrière."
        )
    if done_on > today:
        errors["done_on"] = "La date de l'étape ne peut pas être dans le futur."
    elif previous_on and done_on < previous_on:
        errors["done_on"] = (
            f"La date de l'étape ne peut pas précéder l'étape précédente (le {previous_on:%d/%m/%Y})."
        )
    elif done_on < opened_on:
        errors["done_on"] = (
            f"La date de l'étape ne peut pas précéder l'ouverture de la procédure (le {opened_on:%d/%m/%Y})."
        )
    if errors:
        raise ValidationError(errors)


DECISION_MIN_CHARS = 20  # « ok » is not a written decision: who decided, when and why


def check_decision(decision: str) -> None:
    """A litigation case is opened only on the team's decision: who decided and why, written (at least
    `DECISION_MIN_CHARS` characters once trimmed)."""
    if len((decision or "").strip()) < DECISION_MIN_CHARS:
        raise ValidationError(
            {
                "decision": "Indiquez qui a décidé d'ouvrir la procédure et pourquoi (décision de l'équipe, "
                f"{DECISION_MIN_CHARS} caractères au moins)."
            }
        )
