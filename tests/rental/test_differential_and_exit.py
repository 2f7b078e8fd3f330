"""Rent differentials (review M3): at most the household's own share, never two on the same months, the
longest duration a setting; and the closing of the account at the exit (review H1), one rule with the calls."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from clef.rental import calls, closing, queries, rules, services
from clef.rental.enums import EntryKind
from clef.rental.models import Lease, RentDifferential
from tests.factories.accounts import UserFactory
from tests.factories.rental import LeaseFactory

pytestmark = pytest.mark.django_db


def _differential(lease, starts_on, ends_on, amount):
    return RentDifferential(
        lease=lease, reason="Perte d'emploi", starts_on=starts_on, ends_on=ends_on, monthly_amount=D(amount)
    )


def test_a_differential_is_capped_at_the_households_share_net_of_the_benefit():
    """Rent 600 + 50, APL 300 paid to the manager: the household's share is 350; a 600 differential used
    to leave it owed 250 a month once the CAF paid."""
    user = UserFactory()
    lease = LeaseFactory(stay__entry_date=date(2021, 1, 1), tiers_payant=True)
    assert rules.differential_max_amount(lease) == D("350.00")
    with pytest.raises(ValidationError) as error:
        services.save_differential(
            differential=_differential(lease, date(2026, 11, 1), date(2026, 11, 1), "600"), acting_user=user
        )
    assert "ne peut pas dépasser la part du ménage (350,00" in error.value.message_dict["monthly_amount"][0]
    services.save_differential(
        differential=_differential(lease, date(2026, 11, 1), date(2026, 11, 1), "350"), acting_user=user
    )
    calls.generate_calls(lease.organisation, date(2026, 11, 1), user)
    services.record_payment(
        lease, D("300.00"), date(2026, 11, 6), kind=EntryKind.AIDE_LOGEMENT, acting_user=user
    )
    assert queries.balance(lease) == D("0.00")


def test_overlapping_differentials_are_refused():
    user = UserFactory()
    lease = LeaseFactory(stay__entry_date=date(2021, 1, 1))
    services.save_differential(
        differential=_differential(lease, date(2026, 3, 1), date(2026, 6, 1), "300"), acting_user=user
    )
    with pytest.raises(ValidationError, match="déjà décidé sur une partie de ces mois"):
        services.save_differential(
            differential=_differential(lease, date(2026, 6, 1), date(2026, 8, 1), "300"), acting_user=user
        )
    services.save_differential(
        differential=_differential(lease, date(2026, 7, 1), date(2026, 8, 1), "300"), acting_user=user
    )
    assert RentDifferential.objects.filter(lease=lease).count() == 2


def test_the_longest_differential_is_a_setting(settings):
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "differential_max_months": 6}
    lease = Lease(rent=D("600.00"), charges=D("50.00"), starts_on=date(2021, 1, 1))
    rules.check_differential(
        lease=lease, starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 1), monthly_amount=D("10")
    )
    with pytest.raises(ValidationError, match="au plus 6 mois"):
        rules.check_differential(
            lease=lease, starts_on=date(2026, 1, 1), ends_on=date(2026, 7, 1), monthly_amount=D("10")
        )


def test_the_exit_settlement_uses_the_calls_proration_with_the_differential(monkeypatch):
    """Rent 600 + 50 with a 100 differential in March 2026 (31 days), exit on 10/03: the calls as the monthly
    calls compute them with the lease ending on 10/03 — 193,55 + 16,13 − 32,26; nothing written."""
    user = UserFactory()
    lease = LeaseFactory(stay__entry_date=date(2021, 1, 1))
    services.save_differential(
        differential=_differential(lease, date(2026, 3, 1), date(2026, 3, 1), "100"), acting_user=user
    )
    calls.generate_calls(lease.organisation, date(2026, 3, 1), user)
    settlement = closing.exit_settlement(lease, date(2026, 3, 10))
    assert sorted(call["amount"] for call in settlement.repost) == [D("-32.26"), D("16.13"), D("193.55")]
    assert len(settlement.reverse) == 3
    assert settlement.amount() == D("177.42") - D("550.00")
    assert queries.balance(lease) == D("550.00")  # nothing written
