"""Reminders: due 10 days after the rent's due date while the household owes something, not again until the
next due date; the debt recorded with the reminder is read from the ledger; one query for the due list."""

from datetime import date
from decimal import Decimal

import pytest

from clef.journal.models import JournalEntry
from clef.recovery import queries, services
from clef.rental.enums import BenefitStatus
from tests.factories.accounts import UserFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory
from tests.factories.stays import StayFactory
from tests.recovery.conftest import call, pay

pytestmark = pytest.mark.django_db


def _due(lease, on):
    return [row.lease for row in queries.reminders_due(lease.organisation_id, on)]


def test_a_reminder_is_due_ten_days_after_the_due_date(lease):
    assert _due(lease, date(2026, 1, 14)) == []
    [row] = queries.reminders_due(lease.organisation_id, date(2026, 1, 15))
    assert (row.lease, row.debt, row.due_on, row.last_reminder_on) == (
        lease,
        Decimal("900.00"),
        date(2026, 1, 5),
        None,
    )


def test_after_a_reminder_the_next_is_due_after_the_next_due_date(lease):
    reminder = services.record_reminder(
        lease=lease, sent_on=date(2026, 1, 15), channel="courrier", acting_user=UserFactory()
    )
    assert reminder.debt == Decimal("900.00")
    assert JournalEntry.objects.filter(object_id=reminder.pk, household_id=lease.stay.household_id).exists()
    assert _due(lease, date(2026, 2, 14)) == []
    assert _due(lease, date(2026, 2, 15)) == [lease]


def test_nothing_owed_nothing_due(lease):
    pay(lease, date(2026, 1, 12), "900.00")
    assert _due(lease, date(2026, 1, 20)) == []


def test_a_late_housing_benefit_is_not_the_households_debt():
    lease = LeaseFactory(tiers_payant=True, benefit_status=BenefitStatus.EN_RETARD)
    LedgerEntryFactory(lease=lease, amount=Decimal("650.00"), benefit_expected=Decimal("300.00"))
    pay(lease, date(2026, 1, 5), "350.00")  # its share paid; the CAF's 300 € not received yet
    assert _due(lease, date(2026, 1, 20)) == []
    assert queries.household_debt(lease, date(2026, 1, 20)) == Decimal("0.00")


def test_an_exited_household_gets_no_monthly_reminder():
    lease = LeaseFactory(stay=StayFactory(exited=True, exit_date=date(2025, 12, 31)))
    call(lease, date(2025, 12, 1))
    assert _due(lease, date(2026, 1, 20)) == []


def test_the_due_list_is_one_query(lease, django_assert_num_queries):
    for _ in range(3):
        other = LeaseFactory(stay__household__organisation=lease.organisation)
        call(other, date(2026, 1, 1))
    with django_assert_num_queries(1):
        due = queries.reminders_due(lease.organisation_id, date(2026, 1, 20))
        assert len(due) == 4
