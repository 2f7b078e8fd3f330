"""The ledger's rules, with hand-computed examples."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.contracts.enums import ContractKind
from clef.contracts.models import Contract
from clef.rental import rules
from clef.rental.enums import AgeingBucket, BenefitKind, BenefitStatus, LedgerMode
from clef.rental.models import Lease


def lease(**values) -> Lease:
    defaults = {"rent": Decimal("600.00"), "charges": Decimal("50.00"), "starts_on": date(2026, 1, 1)}
    return Lease(**{**defaults, **values})


def tiers_payant(**values) -> Lease:
    benefit = {
        "benefit_kind": BenefitKind.APL,
        "benefit_tiers_payant": True,
        "benefit_amount": Decimal("300.00"),
        "benefit_status": BenefitStatus.VERSEE,
    }
    return lease(**{**benefit, **values})


def test_cents_rounds_half_up():
    assert rules.cents(Decimal("10.005")) == Decimal("10.01")
    assert rules.cents(Decimal("10.004")) == Decimal("10.00")
    assert rules.cents(Decimal("-10.005")) == Decimal("-10.01")


def test_months():
    assert rules.month_start(date(2026, 3, 17)) == date(2026, 3, 1)
    assert rules.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert rules.add_months(date(2026, 11, 1), 3) == date(2027, 2, 1)
    assert rules.add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert rules.month_label(date(2026, 3, 1)) == "mars 2026"


def test_a_mandate_is_managed_as_a_mandate_and_a_main_lease_as_a_sublet():
    assert rules.ledger_mode(Contract(kind=ContractKind.MANDAT_GESTION)) == LedgerMode.MANDAT_GESTION
    assert rules.ledger_mode(Contract(kind=ContractKind.BAIL_PRINCIPAL)) == LedgerMode.SOUS_LOCATION
    glissant = Contract(kind=ContractKind.BAIL_PRINCIPAL, glissement_clause=True)
    assert rules.ledger_mode(glissant) == LedgerMode.SOUS_LOCATION


def test_monthly_due_and_net_of_the_benefit_paid_to_the_manager():
    assert rules.monthly_due(lease()) == Decimal("650.00")
    assert rules.net_monthly_due(lease()) == Decimal("650.00")
    assert rules.net_monthly_due(tiers_payant()) == Decimal("350.00")  # 650 − 300
    # Paid to the household (no tiers payant) or suspended: the gross amount.
    paid_to_household = tiers_payant()
    paid_to_household.benefit_tiers_payant = False
    assert rules.net_monthly_due(paid_to_household) == Decimal("650.00")
    assert rules.net_monthly_due(tiers_payant(benefit_status=BenefitStatus.SUSPENDUE)) == Decimal("650.00")


def test_the_caf_threshold_is_net_of_the_tiers_payant_benefit():
    # domain_rules § 4: 2 × monthly rent and charges, net when the benefit is paid to the landlord.
    assert rules.caf_threshold(lease()) == Decimal("1300.00")  # 2 × 650
    assert rules.caf_threshold(tiers_payant()) == Decimal("700.00")  # 2 × (650 − 300)


def test_the_caf_threshold_follows_the_setting(settings):
    settings.CLEF_RENTAL = {**settings.CLEF_RENTAL, "caf_report_threshold_months": Decimal("3")}
    assert rules.caf_threshold(tiers_payant()) == Decimal("1050.00")


def test_the_caf_report_deadline_is_two_months_after_the_crossing():
    assert rules.caf_report_deadline(date(2026, 3, 12)) == date(2026, 5, 12)


@pytest.mark.parametrize(
    ("debt", "bucket"),
    [
        ("0", AgeingBucket.MOINS_1_MOIS),
        ("649.99", AgeingBucket.MOINS_1_MOIS),
        ("650.00", AgeingBucket.UN_DEUX_MOIS),  # exactly 1 month → « 1 à 2 mois »
        ("1299.99", AgeingBucket.UN_DEUX_MOIS),
        ("1300.00", AgeingBucket.DEUX_TROIS_MOIS),
        ("1949.99", AgeingBucket.DEUX_TROIS_MOIS),
        ("1950.00", AgeingBucket.TROIS_MOIS_ET_PLUS),
    ],
)
def test_ageing_buckets_at_the_limits(debt, bucket):
    assert rules.ageing_bucket(Decimal(debt), Decimal("650.00")) == bucket


def test_a_debt_with_nothing_owed_each_month_is_the_oldest_bucket():
    assert rules.ageing_bucket(Decimal("10"), Decimal("0")) == AgeingBucket.TROIS_MOIS_ET_PLUS


def test_prorated_entry_on_the_16th_of_a_30_day_month_is_half_a_month():
    # April has 30 days; entry on the 16th: 16 → 30 = 15 days = half of 600,00 → 300,00.
    days = rules.occupied_days(date(2026, 4, 16), None, date(2026, 4, 1))
    assert days == 15
    assert rules.prorated(Decimal("600.00"), days, 30) == Decimal("300.00")


def test_occupied_days_include_the_exit_day():
    assert rules.occupied_days(date(2025, 1, 1), date(2026, 4, 10), date(2026, 4, 1)) == 10
    assert rules.occupied_days(date(2025, 1, 1), date(2026, 3, 31), date(2026, 4, 1)) == 0


def test_a_differential_is_at_most_24_months_and_the_households_share():
    """Rent 600 + charges 50, no benefit paid to the manager: at most 650 a month, 24 months (setting)."""
    rules.check_differential(
        lease=lease(), starts_on=date(2026, 1, 1), ends_on=date(2027, 12, 1), monthly_amount=Decimal("650")
    )
    with pytest.raises(ValidationError) as error:
        rules.check_differential(
            lease=lease(),
            starts_on=date(2026, 1, 1),
            ends_on=date(2028, 1, 1),
            monthly_amount=Decimal("650.01"),
        )
    assert set(error.value.message_dict) == {"ends_on", "monthly_amount"}


def test_a_sublet_rent_above_the_main_lease_is_refused():
    contract = Contract(kind=ContractKind.BAIL_PRINCIPAL, rent=Decimal("600.00"))
    rules.check_sublet_rent(lease(contract=contract, mode=LedgerMode.SOUS_LOCATION))
    with pytest.raises(ValidationError, match="art. 8"):
        rules.check_sublet_rent(
            lease(contract=contract, mode=LedgerMode.SOUS_LOCATION, rent=Decimal("600.01"))
        )
    # In a mandate the household's lease is the owner's: no sublet rule.
    rules.check_sublet_rent(lease(contract=contract, mode=LedgerMode.MANDAT_GESTION, rent=Decimal("700")))
