"""The rental pages run a constant number of queries, whatever the number of households and entries."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from clef.organisations.models import Role
from clef.rental import services
from tests.conftest import member_client
from tests.factories.rental import LeaseFactory

pytestmark = pytest.mark.django_db


def _leases(operator, count):
    leases = [LeaseFactory(stay__household__organisation=operator, tiers_payant=True) for _ in range(count)]
    for month in (1, 2, 3):
        services.generate_calls(operator, date(2026, month, 1), None)
    for lease in leases:
        services.record_payment(lease, Decimal("100"), date(2026, 3, 6), acting_user=None)
    return leases


@pytest.mark.parametrize("count", [1, 3])
def test_pages_queries_are_constant(client, operator, django_assert_num_queries, count):
    leases = _leases(operator, count)
    manager = member_client(client, operator, Role.RENTAL_MANAGER)
    pages = {
        "rental_home": (reverse("www:rental_home"), 10),
        "ledger_list": (reverse("www:ledger_list"), 7),
        "arrears": (reverse("www:arrears"), 8),
        "lease_ledger": (reverse("www:lease_ledger", args=[leases[0].pk]), 15),  # + the one-time token
        "dwelling_account": (
            reverse("www:dwelling_account", args=[leases[0].stay.dwelling_id]),
            14,
        ),  # + payover form
    }
    for url, queries in pages.values():
        with django_assert_num_queries(queries):
            assert manager.get(url).status_code == 200
