"""The ledger's rows: entries are immutable, leases and entries keep their bounds in the database."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from clef.rental.models import LedgerEntry, LedgerImmutableError
from tests.factories.rental import LeaseFactory, LedgerEntryFactory

pytestmark = pytest.mark.django_db


def test_an_existing_entry_cannot_be_saved_again():
    entry = LedgerEntryFactory()
    entry.amount = Decimal("1.00")
    with pytest.raises(LedgerImmutableError):
        entry.save()
    assert LedgerEntry.objects.get().amount == Decimal("600.00")


def test_entries_cannot_be_updated_through_a_queryset():
    LedgerEntryFactory()
    with pytest.raises(LedgerImmutableError):
        LedgerEntry.objects.update(amount=Decimal("1.00"))


def test_entries_cannot_be_deleted():
    entry = LedgerEntryFactory()
    with pytest.raises(LedgerImmutableError):
        entry.delete()
    with pytest.raises(LedgerImmutableError):
        LedgerEntry.objects.all().delete()
    assert LedgerEntry.objects.count() == 1


def test_a_zero_entry_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntryFactory(amount=Decimal("0"))


def test_the_lease_factory_builds_a_sublease_of_the_stay_dwelling():
    lease = LeaseFactory()
    lease.full_clean()
    assert lease.contract.dwelling == lease.stay.dwelling
    assert lease.organisation == lease.stay.organisation == lease.contract.organisation
    assert lease.payment_reference == f"CLEF-{lease.pk}"


def test_the_mandate_trait_builds_a_mandate():
    lease = LeaseFactory(mandate=True)
    lease.full_clean()
    assert (lease.mode, lease.contract.kind, lease.contract.fee_percent) == (
        "mandat_gestion",
        "mandat_gestion",
        Decimal("7.00"),
    )
