"""The rules of the lease's yearly life, with worked examples: the IRL revision, the anniversaries and the
quarters they compare, the claim deadline, the charges regularisation and the deposit's return date."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.leases import rules


@pytest.mark.parametrize(
    "old, irl_old, irl_new, expected",
    [
        (
            "500.00",
            "143.46",
            "145.47",
            "507.01",
        ),  # T1 2024 → T1 2025: 500 × 145,47 / 143,46 = 507,005… → 507,01
        ("620.00", "142.06", "144.64", "631.26"),  # T4 2023 → T4 2024: 631,2600…
        ("450.00", "146.68", "145.77", "447.21"),  # a lower index lowers the rent: 447,208…
        ("0.00", "140.00", "141.00", "0.00"),
    ],
)
def test_revised_rent_is_old_rent_times_new_over_old_index_rounded_half_up(old, irl_old, irl_new, expected):
    assert rules.revised_rent(Decimal(old), Decimal(irl_old), Decimal(irl_new)) == Decimal(expected)


def test_revised_rent_rounds_the_half_cent_up():
    # 100 × 100,005 / 100 = 100,005 → 100,01 (ROUND_HALF_UP, never banker's rounding)
    assert rules.revised_rent(Decimal("100"), Decimal("100"), Decimal("100.005")) == Decimal("100.01")


def test_revised_rent_refuses_a_zero_index():
    with pytest.raises(ValidationError):
        rules.revised_rent(Decimal("500"), Decimal("0"), Decimal("145.47"))


def test_anniversary_of_a_29_february_start_is_28_february_in_a_common_year():
    assert rules.anniversary(date(2024, 2, 29), 2025) == date(2025, 2, 28)
    assert rules.anniversary(date(2024, 2, 29), 2028) == date(2028, 2, 29)


def test_anniversaries_in_a_window_never_include_the_start():
    assert rules.anniversaries_in(date(2024, 3, 15), date(2024, 1, 1), date(2026, 12, 31)) == [
        date(2025, 3, 15),
        date(2026, 3, 15),
    ]
    assert rules.anniversaries_in(date(2024, 3, 15), date(2025, 3, 16), date(2026, 3, 14)) == []


def test_revision_window_goes_back_a_year_and_forward_the_lookahead(settings):
    settings.CLEF_RENTAL = {
        **settings.CLEF_RENTAL,
        "revision_claim_months": 12,
        "revision_lookahead_days": 30,
    }
    assert rules.revision_window(date(2026, 11, 27)) == (date(2025, 11, 28), date(2026, 12, 27))
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "revision_lookahead_days": 0}
    assert rules.revision_window(date(2026, 11, 27))[1] == date(2026, 11, 27)


def test_a_revision_can_be_claimed_for_a_year_after_its_anniversary(settings):
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "revision_claim_months": 12}
    assert rules.revision_deadline(date(2026, 4, 1)) == date(2027, 3, 31)
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "revision_claim_months": 6}
    assert rules.revision_deadline(date(2026, 4, 1)) == date(2026, 9, 30)


@pytest.mark.parametrize(
    "start, expected",
    [
        (date(2025, 4, 14), (2024, 4)),  # Q1 2025 not published before mid-April
        (date(2025, 4, 15), (2025, 1)),
        (date(2025, 6, 1), (2025, 1)),
        (date(2025, 1, 3), (2024, 3)),
        (date(2025, 2, 1), (2024, 4)),
        (date(2025, 12, 31), (2025, 3)),
    ],
)
def test_default_reference_quarter_is_the_last_published_at_the_start(start, expected):
    assert rules.default_reference_quarter(start) == expected


def test_revision_compares_the_reference_quarter_one_year_apart():
    start = date(2024, 4, 1)
    assert rules.revision_quarters((2024, 1), start, date(2025, 4, 1)) == ((2024, 1), (2025, 1))
    assert rules.revision_quarters((2024, 1), start, date(2026, 4, 1)) == ((2025, 1), (2026, 1))


def test_missing_index_message_names_the_quarter():
    assert rules.missing_index_message(2026, 4) == "Indice du T4 2026 pas encore chargé."


def test_regularisation_difference_is_actual_minus_provisions():
    assert rules.regularisation_difference(Decimal("600.00"), Decimal("655.40")) == Decimal("55.40")
    assert rules.regularisation_difference(Decimal("600.00"), Decimal("512.35")) == Decimal("-87.65")


def test_regularisation_deadline_follows_the_setting(settings):
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "regularisation_deadline_months": 12}
    assert rules.regularisation_deadline(2025) == date(2026, 12, 31)
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "regularisation_deadline_months": 6}
    assert rules.regularisation_deadline(2025) == date(2026, 6, 30)


def test_deposit_is_due_one_or_two_calendar_months_after_the_exit(settings):
    """Art. 22: one month, two months — calendar months, not 30/60 days."""
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "deposit_return_months": (1, 2)}
    assert rules.deposit_due_by(date(2026, 10, 31), True) == date(2026, 11, 30)
    assert rules.deposit_due_by(date(2026, 10, 31), False) == date(2026, 12, 31)
    assert rules.deposit_due_by(date(2026, 1, 31), True) == date(2026, 2, 28)  # 30 days gave 02/03
    assert rules.deposit_due_by(date(2025, 12, 31), False) == date(2026, 2, 28)  # 60 days gave 01/03
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "deposit_return_months": (2, 3)}
    assert rules.deposit_due_by(date(2026, 10, 31), True) == date(2026, 12, 31)


def test_late_deposit_penalty_is_10_percent_of_the_rent_per_month_started(settings):
    """Art. 22 al. 7: rent 600 excluding charges, due 28/02: on time 0; returned 01/03 → 1 month started
    (60,00); 28/03 still 1; 29/03 → 2 (120,00). The rate is a setting."""
    due = date(2026, 2, 28)
    assert rules.deposit_late_penalty(Decimal("600"), due, date(2026, 2, 28)) == Decimal("0.00")
    assert rules.deposit_late_penalty(Decimal("600"), due, date(2026, 3, 1)) == Decimal("60.00")
    assert rules.deposit_late_penalty(Decimal("600"), due, date(2026, 3, 28)) == Decimal("60.00")
    assert rules.deposit_late_penalty(Decimal("600"), due, date(2026, 3, 29)) == Decimal("120.00")
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "deposit_late_penalty_percent": Decimal("5")}
    assert rules.deposit_late_penalty(Decimal("600"), due, date(2026, 3, 1)) == Decimal("30.00")


def test_deductions_pay_what_the_household_owes_never_more():
    rules.check_deductions(Decimal("600"), Decimal("300"), "Loyers impayés", owed=Decimal("300"))
    with pytest.raises(ValidationError, match="ce que le ménage doit sur son compte"):
        rules.check_deductions(Decimal("600"), Decimal("400"), "Peintures", owed=Decimal("0"))
    with pytest.raises(ValidationError, match="ce que le ménage doit sur son compte"):
        rules.check_deductions(Decimal("600"), Decimal("300.01"), "Loyers", owed=Decimal("300"))


def test_deductions_are_bounded_by_the_deposit_and_need_a_reason():
    rules.check_deductions(Decimal("600"), Decimal("600"), "Loyers impayés")
    rules.check_deductions(Decimal("600"), Decimal("0"), "")
    with pytest.raises(ValidationError, match="dépasser le dépôt détenu"):
        rules.check_deductions(Decimal("600"), Decimal("600.01"), "Loyers impayés")
    with pytest.raises(ValidationError, match="motif"):
        rules.check_deductions(Decimal("600"), Decimal("10"), "  ")
    with pytest.raises(ValidationError, match="négatives"):
        rules.check_deductions(Decimal("600"), Decimal("-1"), "x")
