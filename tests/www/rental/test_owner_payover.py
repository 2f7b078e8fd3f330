"""The owner's side from the dwelling account page (review R3): « Reverser au propriétaire » records the
payment to the owner (at most what is owed, one-time token, journaled) and the owner's entries are
counter-passed from the page like the household's."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clef.contracts.enums import ContractKind
from clef.journal.models import JournalEntry
from clef.organisations.models import Role
from clef.rental import services
from clef.rental.enums import Account, EntryKind
from clef.rental.models import LedgerEntry
from tests.conftest import member_client
from tests.factories.rental import LeaseFactory
from tests.www.once_token import once_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def lease(operator):
    """A sublet: the main lease's rent (600 + 50) owed to the owner for March 2026."""
    lease = LeaseFactory(stay__household__organisation=operator, stay__entry_date=date(2021, 1, 1))
    assert lease.contract.kind == ContractKind.BAIL_PRINCIPAL
    services.generate_calls(operator, date(2026, 3, 1), None)
    return lease


def _owner_balance(contract):
    return sum(
        LedgerEntry.objects.filter(contract=contract, account=Account.PROPRIETAIRE).values_list(
            "amount", flat=True
        ),
        Decimal("0"),
    )


def test_the_payover_is_bounded_by_what_is_owed_to_the_owner(lease):
    owed = _owner_balance(lease.contract)
    assert owed == lease.contract.rent + lease.contract.charges
    with pytest.raises(ValidationError, match="ne peut pas dépasser ce qui est dû au propriétaire"):
        services.record_payover(lease.contract, owed + Decimal("0.01"), date(2026, 3, 10), None)
    services.record_payover(lease.contract, owed, date(2026, 3, 10), None)
    assert _owner_balance(lease.contract) == 0
    with pytest.raises(ValidationError, match="dû au propriétaire"):
        services.record_payover(lease.contract, Decimal("1"), date(2026, 3, 11), None)


def test_a_rental_manager_pays_the_owner_once_from_the_page(client, operator, lease):
    manager = member_client(client, operator, Role.RENTAL_MANAGER)
    url = reverse("www:dwelling_payover", args=[lease.stay.dwelling_id])
    page = manager.get(reverse("www:dwelling_account", args=[lease.stay.dwelling_id]))
    assert "Reverser au propriétaire" in page.content.decode()
    data = {
        "contract": lease.contract.pk,
        "amount": "300,00",
        "on": "2026-03-10",
        "label": "Virement de mars",
        "once": once_token(manager, "owner_payover"),
    }
    assert manager.post(url, data).status_code == 302
    assert manager.post(url, data).status_code == 302  # sent twice: recorded once
    payovers = LedgerEntry.objects.filter(contract=lease.contract, kind=EntryKind.REVERSEMENT)
    assert list(payovers.values_list("amount", flat=True)) == [Decimal("-300.00")]
    assert JournalEntry.objects.filter(object_id=payovers.get().pk).exists()


def test_a_payover_above_what_is_owed_is_refused_with_the_typed_values(client, operator, lease):
    manager = member_client(client, operator, Role.RENTAL_MANAGER)
    url = reverse("www:dwelling_payover", args=[lease.stay.dwelling_id])
    data = {
        "contract": lease.contract.pk,
        "amount": "9 999,00",
        "on": "2026-03-10",
        "once": once_token(manager, "owner_payover"),
    }
    response = manager.post(url, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "ne peut pas dépasser ce qui est dû au propriétaire (650,00" in content
    assert 'value="9 999,00"' in content
    assert not LedgerEntry.objects.filter(kind=EntryKind.REVERSEMENT).exists()


def test_the_owner_rent_is_counter_passed_from_the_page(client, operator, lease):
    manager = member_client(client, operator, Role.RENTAL_MANAGER)
    owner_rent = LedgerEntry.objects.get(contract=lease.contract, kind=EntryKind.LOYER_PROPRIETAIRE)
    url = reverse("www:dwelling_entry_reverse", args=[lease.stay.dwelling_id])
    refused = manager.post(url, {"entry": owner_rent.pk, "reason": ""})
    assert refused.status_code == 400 and "Indiquez le motif" in refused.content.decode()
    assert (
        manager.post(url, {"entry": owner_rent.pk, "reason": "Loyer offert par le propriétaire"}).status_code
        == 302
    )
    assert _owner_balance(lease.contract) == 0
    household_call = LedgerEntry.objects.filter(lease=lease, account=Account.MENAGE).first()
    assert manager.post(url, {"entry": household_call.pk, "reason": "x"}).status_code == 404


def test_the_owner_page_keeps_a_constant_number_of_queries(
    client, operator, lease, django_assert_num_queries
):
    manager = member_client(client, operator, Role.RENTAL_MANAGER)
    url = reverse("www:dwelling_account", args=[lease.stay.dwelling_id])
    manager.get(url)
    with django_assert_num_queries(QUERIES):
        assert manager.get(url).status_code == 200
    services.generate_calls(operator, date(2026, 4, 1), None)
    services.record_payover(lease.contract, Decimal("100"), date(2026, 4, 10), None)
    with django_assert_num_queries(QUERIES):
        assert manager.get(url).status_code == 200


QUERIES = 14  # statement, vacancy, reversible entries, contracts, one-time token (session)
