"""The daily command brings every plan in progress up to date."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from clef.recovery import services
from clef.recovery.enums import PlanStatus
from tests.factories.accounts import UserFactory
from tests.recovery.conftest import call, pay

pytestmark = pytest.mark.django_db


def test_refresh_repayment_plans(lease, capsys):
    plan = services.create_plan(
        lease=lease,
        instalments_count=6,
        first_due_on=date(2026, 2, 5),
        agreed_on=date(2026, 1, 20),
        acting_user=UserFactory(),
    )
    for month in (date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)):
        call(lease, month)
        pay(lease, month + timedelta(days=4), "800.00")
    call(lease, date(2026, 5, 1))  # nothing paid in May: the 4th instalment is missed (today is later)
    call_command("refresh_repayment_plans")
    plan.refresh_from_db()
    assert (plan.status, plan.respected_months) == (PlanStatus.ROMPU, 3)
    assert "1 plans vérifiés, 1 mis à jour." in capsys.readouterr().out
