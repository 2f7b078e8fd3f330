"""Worked examples of the fund's projection and the checks of Visale and fund claims."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from clef.guarantees import rules
from clef.guarantees.enums import FundClaimStatus, VisaleClaimKind
from clef.guarantees.models import FundClaim


def _inputs(**kwargs) -> rules.ProjectionInputs:
    values = {
        "opening_balance": D("120000"),
        "first_year": 2027,
        "operators": 20,
        "dues_per_operator": D("1500"),
        "loss_per_operator_year": D("4000"),
        "operators_growth": 2,
        "loss_rate_change_percent": D("10"),
        "state_per_year": D("50000"),
        "years": 4,
    }
    return rules.ProjectionInputs(**values | kwargs)


def test_projection_worked_example_the_fund_runs_out_in_its_fourth_year():
    """Opening 120 000 €, 20 operators paying 1 500 € of dues, the State 50 000 € a year, 4 000 € of payouts
    per operator-year; +2 operators and +10 % of losses a year:
    2027: 22 operators × 4 400 € = 96 800 € paid, 83 000 € in   → 106 200 €
    2028: 24 × 4 840 € = 116 160 € paid, 86 000 € in            →  76 040 €
    2029: 26 × 5 324 € = 138 424 € paid, 89 000 € in            →  26 616 €
    2030: 28 × 5 856,40 € = 163 979,20 € paid, 92 000 € in      → −45 363,20 €"""
    rows = rules.project(_inputs())
    assert [
        (r.year, r.operators, r.loss_per_operator, r.payouts, r.contributions, r.closing) for r in rows
    ] == [
        (2027, 22, D("4400.00"), D("96800.00"), D("83000.00"), D("106200.00")),
        (2028, 24, D("4840.00"), D("116160.00"), D("86000.00"), D("76040.00")),
        (2029, 26, D("5324.00"), D("138424.00"), D("89000.00"), D("26616.00")),
        (2030, 28, D("5856.40"), D("163979.20"), D("92000.00"), D("-45363.20")),
    ]
    assert rows[1].opening == rows[0].closing
    assert rules.exhausted_in(rows) == 2030
    assert rules.exhausted_in(rows[:3]) is None


def test_projection_without_change_loses_the_yearly_gap(settings):
    """10 operators × (1 000 € of dues − 1 200 € of losses) = −2 000 € a year, over the settings' 3 years."""
    settings.CLEF_RENTAL = settings.CLEF_RENTAL | {"fund_projection_years": 3}
    inputs = rules.ProjectionInputs(
        opening_balance=D("5000"),
        first_year=2027,
        operators=10,
        dues_per_operator=D("1000"),
        loss_per_operator_year=D("1200"),
    )
    assert [r.closing for r in rules.project(inputs)] == [D("3000.00"), D("1000.00"), D("-1000.00")]
    assert rules.exhausted_in(rules.project(inputs)) == 2029


def test_projection_never_counts_a_negative_number_of_operators():
    rows = rules.project(_inputs(operators_growth=-15, years=2))
    assert [r.operators for r in rows] == [5, 0]
    assert rows[1].payouts == D("0.00") and rows[1].closing == rows[1].opening + D("50000")


def _visale(**kwargs):
    values = {
        "kind": VisaleClaimKind.IMPAYES,
        "months": 2,
        "amount": D("1300"),
        "unpaid": D("1300"),
        "monthly_due": D("650"),
        "net_monthly_due": D("650"),
        "months_already_claimed": 0,
        "guarantee_in_force": True,
    }
    rules.check_claim(**values | kwargs)


def test_visale_claim_possible_beyond_one_month_of_net_due():
    _visale(unpaid=D("650.01"), amount=D("650.01"))
    with pytest.raises(ValidationError, match="au-delà de 650,00"):
        _visale(unpaid=D("650.00"), amount=D("650.00"))


def test_visale_threshold_is_net_of_the_benefit_paid_to_the_manager():
    _visale(unpaid=D("400"), amount=D("400"), net_monthly_due=D("350"))
    with pytest.raises(ValidationError):
        _visale(unpaid=D("340"), amount=D("340"), net_monthly_due=D("350"))


