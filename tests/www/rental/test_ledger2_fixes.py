"""User-trial and attack-probe fixes of the rent account pages: the CAF/MSA report refuses a 0 € debt and a
future date (400, typed values kept, French message), the lease being created logs the reading of the
household, French elision in the account's title and the calls' labels."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clef.journal.models import AccessLogEntry
from clef.organisations.models import Role
from clef.rental import rules, services
from clef.rental.models import CafReport, LedgerEntry
from tests.conftest import member_client
from tests.factories.organisations import MembershipFactory
from tests.factories.rental import LeaseFactory
from tests.factories.stays import StayFactory
from tests.www.once_token import once_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def lease(operator):
    return LeaseFactory(
        stay__household__organisation=operator, stay__household__reference__first_name="Adama"
    )


@pytest.fixture
def manager(client, operator):
    return member_client(client, operator, Role.RENTAL_MANAGER)


def _report(manager, lease, **data):
    data = {"reported_on": "2026-03-10", "debt": "700", "payer": "caf", "reference": ""} | data
    data["once"] = once_token(manager, "rental_caf_report")
    return manager.post(reverse("www:caf_report_create", args=[lease.pk]), data)


def test_a_caf_report_of_zero_euro_is_refused(manager, lease):
    response = _report(manager, lease, debt="0", reference="SIG-1")
    page = response.content.decode()
    assert response.status_code == 400
    assert "La dette signalée doit être comprise entre 0,01" in page
    assert 'value="SIG-1"' in page and 'value="0"' in page
    assert not CafReport.objects.exists()


def test_a_caf_report_dated_in_the_future_is_refused(manager, lease):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _report(manager, lease, reported_on=tomorrow.isoformat())
    assert response.status_code == 400
    assert "La date du signalement ne peut pas être dans le futur." in response.content.decode()
    assert f'value="{tomorrow:%Y-%m-%d}"' in response.content.decode()
    assert not CafReport.objects.exists()
    assert _report(manager, lease, reported_on=timezone.localdate().isoformat()).status_code == 302


def test_the_service_refuses_the_same(lease, operator):
    user = MembershipFactory(organisation=operator).user
    for kwargs, message in (
        ({"debt": Decimal("0")}, "dette signalée"),
        ({"reported_on": timezone.localdate() + timedelta(days=1)}, "dans le futur"),
    ):
        data = {"reported_on": date(2026, 3, 10), "debt": Decimal("700"), "payer": "caf"} | kwargs
        with pytest.raises(ValidationError, match=message):
            services.record_caf_report(lease=lease, acting_user=user, **data)


def test_creating_a_lease_logs_the_reading_of_the_household(manager, operator):
    stay = StayFactory(household__organisation=operator)
    assert manager.get(reverse("www:lease_create", args=[stay.pk])).status_code == 200
    entry = AccessLogEntry.objects.get(user=manager.membership.user)
    assert (entry.household_id, entry.context) == (stay.household_id, AccessLogEntry.Context.COMPTE)


def test_french_elision():
    assert rules.de("avril 2026") == "d'avril 2026"
    assert rules.de("août 2026") == "d'août 2026"
    assert rules.de("Adama NGUYEN") == "d'Adama NGUYEN"
    assert rules.de("Émilie") == "d'Émilie"
    assert rules.de("mars 2026") == "de mars 2026"


def test_calls_labels_and_account_title_are_elided(manager, lease):
    services.generate_calls(lease.organisation, date(2026, 4, 1), manager.membership.user)
    labels = set(LedgerEntry.objects.values_list("label", flat=True))
    assert {"Loyer d'avril 2026", "Provision pour charges d'avril 2026"} <= labels
    page = manager.get(reverse("www:lease_ledger", args=[lease.pk])).content.decode()
    assert "Compte d'<a" in page and "Compte de <a" not in page
    assert "<title>Compte d&#x27;Adama" in page
