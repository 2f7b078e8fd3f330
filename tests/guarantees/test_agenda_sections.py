from datetime import date
from decimal import Decimal as D

import pytest

from clef.agenda import sections as registry
from clef.organisations.models import Role
from tests.factories.guarantees import FundClaimFactory, VisaleGuaranteeFactory
from tests.factories.rental import LedgerEntryFactory

pytestmark = pytest.mark.django_db


def test_the_sections_are_discovered_for_the_meeting_and_the_recovery_roles():
    for code in ("visale_claims_due", "fund_claims_waiting"):
        section = registry.get_section(code)
        assert section.meeting and section.roles == {
            Role.DIRECTOR,
            Role.RENTAL_MANAGER,
            Role.LITIGATION_OFFICER,
        }


def test_a_visale_claim_due_is_an_item_without_the_households_name():
    guarantee = VisaleGuaranteeFactory(valid_from=date(2024, 1, 1))
    for day in (date(2025, 1, 5), date(2025, 2, 5)):
        LedgerEntryFactory(lease=guarantee.lease, booked_on=day, amount=D("650"))
    (item,) = registry.get_section("visale_claims_due").items(guarantee.organisation_id, date(2025, 6, 1))
    assert item.household_id == guarantee.lease.stay.household_id
    assert item.label == (
        "Impayé de 1\u202f300,00\u00a0€ au-delà du seuil Visale depuis le 05/02/2025 : à déclarer avant le "
        "06/05/2025 (dépassé)"
    )
    assert item.url == f"/gestion-locative/visale/{guarantee.pk}/sinistres/nouveau/"
    assert "DUPONT" not in item.label


def test_fund_claims_waiting_for_the_operator_and_the_manager_without_household():
    waiting = FundClaimFactory(accepted=True)
    FundClaimFactory(fund=waiting.fund, operator=waiting.operator, paid=True)
    (item,) = registry.get_section("fund_claims_waiting").items(waiting.operator_id, date(2025, 6, 1))
    assert item.household_id is None and item.label.endswith(": accordée, à verser")
    (managed,) = registry.get_section("fund_claims_waiting").items(waiting.fund.manager_id, date(2025, 6, 1))
    assert managed.subject == waiting
