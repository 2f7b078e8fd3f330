"""Money-writing forms of the rent account carry a one-time token (review H5): the same form sent twice (a
double click, « renvoyer ») writes once; the second POST is redirected to the account."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from clef.organisations.models import Role
from clef.rental.enums import EntryKind
from clef.rental.models import CafReport, LedgerEntry, RentDifferential
from tests.conftest import member_client
from tests.factories.rental import LeaseFactory
from tests.www.once_token import once_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def lease(operator):
    return LeaseFactory(
        stay__household__organisation=operator, stay__entry_date=date(2021, 1, 1), tiers_payant=True
    )


@pytest.fixture
def manager(client, operator):
    return member_client(client, operator, Role.RENTAL_MANAGER)


def _twice(client, url, data):
    first, second = client.post(url, data), client.post(url, data)
    return first, second


def test_a_payment_sent_twice_is_recorded_once(manager, lease):
    url = reverse("www:lease_payment", args=[lease.pk])
    data = {
        "amount": "450,00",
        "on": "2026-03-06",
        "kind": "paiement",
        "once": once_token(manager, "rental_payment"),
    }
    first, second = _twice(manager, url, data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert second.url == lease.get_absolute_url()
    assert list(
        LedgerEntry.objects.filter(lease=lease, kind=EntryKind.PAIEMENT).values_list("amount", flat=True)
    ) == [Decimal("-450.00")]


def test_a_payment_without_a_token_is_refused_with_the_typed_values(manager, lease):
    response = manager.post(
        reverse("www:lease_payment", args=[lease.pk]),
        {"amount": "450,00", "on": "2026-03-06", "kind": "paiement"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Ce formulaire n&#x27;est plus valable" in content and 'value="450,00"' in content
    assert not LedgerEntry.objects.exists()


def test_a_refused_payment_keeps_its_token_for_the_corrected_one(manager, lease):
    url = reverse("www:lease_payment", args=[lease.pk])
    token = once_token(manager, "rental_payment")
    bad = manager.post(url, {"amount": "0", "on": "2026-03-06", "kind": "paiement", "once": token})
    assert bad.status_code == 400
    good = manager.post(url, {"amount": "10", "on": "2026-03-06", "kind": "paiement", "once": token})
    assert good.status_code == 302
    assert LedgerEntry.objects.filter(lease=lease, kind=EntryKind.PAIEMENT).count() == 1


def test_a_differential_sent_twice_is_decided_once(manager, lease):
    url = reverse("www:differential_create", args=[lease.pk])
    data = {
        "starts_on": "2026-04-01",
        "ends_on": "2026-06-01",
        "monthly_amount": "100",
        "reason": "Perte d'emploi",
        "once": once_token(manager, "rental_differential"),
    }
    first, second = _twice(manager, url, data)
    assert (first.status_code, second.status_code) == (302, 302), first.content.decode()[:2000]
    assert RentDifferential.objects.filter(lease=lease).count() == 1


def test_a_caf_report_sent_twice_is_recorded_once(manager, lease):
    url = reverse("www:caf_report_create", args=[lease.pk])
    data = {
        "reported_on": "2026-03-10",
        "debt": "700",
        "payer": "caf",
        "reference": "",
        "once": once_token(manager, "rental_caf_report"),
    }
    first, second = _twice(manager, url, data)
    assert (first.status_code, second.status_code) == (302, 302), first.content.decode()[:2000]
    assert CafReport.objects.filter(lease=lease).count() == 1
