"""Charges regularisation (provisions from the ledger in one aggregate query, the difference posted ±) and
the deposit's return (held from the ledger, deductions posted on the deposit and the household's account,
restitution posted, due 1 or 2 months after the exit)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.journal.models import JournalEntry
from clef.leases import queries, services
from clef.leases.models import DepositReturn
from clef.rental import queries as rental_queries
from clef.rental.enums import Account, EntryKind
from clef.rental.models import LedgerEntry
from clef.rental.services import reverse_entry
from clef.utils.writes import StaleEditError
from tests.factories.rental import LeaseFactory, LedgerEntryFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def charges(lease, year, months, amount="50.00"):
    return [
        LedgerEntryFactory(
            lease=lease,
            kind=EntryKind.APPEL_CHARGES,
            period=date(year, m, 1),
            booked_on=date(year, m, 1),
            amount=Decimal(amount),
        )
        for m in months
    ]


def test_provisions_sum_the_year_calls_less_their_counter_entries(user, django_assert_num_queries):
    lease = LeaseFactory()
    calls = charges(lease, 2025, range(1, 13))
    charges(lease, 2024, [12])
    charges(lease, 2026, [1])
    LedgerEntryFactory(lease=lease, period=date(2025, 3, 1))  # rent, not charges
    reverse_entry(calls[0], "Appel en double", user)
    with django_assert_num_queries(1):
        assert queries.provisions(lease, 2025) == Decimal("550.00")


def test_regularisation_posts_the_positive_difference_and_journals(user):
    lease = LeaseFactory()
    charges(lease, 2025, range(1, 13))
    regularisation = services.regularise_charges(
        lease=lease, year=2025, actual_charges=Decimal("655.40"), on=date(2026, 3, 1), acting_user=user
    )
    assert (regularisation.provisions, regularisation.difference) == (Decimal("600.00"), Decimal("55.40"))
    entry = regularisation.entry
    assert (entry.kind, entry.account, entry.amount) == (
        EntryKind.REGULARISATION_CHARGES,
        Account.MENAGE,
        Decimal("55.40"),
    )
    assert entry.source_key == f"regularisation:{lease.pk}:2025"
    assert JournalEntry.objects.filter(
        object_label="régularisation des charges", household_id=lease.stay.household_id
    ).exists()


def test_regularisation_gives_back_a_negative_difference_and_posts_nothing_when_equal(user):
    lease = LeaseFactory()
    charges(lease, 2025, range(1, 13))
    regularisation = services.regularise_charges(
        lease=lease, year=2025, actual_charges=Decimal("512.35"), on=date(2026, 3, 1), acting_user=user
    )
    assert regularisation.entry.amount == Decimal("-87.65")
    other = LeaseFactory()
    charges(other, 2025, [1, 2])
    even = services.regularise_charges(
        lease=other, year=2025, actual_charges=Decimal("100.00"), on=date(2026, 3, 1), acting_user=user
    )
    assert even.difference == 0 and even.entry is None


def test_a_year_is_regularised_once(user):
    lease = LeaseFactory()
    charges(lease, 2025, [1])
    services.regularise_charges(
        lease=lease, year=2025, actual_charges=Decimal("60"), on=date(2026, 3, 1), acting_user=user
    )
    with pytest.raises(ValidationError, match="déjà régularisées"):
        services.regularise_charges(
            lease=lease, year=2025, actual_charges=Decimal("70"), on=date(2026, 3, 2), acting_user=user
        )
    assert LedgerEntry.objects.filter(kind=EntryKind.REGULARISATION_CHARGES).count() == 1


def test_regularisations_due_list_leases_with_provisions_not_yet_regularised(user, django_assert_num_queries):
    lease = LeaseFactory()
    charges(lease, 2025, [1, 2, 3])
    done = LeaseFactory(stay=StayFactory(household__organisation=lease.organisation))
    charges(done, 2025, [1])
    services.regularise_charges(
        lease=done, year=2025, actual_charges=Decimal("50"), on=date(2026, 3, 1), acting_user=user
    )
    LeaseFactory(stay=StayFactory(household__organisation=lease.organisation))  # no provision
    with django_assert_num_queries(2):
        due = queries.regularisations_due(lease.organisation_id, 2025)
    assert [(d.lease, d.provisions, d.deadline) for d in due] == [
        (lease, Decimal("150.00"), date(2026, 12, 31))
    ]


def deposit(lease, amount="600.00"):
    return LedgerEntryFactory(
        lease=lease,
        account=Account.DEPOT,
        kind=EntryKind.DEPOT_PAIEMENT,
        period=None,
        amount=-Decimal(amount),
        label="Dépôt versé",
    )


@pytest.fixture
def left():
    stay = StayFactory(exited=True, entry_date=date(2024, 1, 1), exit_date=date(2026, 10, 31))
    lease = LeaseFactory(stay=stay, ends_on=None)
    deposit(lease)
    return lease


def test_deposit_held_is_what_was_paid_less_what_was_returned_or_kept(left, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert queries.deposit_held(left) == Decimal("600.00")


def test_deposits_to_return_list_the_leases_of_households_who_left(left, django_assert_num_queries):
    present = LeaseFactory(stay=StayFactory(household__organisation=left.organisation))
    deposit(present)
    with django_assert_num_queries(3):  # leases and their members; no pending return (no prefetch)
        found = queries.deposits_to_return(left.organisation_id)
    assert [(lease, lease.held, lease.exit_on, lease.due_by) for lease in found.to_decide] == [
        (left, Decimal("600.00"), date(2026, 10, 31), date(2026, 11, 30))
    ]
    assert found.pending == []


def test_deductions_settle_the_debt_and_the_rest_is_returned(left, user):
    LedgerEntryFactory(lease=left, period=date(2026, 10, 1), amount=Decimal("200.00"))  # unpaid rent
    returned = services.record_deposit_return(
        lease=left,
        inventory_matches=False,
        deductions=Decimal("200.00"),
        deduction_reason="Loyer d'octobre impayé",
        returned_on=None,
        on=date(2026, 11, 5),
        acting_user=user,
    )
    assert (returned.held, returned.returned_amount, returned.due_by) == (
        Decimal("600.00"),
        Decimal("400.00"),
        date(2026, 12, 31),  # two calendar months after 31/10
    )
    kinds = dict(
        LedgerEntry.objects.filter(source_key__startswith=f"depot:{returned.pk}:").values_list(
            "kind", "amount"
        )
    )
    assert kinds == {EntryKind.DEPOT_RETENUE: Decimal("200.00"), EntryKind.PAIEMENT: Decimal("-200.00")}
    assert rental_queries.balance(left) == 0
    assert queries.deposit_held(left) == Decimal("400.00")
    found = queries.deposits_to_return(left.organisation_id)
    assert found.to_decide == [] and found.pending == [returned]
    marked = services.mark_deposit_returned(
        deposit=returned, returned_on=date(2026, 11, 20), acting_user=user, expected_version=1
    )
    assert marked.returned_on == date(2026, 11, 20) and marked.version == 2
    assert queries.deposit_held(left) == 0
    assert queries.deposits_to_return(left.organisation_id).pending == []
    with pytest.raises(ValidationError, match="déjà restitué"):
        services.mark_deposit_returned(deposit=marked, returned_on=date(2026, 11, 21), acting_user=user)


def test_a_full_return_at_once_posts_the_restitution(left, user):
    returned = services.record_deposit_return(
        lease=left,
        inventory_matches=True,
        deductions=Decimal("0"),
        deduction_reason="",
        returned_on=date(2026, 11, 10),
        on=date(2026, 11, 10),
        acting_user=user,
    )
    assert returned.due_by == date(2026, 11, 30)
    assert queries.deposit_held(left) == 0
    assert JournalEntry.objects.filter(object_label="restitution du dépôt de garantie").count() == 1


def test_deposit_return_refusals(left, user):
    kwargs = {"inventory_matches": True, "returned_on": None, "on": date(2026, 11, 5), "acting_user": user}
    with pytest.raises(ValidationError, match="dépasser le dépôt détenu"):
        services.record_deposit_return(
            lease=left, deductions=Decimal("600.01"), deduction_reason="x", **kwargs
        )
    with pytest.raises(ValidationError, match="motif"):
        services.record_deposit_return(lease=left, deductions=Decimal("10"), deduction_reason="", **kwargs)
    with pytest.raises(ValidationError, match="précéder la sortie"):
        services.record_deposit_return(
            lease=left,
            deductions=Decimal("0"),
            deduction_reason="",
            **{**kwargs, "returned_on": date(2026, 10, 1)},
        )
    present = LeaseFactory()
    with pytest.raises(ValidationError, match="n'est pas sorti"):
        services.record_deposit_return(lease=present, deductions=Decimal("0"), deduction_reason="", **kwargs)
    assert (
        not DepositReturn.objects.exists()
        and not LedgerEntry.objects.filter(source_key__startswith="depot:").exists()
    )
    services.record_deposit_return(lease=left, deductions=Decimal("0"), deduction_reason="", **kwargs)
    with pytest.raises(ValidationError, match="déjà enregistrée"):
        services.record_deposit_return(lease=left, deductions=Decimal("0"), deduction_reason="", **kwargs)


def test_marking_returned_from_a_stale_page_is_refused(left, user):
    returned = services.record_deposit_return(
        lease=left,
        inventory_matches=True,
        deductions=Decimal("0"),
        deduction_reason="",
        returned_on=None,
        on=date(2026, 11, 5),
        acting_user=user,
    )
    with pytest.raises(StaleEditError):
        services.mark_deposit_returned(
            deposit=returned, returned_on=date(2026, 11, 20), acting_user=user, expected_version=5
        )


def test_a_deduction_when_the_household_owes_nothing_is_refused_not_a_credit(left, user):
    """Review M1: deposit 600, nothing owed, 400 kept « for repainting » used to leave the household a
    −400 credit while the deposit was kept. Refused until the damage is charged to the account; then the
    deduction pays it: balance 0, deposit held 200."""
    kwargs = {"inventory_matches": False, "returned_on": None, "on": date(2026, 11, 5), "acting_user": user}
    with pytest.raises(ValidationError, match="ce que le ménage doit sur son compte"):
        services.record_deposit_return(
            lease=left, deductions=Decimal("400.00"), deduction_reason="Peintures", **kwargs
        )
    assert rental_queries.balance(left) == 0
    LedgerEntryFactory(
        lease=left, kind=EntryKind.DEGRADATIONS, amount=Decimal("400.00"), booked_on=date(2026, 11, 2)
    )
    services.record_deposit_return(
        lease=left, deductions=Decimal("400.00"), deduction_reason="Peintures", **kwargs
    )
    assert rental_queries.balance(left) == 0
    assert queries.deposit_held(left) == Decimal("200.00")
    settled = LedgerEntry.objects.get(lease=left, kind=EntryKind.PAIEMENT)
    assert settled.label == "Réglé par la retenue sur le dépôt de garantie : Peintures"
    assert not LedgerEntry.objects.filter(lease=left, kind=EntryKind.REMISE).exists()


def test_a_pending_late_deposit_shows_the_penalty_owed(left, user, monkeypatch):
    returned = services.record_deposit_return(
        lease=left,
        inventory_matches=True,
        deductions=Decimal("0"),
        deduction_reason="",
        returned_on=None,
        on=date(2026, 11, 5),
        acting_user=user,
    )
    assert returned.due_by == date(2026, 11, 30)
    monkeypatch.setattr(queries.timezone, "localdate", lambda: date(2027, 1, 2))
    (pending,) = queries.deposits_to_return(left.organisation_id).pending
    assert pending.late_penalty == Decimal("120.00")  # rent 600, two months started after 30/11
