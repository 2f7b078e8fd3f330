"""Ledger writes: payments (and the owner's side in a mandate), charges, reversals, monthly calls."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.journal.models import JournalEntry
from clef.rental import queries, services
from clef.rental.enums import Account, EntryKind
from clef.rental.models import LedgerEntry, RentDifferential
from tests.factories.contracts import ContractFactory
from tests.factories.rental import LeaseFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def kinds(lease, account=Account.MENAGE):
    return list(LedgerEntry.objects.filter(lease=lease, account=account).values_list("kind", "amount"))


def test_a_payment_credits_the_household_and_is_journaled(user):
    lease = LeaseFactory()
    entry = services.record_payment(lease, Decimal("650"), date(2026, 1, 8), acting_user=user)
    assert (entry.account, entry.kind, entry.amount) == (
        Account.MENAGE,
        EntryKind.PAIEMENT,
        Decimal("-650.00"),
    )
    journaled = JournalEntry.objects.get(object_id=entry.pk)
    assert journaled.household_id == lease.stay.household_id
    assert kinds(lease, Account.PROPRIETAIRE) == []  # sous-location: the owner's rent is not the payment


def test_a_zero_or_negative_payment_is_refused(user):
    lease = LeaseFactory()
    for amount in ("0", "-5"):
        with pytest.raises(ValidationError, match="supérieur à zéro"):
            services.record_payment(lease, Decimal(amount), date(2026, 1, 8), acting_user=user)
    assert not LedgerEntry.objects.exists()


def test_a_payment_is_idempotent_by_its_source_key(user):
    lease = LeaseFactory()
    first = services.record_payment(
        lease,
        Decimal("100"),
        date(2026, 1, 8),
        source="releve_bancaire",
        source_key="banque:1",
        acting_user=user,
    )
    again = services.record_payment(
        lease,
        Decimal("100"),
        date(2026, 1, 8),
        source="releve_bancaire",
        source_key="banque:1",
        acting_user=user,
    )
    assert again == first
    assert LedgerEntry.objects.count() == 1
    with pytest.raises(ValidationError, match="autre titre"):
        services.record_payment(
            LeaseFactory(), Decimal("100"), date(2026, 1, 8), source_key="banque:1", acting_user=user
        )


def test_in_a_mandate_a_payment_is_collected_for_the_owner_less_the_fees(user):
    lease = LeaseFactory(mandate=True)  # fees 7 %
    services.record_payment(lease, Decimal("650"), date(2026, 1, 8), acting_user=user)
    # 650,00 collected for the owner; fees 7 % × 650,00 = 45,50.
    assert kinds(lease, Account.PROPRIETAIRE) == [
        (EntryKind.ENCAISSEMENT, Decimal("650.00")),
        (EntryKind.HONORAIRES, Decimal("-45.50")),
    ]


def test_a_counter_entry_cancels_a_payment(user):
    lease = LeaseFactory()
    services.post_charge(lease, EntryKind.FRAIS, Decimal("650"), date(2026, 1, 1), "Frais", acting_user=user)
    payment = services.record_payment(lease, Decimal("650"), date(2026, 1, 8), acting_user=user)
    assert queries.balance(lease) == Decimal("0.00")
    reversal = services.reverse_entry(payment, "Chèque rejeté", user, on=date(2026, 1, 20))
    assert (reversal.kind, reversal.amount, reversal.reverses) == (
        EntryKind.CONTRE_PASSATION,
        Decimal("650.00"),
        payment,
    )
    assert queries.balance(lease) == Decimal("650.00")
    assert queries.balance(lease, on=date(2026, 1, 19)) == Decimal("0.00")
    with pytest.raises(ValidationError, match="déjà été contre-passée"):
        services.reverse_entry(payment, "Encore", user)
    with pytest.raises(ValidationError, match="ne se contre-passe pas"):
        services.reverse_entry(reversal, "Annuler l'annulation", user)


def test_a_counter_entry_needs_a_reason(user):
    payment = services.record_payment(LeaseFactory(), Decimal("10"), date(2026, 1, 8), acting_user=user)
    with pytest.raises(ValidationError, match="motif"):
        services.reverse_entry(payment, "  ", user)


def test_reversing_a_mandate_payment_reverses_the_owner_side_too(user):
    lease = LeaseFactory(mandate=True)
    payment = services.record_payment(lease, Decimal("650"), date(2026, 1, 8), acting_user=user)
    services.reverse_entry(payment, "Erreur de saisie", user, on=date(2026, 1, 9))
    owner = LedgerEntry.objects.filter(lease=lease, account=Account.PROPRIETAIRE)
    assert sum(owner.values_list("amount", flat=True)) == Decimal("0.00")
    assert owner.count() == 4


def test_post_charge_signs_the_amount_by_kind(user):
    lease = LeaseFactory()
    on = date(2026, 2, 1)
    services.post_charge(lease, EntryKind.DEGRADATIONS, Decimal("120"), on, "Porte", acting_user=user)
    services.post_charge(lease, EntryKind.REMISE, Decimal("20"), on, "Remise", acting_user=user)
    services.post_charge(
        lease, EntryKind.REGULARISATION_CHARGES, Decimal("-35.5"), on, "Régul.", acting_user=user
    )
    services.post_charge(lease, EntryKind.DEPOT_APPEL, Decimal("600"), on, "Dépôt", acting_user=user)
    assert queries.balance(lease) == Decimal("64.50")  # 120 − 20 − 35,50
    assert kinds(lease, Account.DEPOT) == [(EntryKind.DEPOT_APPEL, Decimal("600.00"))]
    with pytest.raises(ValidationError):
        services.post_charge(lease, EntryKind.PAIEMENT, Decimal("1"), on, "", acting_user=user)
    with pytest.raises(ValidationError):
        services.post_charge(lease, EntryKind.FRAIS, Decimal("-1"), on, "", acting_user=user)


def test_post_charge_is_idempotent_by_source_key(user):
    lease = LeaseFactory()
    args = (
        lease,
        EntryKind.DEGRADATIONS,
        Decimal("80"),
        date(2026, 2, 1),
        "Sinistre",
        "degradations",
        "sinistre:4",
    )
    first = services.post_charge(*args, acting_user=user)
    assert services.post_charge(*args, acting_user=user) == first


def test_monthly_calls_are_idempotent(user):
    lease = LeaseFactory()
    first = services.generate_calls(lease.organisation, date(2026, 3, 1), user)
    # The household: rent and charges; the owner of the main lease: its rent (600 + 50).
    assert (first.created, first.already, first.leases, first.contracts) == (3, 0, 1, 1)
    second = services.generate_calls(lease.organisation, date(2026, 3, 15), user)
    assert (second.created, second.already) == (0, 3)
    assert queries.balance(lease) == Decimal("650.00")
    owner = LedgerEntry.objects.get(account=Account.PROPRIETAIRE)
    assert (owner.kind, owner.amount, owner.contract) == (
        EntryKind.LOYER_PROPRIETAIRE,
        Decimal("650.00"),
        lease.contract,
    )


def test_the_entry_month_is_prorated(user):
    # Entry on 16/04/2026, April has 30 days: 15 days = half a month: 300,00 + 25,00.
    stay = StayFactory(entry_date=date(2026, 4, 16))
    lease = LeaseFactory(stay=stay, contract=None)
    services.generate_calls(lease.organisation, date(2026, 4, 1), user)
    assert kinds(lease) == [
        (EntryKind.APPEL_LOYER, Decimal("300.00")),
        (EntryKind.APPEL_CHARGES, Decimal("25.00")),
    ]


def test_the_owner_rent_is_owed_even_when_the_dwelling_is_vacant_and_not_in_a_mandate(user):
    sublet = ContractFactory()
    ContractFactory(mandate=True, organisation=sublet.organisation)
    summary = services.generate_calls(sublet.organisation, date(2026, 3, 1), user)
    assert (summary.leases, summary.contracts, summary.created) == (0, 1, 1)
    assert LedgerEntry.objects.get().contract == sublet


def test_calls_carry_the_benefit_expected_and_the_differential(user):
    lease = LeaseFactory(tiers_payant=True)
    RentDifferential.objects.create(
        organisation=lease.organisation,
        lease=lease,
        reason="Perte d'emploi",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 4, 1),
        monthly_amount=Decimal("100"),
        decided_by=user,
    )
    services.generate_calls(lease.organisation, date(2026, 3, 1), user)
    rent = LedgerEntry.objects.get(kind=EntryKind.APPEL_LOYER)
    assert rent.benefit_expected == Decimal("300.00")
    assert queries.balance(lease) == Decimal("550.00")  # 600 + 50 − 100
    assert queries.benefit_pending(lease) == Decimal("300.00")


def test_calls_are_not_generated_more_than_a_month_ahead(user):
    lease = LeaseFactory()
    with pytest.raises(ValidationError, match="un mois à l'avance"):
        services.generate_calls(lease.organisation, date(2099, 1, 1), user)


def test_save_lease_from_a_stay_is_prefilled_from_the_contract(user):
    stay = StayFactory()
    contract = ContractFactory(dwelling=stay.dwelling, organisation=stay.organisation, mandate=True)
    lease = services.lease_from_stay(stay)
    assert (lease.contract, lease.mode, lease.rent, lease.charges) == (
        contract,
        "mandat_gestion",
        Decimal("600.00"),
        Decimal("50.00"),
    )
    lease = services.save_lease(lease=lease, acting_user=user)
    assert lease.version == 1 and JournalEntry.objects.filter(object_id=lease.pk).exists()
    with pytest.raises(ValidationError, match="déjà un titre"):
        services.save_lease(lease=services.lease_from_stay(stay), acting_user=user)


def test_a_sublet_rent_above_the_main_lease_is_refused_by_save_lease(user):
    stay = StayFactory()
    ContractFactory(dwelling=stay.dwelling, organisation=stay.organisation)
    lease = services.lease_from_stay(stay)
    lease.rent = Decimal("700")
    with pytest.raises(ValidationError, match="art. 8"):
        services.save_lease(lease=lease, acting_user=user)
