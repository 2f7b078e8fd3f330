"""Review fixes of repayment plans, worked examples with dates: H3 an instalment's check day leaves out the
rent not yet due (a household paying on time keeps its plan), M5 small debts in many instalments, W2 the
plan bounded by the household's debt, M6 the automatic refresh never revives an abandoned plan nor bumps
the version of a colleague's open form, the slide dated by the third respected instalment."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.recovery import queries, services
from clef.recovery.enums import PlanStatus
from clef.recovery.models import RepaymentPlan
from clef.rental.enums import EntryKind
from tests.factories.accounts import UserFactory
from tests.factories.rental import LeaseFactory
from tests.recovery.conftest import call, pay, post

pytestmark = pytest.mark.django_db
D = Decimal


def _plan_900_on_the_25th():
    """Report H3: a debt of 900 (rent 650 due on the 5th), 3 × 300 due on the 25th, agreed on 20/01."""
    lease = LeaseFactory()
    post(lease, EntryKind.FRAIS, date(2025, 12, 1), "900.00")
    call(lease, date(2026, 1, 1))
    pay(lease, date(2026, 1, 5), "650.00")
    plan = services.create_plan(
        lease=lease,
        instalments_count=3,
        first_due_on=date(2026, 1, 25),
        agreed_on=date(2026, 1, 20),
        debt_amount=D("900.00"),
        acting_user=UserFactory(),
    )
    return lease, plan


def test_a_household_paying_on_time_keeps_its_plan():
    lease, plan = _plan_900_on_the_25th()
    for month in (2, 3):
        call(lease, date(2026, month, 1))  # booked on the 1st, due on the 5th
    call(lease, date(2026, 4, 1))
    pay(lease, date(2026, 1, 25), "300.00")
    pay(lease, date(2026, 2, 5), "650.00")
    pay(lease, date(2026, 2, 25), "300.00")
    pay(lease, date(2026, 3, 5), "650.00")
    pay(lease, date(2026, 3, 25), "300.00")
    pay(lease, date(2026, 4, 5), "650.00")
    checks = list(plan.instalments.values_list("check_on", "calls_until"))
    # 04/02: February's call (due 05/02) is not owed yet; 07/03: March's is; 04/04: April's is not
    assert checks == [
        (date(2026, 2, 4), date(2026, 1, 5)),
        (date(2026, 3, 7), date(2026, 3, 5)),
        (date(2026, 4, 4), date(2026, 3, 5)),
    ]
    assert queries.instalment_outcomes([plan.pk], date(2026, 4, 30)) == {plan.pk: [True, True, True]}
    services.refresh_plan(plan, date(2026, 4, 30))
    plan.refresh_from_db()
    assert (plan.status, plan.respected_months) == (PlanStatus.SOLDE, 3)
    assert plan.slide_flagged_on == date(2026, 4, 4)  # the third instalment's check day


def test_a_household_not_paying_its_due_rent_breaks_its_plan():
    lease, plan = _plan_900_on_the_25th()
    call(lease, date(2026, 2, 1))
    pay(lease, date(2026, 1, 25), "300.00")
    call(lease, date(2026, 3, 1))
    pay(lease, date(2026, 2, 25), "300.00")  # February's rent never paid
    assert queries.instalment_outcomes([plan.pk], date(2026, 3, 31)) == {plan.pk: [True, False]}


def test_a_small_debt_in_many_instalments_is_refused_in_french_not_a_500():
    lease = LeaseFactory()
    post(lease, EntryKind.FRAIS, date(2026, 1, 1), "60.60")
    with pytest.raises(ValidationError) as caught:
        services.create_plan(
            lease=lease,
            instalments_count=120,
            first_due_on=date(2026, 2, 5),
            agreed_on=date(2026, 1, 20),
            debt_amount=D("60.60"),
            acting_user=UserFactory(),
        )
    assert caught.value.message_dict == {
        "instalments_count": [
            "Chaque échéance doit être d'au moins 1 € : 60,60\u00a0€ se rembourse en 60 échéances au plus."
        ]
    }
    plan = services.create_plan(
        lease=lease,
        instalments_count=60,
        first_due_on=date(2026, 2, 5),
        agreed_on=date(2026, 1, 20),
        acting_user=UserFactory(),
    )
    amounts = list(plan.instalments.values_list("amount", flat=True))
    assert (amounts[0], amounts[-1], sum(amounts)) == (D("1.01"), D("1.01"), D("60.60"))


def test_a_plan_above_the_households_debt_is_refused():
    lease = LeaseFactory()
    post(lease, EntryKind.FRAIS, date(2026, 1, 1), "596.34")
    with pytest.raises(ValidationError) as caught:
        services.create_plan(
            lease=lease,
            instalments_count=10,
            first_due_on=date(2026, 2, 5),
            agreed_on=date(2026, 1, 20),
            debt_amount=D("5000.00"),
            acting_user=UserFactory(),
        )
    assert caught.value.message_dict == {
        "debt_amount": [
            "La dette du plan ne peut pas dépasser la dette du ménage selon son compte locatif (596,34\u00a0€)."
        ]
    }
    assert not RepaymentPlan.objects.exists()


def test_the_refresh_never_revives_an_abandoned_plan_nor_bumps_the_version(lease):
    user = UserFactory()
    plan = services.create_plan(
        lease=lease,
        instalments_count=6,
        first_due_on=date(2026, 2, 5),
        agreed_on=date(2026, 1, 20),
        acting_user=user,
    )
    stale = RepaymentPlan.objects.select_related("lease__stay").get(pk=plan.pk)  # a page read it « en cours »
    services.abandon_plan(
        plan=plan, reason="Le ménage a quitté la région", expected_version=1, acting_user=user
    )
    # nothing paid: the first instalment (checked 15/02) is missed — the stale copy would say « rompu »
    assert services.refresh_plans([stale], date(2026, 2, 20)) == 0
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ABANDONNE


def test_the_automatic_refresh_keeps_the_users_version(lease):
    plan = services.create_plan(
        lease=lease,
        instalments_count=6,
        first_due_on=date(2026, 2, 5),
        agreed_on=date(2026, 1, 20),
        acting_user=UserFactory(),
    )
    assert (
        services.refresh_plans(
            list(RepaymentPlan.objects.select_related("lease__stay").filter(pk=plan.pk)), date(2026, 2, 20)
        )
        == 1
    )
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (
        PlanStatus.ROMPU,
        1,
    )  # an open abandon form at version 1 still works


def test_a_respected_plan_is_not_reminded_only_what_is_owed_beyond_it(lease):
    # W5: 900 owed on 20/01, a plan of 6 × 150 from 05/02; February's rent (650) and instalment (150) paid
    plan = services.create_plan(
        lease=lease,
        instalments_count=6,
        first_due_on=date(2026, 2, 5),
        agreed_on=date(2026, 1, 20),
        acting_user=UserFactory(),
    )
    call(lease, date(2026, 2, 1))
    pay(lease, date(2026, 2, 5), "800.00")
    assert queries.reminders_due(lease.organisation_id, date(2026, 2, 20)) == []  # 750 left: the plan's
    call(lease, date(2026, 3, 1))  # March's rent and instalment unpaid: 650 + 150 beyond the plan
    [row] = queries.reminders_due(lease.organisation_id, date(2026, 3, 20))
    # debt 1 400 − the plan's 600 not yet due (900 − 2 × 150)
    assert (row.lease, row.debt) == (lease, D("800.00"))
    assert plan.status == PlanStatus.EN_COURS
