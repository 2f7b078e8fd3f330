"""Repayment plans: created from the ledger's debt (or the debt at exit), instalments with the last absorbing
the rounding, refreshed from the household's balance on each check day (worked example), the slide flag after
three respected months, broken at the first miss; journaled; constant queries for many plans."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.journal.models import JournalEntry
from clef.recovery import services
from clef.recovery.enums import PlanOrigin, PlanStatus
from clef.recovery.models import RepaymentPlan
from tests.factories.accounts import UserFactory
from tests.factories.rental import LeaseFactory
from tests.factories.stays import StayFactory
from tests.recovery.conftest import call, pay

pytestmark = pytest.mark.django_db
D = Decimal


def _plan(lease, **kwargs):
    values = {"instalments_count": 6, "first_due_on": date(2026, 2, 5), "agreed_on": date(2026, 1, 20)}
    return services.create_plan(lease=lease, acting_user=UserFactory(), **(values | kwargs))


def test_a_plan_starts_from_the_households_debt_in_the_ledger(lease):
    plan = _plan(lease)
    assert (plan.debt_amount, plan.monthly_amount, plan.status) == (
        D("900.00"),
        D("150.00"),
        PlanStatus.EN_COURS,
    )
    rows = list(plan.instalments.values_list("number", "due_on", "check_on", "amount", "cumulated"))
    assert rows[0] == (1, date(2026, 2, 5), date(2026, 2, 15), D("150.00"), D("150.00"))
    assert rows[-1] == (6, date(2026, 7, 5), date(2026, 7, 15), D("150.00"), D("900.00"))
    entry = JournalEntry.objects.get(object_id=plan.pk, content_type__model="repaymentplan")
    assert entry.household_id == lease.stay.household_id
    assert entry.changes["debt_amount"]["new"] == "900,00\u00a0€"


def test_the_last_instalment_absorbs_the_rounding(lease):
    # each rounded down to the cent: the last, absorbing the rest, is the largest (never negative)
    plan = _plan(lease, debt_amount=D("800.00"), instalments_count=3)
    assert list(plan.instalments.values_list("amount", flat=True)) == [D("266.66"), D("266.66"), D("266.68")]


def test_a_plan_at_exit_starts_from_the_debt_at_exit():
    lease = LeaseFactory(stay=StayFactory(exited=True, exit_date=date(2026, 1, 31)))
    call(lease, date(2026, 1, 1))
    pay(lease, date(2026, 1, 10), "200.00")
    call(lease, date(2026, 2, 1))  # booked after the exit: not part of the debt at exit
    plan = _plan(lease, origin=PlanOrigin.SORTIE, agreed_on=date(2026, 2, 10), first_due_on=date(2026, 3, 5))
    assert (plan.origin, plan.debt_amount) == (PlanOrigin.SORTIE, D("450.00"))


def test_no_debt_no_plan():
    with pytest.raises(ValidationError) as caught:
        _plan(LeaseFactory())
    assert caught.value.message_dict == {
        "debt_amount": ["La dette du plan doit être supérieure à 0 € : ce ménage n'a pas de dette à apurer."]
    }
    assert not RepaymentPlan.objects.exists()


def test_one_plan_in_progress_per_household(lease):
    _plan(lease)
    with pytest.raises(ValidationError) as caught:
        _plan(lease)
    assert caught.value.messages == [
        "Ce ménage a déjà un plan d'apurement en cours : clôturez-le avant d'en ouvrir un autre."
    ]


def _months(lease, payments: list[str]):
    """From February 2026: the rent called on the 1st, the household pays on the 5th."""
    for index, amount in enumerate(payments):
        month = date(2026, 2 + index, 1)
        call(lease, month)
        pay(lease, month + timedelta(days=4), amount)


def test_worked_example_three_respected_months_flag_the_slide_then_a_miss_breaks_it(lease):
    plan = _plan(lease)
    _months(lease, ["800.00", "800.00", "800.00", "650.00"])  # rent + instalment ×3, then the rent only
    services.refresh_plan(plan, date(2026, 2, 14))  # the first instalment is checked on 15/02
    assert (plan.status, plan.respected_months, plan.slide_flagged_on) == (PlanStatus.EN_COURS, 0, None)
    services.refresh_plan(plan, date(2026, 2, 15))  # balance 750 ≤ 900 − 150
    assert (plan.status, plan.respected_months) == (PlanStatus.EN_COURS, 1)
    services.refresh_plan(plan, date(2026, 4, 15))  # 600 ≤ 600, 450 ≤ 450
    plan.refresh_from_db()
    assert (plan.status, plan.respected_months, plan.slide_flagged_on) == (
        PlanStatus.EN_COURS,
        3,
        date(2026, 4, 15),
    )
    services.refresh_plan(plan, date(2026, 5, 15))  # 450 > 300: the fourth instalment is missed
    plan.refresh_from_db()
    assert (plan.status, plan.respected_months, plan.slide_flagged_on) == (PlanStatus.ROMPU, 3, None)
    automatic = JournalEntry.objects.filter(
        object_id=plan.pk, actor=None, content_type__model="repaymentplan"
    )
    assert automatic.count() == 3
    assert automatic.order_by("pk").last().changes["Statut"] == {
        "label": "Statut",
        "old": "En cours",
        "new": "Rompu",
    }


def test_one_cent_short_is_a_miss(lease):
    plan = _plan(lease)
    _months(lease, ["799.99"])
    services.refresh_plan(plan, date(2026, 2, 15))
    assert (plan.status, plan.respected_months) == (PlanStatus.ROMPU, 0)


def test_paying_late_within_the_grace_days_counts(lease):
    plan = _plan(lease)
    call(lease, date(2026, 2, 1))
    pay(lease, date(2026, 2, 15), "800.00")  # the check day itself
    services.refresh_plan(plan, date(2026, 2, 20))
    assert (plan.status, plan.respected_months) == (PlanStatus.EN_COURS, 1)


def test_every_instalment_respected_settles_the_plan(lease):
    plan = _plan(lease, instalments_count=3, debt_amount=D("900.00"))  # 300 a month
    _months(lease, ["950.00", "950.00", "950.00"])
    services.refresh_plan(plan, date(2026, 5, 1))
    plan.refresh_from_db()
    assert (plan.status, plan.respected_months) == (PlanStatus.SOLDE, 3)
    assert plan.slide_flagged_on == date(2026, 4, 15)  # the third instalment's check day, not the refresh day
    assert list(RepaymentPlan.objects.slide_possible()) == [plan]


def test_refreshing_many_plans_is_one_query_when_nothing_changes(lease, django_assert_num_queries):
    others = [LeaseFactory() for _ in range(3)]
    for other in others:
        call(other, date(2026, 1, 1), "300.00")
    plans = [_plan(lease)] + [_plan(other, debt_amount=D("300.00")) for other in others]
    on = date(2026, 1, 25)  # nothing checked yet
    loaded = list(RepaymentPlan.objects.filter(pk__in=[p.pk for p in plans]).select_related("lease__stay"))
    with django_assert_num_queries(1):
        assert services.refresh_plans(loaded, on) == 0


def test_abandoning_says_why_and_checks_the_version(lease):
    plan = _plan(lease)
    user = UserFactory()
    with pytest.raises(ValidationError):
        services.abandon_plan(plan=plan, reason=" ", expected_version=plan.version, acting_user=user)
    with pytest.raises(ValidationError) as caught:
        services.abandon_plan(
            plan=plan, reason="Relogé.", expected_version=plan.version + 1, acting_user=user
        )
    assert caught.value.code == "stale"
    stored = services.abandon_plan(
        plan=plan, reason="Relogé.", expected_version=plan.version, acting_user=user
    )
    assert (stored.status, stored.version) == (PlanStatus.ABANDONNE, 2)
