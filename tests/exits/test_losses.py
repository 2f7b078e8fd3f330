"""Losses at exit from the accounts (issue 10 §8): with a rent account, the flags and the debt come from the
ledger and the damage claims (shown read-only on both exit forms, the posted ones ignored); without one,
they are typed as before. An exit with a debt proposes a repayment plan."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from clef.damages.enums import ClaimStatus
from clef.exits.losses import losses_at_exit
from clef.journal.models import AccessLogEntry
from clef.organisations.models import Role
from tests.factories.damages import DamageClaimFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def _lease_owing(amount="250.00"):
    lease = LeaseFactory()
    LedgerEntryFactory(
        lease=lease, amount=Decimal(amount), booked_on=date(2024, 1, 1), period=date(2024, 1, 1)
    )
    return lease


def test_without_rent_account_the_typed_flags_stay():
    stay = StayFactory(exited=True, loss_unpaid_rent=True, exit_debt=Decimal("120.00"))
    losses = losses_at_exit(stay)
    assert (losses.from_accounts, losses.unpaid, losses.damage, losses.debt) == (
        False,
        True,
        False,
        Decimal("120"),
    )


def test_with_rent_account_the_flags_come_from_the_ledger_and_the_claims():
    lease = _lease_owing()
    assert losses_at_exit(lease.stay) == losses_at_exit(lease.stay)  # no side effect
    losses = losses_at_exit(lease.stay)
    assert (losses.from_accounts, losses.unpaid, losses.debt, losses.damage) == (
        True,
        True,
        Decimal("250.00"),
        False,
    )
    DamageClaimFactory(stay=lease.stay, amount=Decimal("400.00"))
    DamageClaimFactory(stay=lease.stay, amount=Decimal("99.00"), status=ClaimStatus.ABANDONNE)
    losses = losses_at_exit(lease.stay)
    assert (losses.damage, losses.damage_amount) == (True, Decimal("400.00"))


def test_a_settled_account_is_no_unpaid_rent():
    lease = LeaseFactory()
    assert losses_at_exit(lease.stay).unpaid is False
    assert losses_at_exit(lease.stay).debt == Decimal("0")


def _login(client, stay, role=Role.RENTAL_MANAGER):
    membership = MembershipFactory(organisation=stay.organisation, role=role)
    client.force_login(membership.user)
    return membership


def test_the_exit_form_shows_the_accounts_and_ignores_typed_flags(client):
    lease = _lease_owing()
    stay = lease.stay
    _login(client, stay)
    url = reverse("www:stay_end", args=[stay.pk])
    page = client.get(url).content.decode()
    assert "Sinistres tirés des comptes" in page and "250,00\u00a0€" in page
    assert reverse("www:lease_ledger", args=[lease.pk]) in page
    try:  # the repayment plan's page (RECOVERY) is linked once it exists
        plan_url = reverse("www:plan_create", args=[lease.pk]) + "?sortie=1"
    except NoReverseMatch:
        plan_url = None
    assert plan_url is None or plan_url in page
    assert AccessLogEntry.objects.filter(
        context=AccessLogEntry.Context.COMPTE, household_id=stay.household_id
    )
    response = client.post(
        url,
        {
            "exit_date": "2024-06-30",
            "destination": "parc_social",
            "loss_unpaid_rent": "non",
            "loss_damage": "oui",
            "exit_debt": "0",
        },
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.loss_unpaid_rent, stay.loss_damage, stay.exit_debt) == (True, False, Decimal("250.00"))


def test_without_account_the_exit_form_is_typed_as_before(client):
    stay = StayFactory()
    _login(client, stay)
    url = reverse("www:stay_end", args=[stay.pk])
    assert "Sinistres tirés des comptes" not in client.get(url).content.decode()
    data = {"exit_date": "2024-06-30", "destination": "parc_social", "loss_unpaid_rent": "oui"}
    response = client.post(url, {**data, "loss_damage": "non", "exit_debt": "80,5"})
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.loss_unpaid_rent, stay.exit_debt) == (True, Decimal("80.50"))


def test_the_guided_exit_shows_the_accounts_too(client):
    lease = _lease_owing()
    _login(client, lease.stay, Role.SOCIAL_WORKER)
    page = client.get(reverse("www:guided_exit", args=[lease.stay.household_id])).content.decode()
    assert "Sinistres tirés des comptes" in page


def test_the_exit_form_sent_back_shows_the_debt_at_the_typed_exit_date(client):
    """250 € owed since 01/01/2024, 100 € more called on 01/03/2024: the form sent back with an error (no
    destination) and the exit date 15/02/2024 shows the debt at that day (250 €), not today's (350 €)."""
    lease = _lease_owing()
    LedgerEntryFactory(
        lease=lease, amount=Decimal("100.00"), booked_on=date(2024, 3, 1), period=date(2024, 3, 1)
    )
    stay = lease.stay
    _login(client, stay)
    url = reverse("www:stay_end", args=[stay.pk])
    assert "350,00\u00a0€" in client.get(url).content.decode()
    response = client.post(url, {"exit_date": "2024-02-15", "destination": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "250,00\u00a0€" in page and "350,00\u00a0€" not in page
    response = client.post(url, {"exit_date": "pas une date", "destination": ""})
    assert response.status_code == 400 and "350,00\u00a0€" in response.content.decode()  # at today
