"""The rules of recovery with worked examples: instalment schedule, THE respected-instalment rule, the plan's
state and the slide flag, reminders due, litigation step order and deadlines (delays from the settings)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.recovery import rules

D = Decimal


def test_900_in_6_is_150_each():
    assert rules.instalment_amounts(D("900.00"), 6) == [D("150.00")] * 6


def test_1000_in_3_the_last_instalment_absorbs_the_rounding():
    assert rules.instalment_amounts(D("1000.00"), 3) == [D("333.33"), D("333.33"), D("333.34")]
    assert sum(rules.instalment_amounts(D("1000.00"), 3)) == D("1000.00")


def test_each_instalment_is_rounded_down_so_the_last_is_the_largest():
    # 100,05 / 2 = 50,025 → 50,02 (down), the last 50,03
    assert rules.instalment_amounts(D("100.05"), 2) == [D("50.02"), D("50.03")]


def test_a_small_debt_in_many_instalments_never_ends_negative():
    # M5: 60,60 in 120 made the last −0,09 (each rounded half-up to 0,51): now 0,50 × 119 + 1,10
    amounts = rules.instalment_amounts(D("60.60"), 120)
    assert (amounts[0], amounts[-1], sum(amounts)) == (D("0.50"), D("1.10"), D("60.60"))
    assert min(amounts) >= 0


def _check(**kwargs):
    values = {"debt_amount": D("60.60"), "instalments_count": 60, "first_due_on": None, "agreed_on": None}
    rules.check_plan(**(values | kwargs))


def test_each_instalment_is_at_least_one_euro():
    _check()  # 60 × 1,01
    with pytest.raises(ValidationError) as caught:
        _check(instalments_count=61)
    assert caught.value.message_dict == {
        "instalments_count": [
            "Chaque échéance doit être d'au moins 1 € : 60,60\u00a0€ se rembourse en 60 échéances au plus."
        ]
    }


def test_the_plan_is_bounded_by_the_households_debt():
    # W2: a plan of 5 000 € accepted on a debt of 596,34 €
    _check(debt_amount=D("596.34"), instalments_count=10, household_debt=D("596.34"))
    with pytest.raises(ValidationError) as caught:
        _check(debt_amount=D("5000.00"), instalments_count=10, household_debt=D("596.34"))
    assert caught.value.message_dict == {
        "debt_amount": [
            "La dette du plan ne peut pas dépasser la dette du ménage selon son compte locatif (596,34\u00a0€)."
        ]
    }


def test_the_first_instalment_defaults_to_the_next_rent_due_day():
    assert rules.first_due_default(date(2026, 1, 20), 5) == date(2026, 2, 5)
    assert rules.first_due_default(date(2026, 1, 5), 5) == date(2026, 1, 5)
    assert rules.first_due_default(date(2026, 1, 3), 5) == date(2026, 1, 5)


def test_the_calls_owed_on_a_check_day_are_those_already_due():
    # rent due on the 5th: on 04/02 February's call is not owed yet; on 07/03 March's is
    assert rules.calls_due_until(date(2026, 2, 4), 5) == date(2026, 1, 5)
    assert rules.calls_due_until(date(2026, 3, 7), 5) == date(2026, 3, 5)


@pytest.mark.parametrize("count", [0, 121])
def test_instalments_count_out_of_bounds_is_refused(count):
    with pytest.raises(ValidationError) as caught:
        rules.instalment_amounts(D("100"), count)
    assert caught.value.message_dict == {
        "instalments_count": ["Le nombre d'échéances doit être compris entre 1 et 120."]
    }


def test_due_dates_are_monthly_and_clamped_to_the_month_end():
    assert rules.instalment_due_dates(date(2026, 1, 31), 3) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]


def test_check_day_adds_the_grace_days_from_the_settings(settings):
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "instalment_grace_days": 10}
    assert rules.check_day(date(2026, 3, 5)) == date(2026, 3, 15)
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "instalment_grace_days": 3}
    assert rules.check_day(date(2026, 3, 5)) == date(2026, 3, 8)


def test_plan_checks():
    rules.check_plan(
        debt_amount=D("10"), instalments_count=1, first_due_on=date(2026, 3, 5), agreed_on=date(2026, 3, 5)
    )
    with pytest.raises(ValidationError) as caught:
        rules.check_plan(
            debt_amount=D("0"),
            instalments_count=200,
            first_due_on=date(2026, 3, 4),
            agreed_on=date(2026, 3, 5),
        )
    assert caught.value.message_dict == {
        "debt_amount": ["La dette du plan doit être supérieure à 0 € : ce ménage n'a pas de dette à apurer."],
        "instalments_count": ["Le nombre d'échéances doit être compris entre 1 et 120."],
        "first_due_on": ["La première échéance ne peut pas précéder l'accord du plan (le 05/03/2026)."],
    }


# A debt of 900 in 6 × 150: instalment 1 respected iff the balance on its check day ≤ 750.
@pytest.mark.parametrize(
    ("balance", "respected"),
    [
        (D("750.00"), True),  # rent paid and the instalment: exactly on the line
        (D("600.00"), True),  # paid more
        (D("750.01"), False),  # one cent short
        (D("900.00"), False),  # paid the rent only, not the instalment
        (D("1350.00"), False),  # paid nothing (rent 450 called)
    ],
)
def test_instalment_respected_on_given_balances(balance, respected):
    assert (
        rules.instalment_respected(debt_on_check_day=balance, plan_debt=D("900.00"), cumulated=D("150.00"))
        is respected
    )


def test_plan_state_counts_consecutive_respected_months_and_flags_the_slide(settings):
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "slide_after_respected_months": 3}
    assert rules.plan_state([], 6) == rules.PlanState("en_cours", 0, False)
    assert rules.plan_state([True, True], 6) == rules.PlanState("en_cours", 2, False)
    assert rules.plan_state([True, True, True], 6) == rules.PlanState("en_cours", 3, True)
    assert rules.plan_state([True] * 6, 6) == rules.PlanState("solde", 6, True)


def test_a_missed_instalment_breaks_the_plan_and_removes_the_slide():
    assert rules.plan_state([True, True, True, False, True], 6) == rules.PlanState("rompu", 3, False)
    assert rules.plan_state([False], 6) == rules.PlanState("rompu", 0, False)


def test_slide_threshold_is_a_setting(settings):
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "slide_after_respected_months": 2}
    assert rules.plan_state([True, True], 6).slide_possible
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "slide_after_respected_months": 4}
    assert not rules.plan_state([True, True, True], 6).slide_possible


def test_last_due_date():
    assert rules.last_due_date(date(2026, 3, 5), 5) == date(2026, 3, 5)
    assert rules.last_due_date(date(2026, 3, 4), 5) == date(2026, 2, 5)
    assert rules.last_due_date(date(2026, 1, 2), 28) == date(2025, 12, 28)


@pytest.mark.parametrize(
    ("debt", "last_reminder_on", "on", "due"),
    [
        (D("100"), None, date(2026, 3, 15), True),  # 10 days after the 5th
        (D("100"), None, date(2026, 3, 14), False),  # 9 days: too early
        (D("0"), None, date(2026, 3, 20), False),  # nothing owed
        (D("100"), date(2026, 3, 6), date(2026, 3, 20), False),  # already reminded since the 5th
        (D("100"), date(2026, 2, 20), date(2026, 3, 20), True),  # last reminder before this due date
        (
            D("100"),
            date(2026, 2, 20),
            date(2026, 3, 4),
            False,
        ),  # reminded after the previous due date (05/02)
    ],
)
def test_reminder_due(settings, debt, last_reminder_on, on, due):
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "reminder_after_days": 10}
    assert rules.reminder_due(household_debt=debt, due_day=5, last_reminder_on=last_reminder_on, on=on) is due


def test_next_deadline_from_the_settings(settings):
    settings.CLEF_RENTAL = {
        **settings.CLEF_RENTAL,
        "litigation_next_step_days": {
            "relance": 15,
            "mise_en_demeure": 20,
            "commandement_de_payer": 42,
            "assignation": 60,
            "jugement": 60,
            "expulsion": 0,
        },
    }
    assert rules.next_deadline("relance", date(2026, 3, 1)) == date(2026, 3, 16)
    assert rules.next_deadline("mise_en_demeure", date(2026, 3, 1)) == date(2026, 3, 21)
    assert rules.next_deadline("commandement_de_payer", date(2026, 3, 1)) == date(2026, 4, 12)
    assert rules.next_deadline("expulsion", date(2026, 3, 1)) is None


def test_steps_follow_the_order_and_never_go_back():
    assert rules.allowed_next_steps(None) == rules.STEP_ORDER
    assert rules.allowed_next_steps("assignation") == ("jugement", "expulsion")
    assert rules.allowed_next_steps("expulsion") == ()
    common = {"previous_on": date(2026, 3, 1), "opened_on": date(2026, 2, 1), "today": date(2026, 3, 20)}
    rules.check_step(
        kind="commandement_de_payer", done_on=date(2026, 3, 10), previous_kind="relance", **common
    )
    with pytest.raises(ValidationError) as caught:
        rules.check_step(kind="relance", done_on=date(2026, 3, 10), previous_kind="mise_en_demeure", **common)
    assert caught.value.message_dict == {
        "kind": [
            "L'étape « Relance » ne peut pas suivre « Mise en demeure » : une procédure ne revient jamais en arrière."
        ]
    }
    with pytest.raises(ValidationError) as caught:
        rules.check_step(
            kind="mise_en_demeure", done_on=date(2026, 3, 1), previous_kind="mise_en_demeure", **common
        )
    assert "kind" in caught.value.message_dict


@pytest.mark.parametrize(
    ("done_on", "previous_on", "message"),
    [
        (date(2026, 3, 21), None, "La date de l'étape ne peut pas être dans le futur."),
        (
            date(2026, 2, 28),
            date(2026, 3, 1),
            "La date de l'étape ne peut pas précéder l'étape précédente (le 01/03/2026).",
        ),
        (
            date(2026, 1, 31),
            None,
            "La date de l'étape ne peut pas précéder l'ouverture de la procédure (le 01/02/2026).",
        ),
    ],
)
def test_step_dates(done_on, previous_on, message):
    with pytest.raises(ValidationError) as caught:
        rules.check_step(
            kind="jugement",
            done_on=done_on,
            previous_kind=None,
            previous_on=previous_on,
            opened_on=date(2026, 2, 1),
            today=date(2026, 3, 20),
        )
    assert caught.value.message_dict == {"done_on": [message]}


def test_a_case_needs_the_teams_decision():
    rules.check_decision("Décidé en réunion IML du 03/03 : plus de contact depuis 4 mois.")
    for written in ("   ", "ok", "  " + "x" * 19 + "  "):  # « ok » is not a written team decision
        with pytest.raises(ValidationError) as caught:
            rules.check_decision(written)
        assert caught.value.message_dict == {
            "decision": [
                "Indiquez qui a décidé d'ouvrir la procédure et pourquoi (décision de l'équipe, "
                "20 caractères au moins)."
            ]
        }
    rules.check_decision("x" * 20)