def test_visale_covers_36_instalments_over_the_occupation():
    _visale(months_already_claimed=34)
    with pytest.raises(ValidationError, match="34 déjà déclarées, 2 restantes"):
        _visale(months_already_claimed=34, months=3, amount=D("1300"), unpaid=D("2000"))


def test_visale_claim_amount_within_the_unpaid_and_the_instalments():
    with pytest.raises(ValidationError, match="dépasse l'impayé"):
        _visale(amount=D("1300.01"))
    with pytest.raises(ValidationError, match="1 mensualité"):
        _visale(months=1, amount=D("1000"), unpaid=D("1000"))


def test_visale_damage_up_to_two_months_of_rent_and_charges():
    _visale(kind=VisaleClaimKind.DEGRADATIONS, months=2, amount=D("1300"), unpaid=D("0"))
    with pytest.raises(ValidationError, match="2 mois de loyer et charges"):
        _visale(kind=VisaleClaimKind.DEGRADATIONS, months=2, amount=D("1300.01"), unpaid=D("0"))


def test_visale_claim_refused_outside_the_guarantee():
    with pytest.raises(ValidationError, match="pas en vigueur"):
        _visale(guarantee_in_force=False)


def test_visale_deadline_counts_the_window_from_the_crossing(settings):
    settings.CLEF_RENTAL = settings.CLEF_RENTAL | {"visale_claim_window_days": 30}
    assert rules.visale_claim_deadline(date(2025, 3, 5)) == date(2025, 4, 4)


def _claim(**kwargs) -> FundClaim:
    values = {
        "declared_on": date(2025, 4, 1),
        "amount_claimed": D("6000"),
        "status": FundClaimStatus.DEPOSEE,
        "decided_on": None,
        "amount_granted": None,
    }
    return FundClaim(**values | kwargs)


def test_a_decision_grants_at_most_the_claimed_amount_after_the_claim():
    rules.check_decision(
        claim=_claim(), status="acceptee", decided_on=date(2025, 4, 1), amount_granted=D("6000")
    )
    with pytest.raises(ValidationError) as error:
        rules.check_decision(
            claim=_claim(), status="acceptee", decided_on=date(2025, 3, 31), amount_granted=D("6000.01")
        )
    assert set(error.value.message_dict) == {"decided_on", "amount_granted"}
    with pytest.raises(ValidationError, match="Indiquez le montant"):
        rules.check_decision(
            claim=_claim(), status="acceptee", decided_on=date(2025, 5, 1), amount_granted=None
        )
    with pytest.raises(ValidationError, match="refusée n'a pas de montant"):
        rules.check_decision(
            claim=_claim(), status="refusee", decided_on=date(2025, 5, 1), amount_granted=D("1")
        )


def test_a_decided_claim_is_not_decided_again():
    with pytest.raises(ValidationError, match="déjà été décidée"):
        rules.check_decision(
            claim=_claim(status="refusee"),
            status="acceptee",
            decided_on=date(2025, 5, 1),
            amount_granted=D("1"),
        )


def test_a_payout_pays_an_accepted_claim_within_its_grant_after_the_decision():
    accepted = _claim(status="acceptee", decided_on=date(2025, 5, 1), amount_granted=D("5000"))
    rules.check_payout(claim=accepted, paid_on=date(2025, 5, 1), paid_amount=D("5000"))
    with pytest.raises(ValidationError) as error:
        rules.check_payout(claim=accepted, paid_on=date(2025, 4, 30), paid_amount=D("5000.01"))
    assert set(error.value.message_dict) == {"paid_on", "paid_amount"}
    with pytest.raises(ValidationError, match="Seule une demande acceptée"):
        rules.check_payout(claim=_claim(), paid_on=date(2025, 5, 1), paid_amount=D("1"))


def test_a_claim_asks_at_most_its_loss():
    rules.check_fund_claim(loss_amount=D("100"), amount_claimed=D("100"))
    with pytest.raises(ValidationError, match="montant du sinistre"):
        rules.check_fund_claim(loss_amount=D("100"), amount_claimed=D("100.01"))
