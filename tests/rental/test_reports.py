"""CAF/MSA reports due (threshold net of the tiers-payant benefit, deadline), statements, the owner's side
and the vacancy cost, the agenda sections."""

from datetime import date
from decimal import Decimal

import pytest

from clef.rental import queries, services
from clef.rental.agenda_sections import benefit_items, caf_report_items
from clef.rental.enums import Account, BenefitStatus, EntryKind
from tests.factories.contracts import ContractFactory
from tests.factories.rental import LeaseFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def test_a_caf_report_is_due_from_the_net_threshold_with_a_two_month_deadline(user):
    # Tiers payant: net monthly due 650 − 300 = 350; threshold 2 × 350 = 700.
    lease = LeaseFactory(tiers_payant=True)
    services.post_charge(
        lease, EntryKind.FRAIS, Decimal("699.99"), date(2026, 3, 2), "Dette", acting_user=user
    )
    assert queries.caf_reports_due(lease.organisation_id, date(2026, 3, 31)) == []
    services.post_charge(
        lease, EntryKind.FRAIS, Decimal("0.01"), date(2026, 3, 12), "Dette", acting_user=user
    )
    [due] = queries.caf_reports_due(lease.organisation_id, date(2026, 3, 31))
    assert (due.threshold, due.household_debt, due.crossed_on, due.deadline) == (
        Decimal("700.00"),
        Decimal("700.00"),
        date(2026, 3, 12),
        date(2026, 5, 12),
    )
    [item] = caf_report_items(lease.organisation_id, date(2026, 3, 31))
    assert "signaler à la CAF avant le 12/05/2026" in item["label"]
    services.record_caf_report(
        lease=lease, reported_on=date(2026, 4, 2), debt=Decimal("700"), payer="caf", acting_user=user
    )
    assert queries.caf_reports_due(lease.organisation_id, date(2026, 4, 30)) == []


def test_no_caf_report_without_a_housing_benefit(user):
    lease = LeaseFactory()
    services.post_charge(lease, EntryKind.FRAIS, Decimal("5000"), date(2026, 3, 2), "Dette", acting_user=user)
    assert queries.caf_reports_due(lease.organisation_id, date(2026, 3, 31)) == []


def test_late_and_suspended_benefits_are_on_the_agenda(user):
    lease = LeaseFactory(tiers_payant=True)
    assert benefit_items(lease.organisation_id, date(2026, 3, 31)) == []
    services.set_benefit_status(lease, BenefitStatus.SUSPENDUE, date(2026, 3, 1), user)
    [item] = benefit_items(lease.organisation_id, date(2026, 3, 31))
    assert item["label"] == "APL suspendue depuis le 01/03/2026"


def test_statement_opening_running_and_closing_balances(user):
    lease = LeaseFactory()
    services.post_charge(lease, EntryKind.FRAIS, Decimal("100"), date(2026, 2, 10), "Avant", acting_user=user)
    services.post_charge(
        lease, EntryKind.FRAIS, Decimal("50"), date(2026, 3, 10), "Pendant", acting_user=user
    )
    services.record_payment(lease, Decimal("120"), date(2026, 3, 20), acting_user=user)
    statement = queries.statement(lease, date(2026, 3, 1), date(2026, 3, 31))
    assert statement.opening == Decimal("100.00")
    assert [line.running for line in statement.lines] == [Decimal("150.00"), Decimal("30.00")]
    assert (statement.debits, statement.credits, statement.closing) == (
        Decimal("50.00"),
        Decimal("-120.00"),
        Decimal("30.00"),
    )


def test_mandate_owner_account_collected_less_fees_and_payovers(user):
    lease = LeaseFactory(mandate=True)
    services.record_payment(lease, Decimal("650"), date(2026, 3, 6), acting_user=user)
    services.record_payover(lease.contract, Decimal("500"), date(2026, 3, 20), user)
    account = queries.dwelling_account(lease.stay.dwelling, 2026)
    # 650 collected − 45,50 fees (7 %) − 500 paid over = 104,50 still owed to the owner.
    assert account.statement.closing == Decimal("104.50")
    assert account.totals[EntryKind.HONORAIRES] == Decimal("-45.50")


def test_vacancy_cost_of_a_sublet_dwelling(user):
    # Main lease from 01/01/2026 at 600 + 50; a household from 01/03/2026 (year 2026, 365 days).
    # In force 365 days, occupied 01/03 → 31/12 = 306 days, vacant 59 days:
    # 650 × 12 / 365 × 59 = 1 260,82.
    stay = StayFactory(entry_date=date(2026, 3, 1))
    ContractFactory(
        dwelling=stay.dwelling,
        organisation=stay.organisation,
        signed_on=date(2026, 1, 1),
        starts_on=date(2026, 1, 1),
    )
    [row] = queries.vacancy_cost(stay.organisation_id, 2026)
    assert (row.days_in_force, row.occupied_days, row.vacant_days, row.cost) == (
        365,
        306,
        59,
        Decimal("1260.82"),
    )


def test_owner_rent_entries_are_on_the_owner_account(user):
    lease = LeaseFactory()
    services.generate_calls(lease.organisation, date(2026, 3, 1), user)
    account = queries.dwelling_account(lease.stay.dwelling, 2026)
    assert [line.entry.account for line in account.statement.lines] == [Account.PROPRIETAIRE]
    assert account.statement.closing == Decimal("650.00")
