"""The database keeps recovery's invariants whatever the writer: bounds, one plan in progress and one open
case per lease, a case's decision, a reason to suspend or close, a step of each kind once per case."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from clef.recovery.enums import CaseStatus, PlanStatus, StepKind
from tests.factories.recovery import (
    LitigationCaseFactory,
    LitigationStepFactory,
    ReminderFactory,
    RepaymentPlanFactory,
)

pytestmark = pytest.mark.django_db


def _refused(**kwargs):
    factory = kwargs.pop("factory")
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_one_plan_in_progress_per_lease():
    plan = RepaymentPlanFactory(with_instalments=False)
    _refused(factory=RepaymentPlanFactory, lease=plan.lease, with_instalments=False)
    RepaymentPlanFactory(lease=plan.lease, status=PlanStatus.ROMPU, with_instalments=False)  # history is fine


@pytest.mark.parametrize(
    "values",
    [
        {"debt_amount": Decimal("0")},
        {"instalments_count": 0},
        {"instalments_count": 121},
        {"respected_months": 7},  # more than its 6 instalments
        {"status": "inconnu"},
    ],
)
def test_plan_bounds(values):
    _refused(factory=RepaymentPlanFactory, with_instalments=False, **values)


def test_reminder_debt_bounds():
    _refused(factory=ReminderFactory, debt=Decimal("-1"))


def test_a_case_needs_a_decision_and_one_is_open_per_lease():
    _refused(factory=LitigationCaseFactory, decision="")
    case = LitigationCaseFactory()
    _refused(factory=LitigationCaseFactory, lease=case.lease)
    LitigationCaseFactory(lease=case.lease, status=CaseStatus.CLOSE, closed_reason="Dette soldée.")


def test_suspending_or_closing_says_why():
    _refused(factory=LitigationCaseFactory, status=CaseStatus.SUSPENDUE)


def test_a_step_of_each_kind_once_per_case():
    step = LitigationStepFactory()
    _refused(factory=LitigationStepFactory, case=step.case)
    LitigationStepFactory(case=step.case, kind=StepKind.MISE_EN_DEMEURE)
