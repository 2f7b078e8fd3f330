"""The arrears declared at 31/12 in the bilan (`rental.declared_queries.declared_arrears_at`, section
impayes.*): aged by the ledger's one rule, mode from the dwelling, only the stays housed that day and
without a rent account, only the perimeter's operators; the database refuses a row that is not a
31 December or out of bounds, whoever writes it."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from clef.bilan.indicators import compute
from clef.bilan.perimeter import Perimeter
from clef.dwellings.enums import ManagementMode
from clef.rental.declared_queries import declared_arrears_at
from tests.factories.declared_arrears import DeclaredArrearsFactory
from tests.factories.rental import LeaseFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db
D = date(2024, 12, 31)


def _ids(*rows):
    return [row.organisation_id for row in rows]


def test_a_debt_is_aged_in_months_of_the_net_monthly_due_at_the_limits():
    """300 € a month: 299,99 → under a month; 300 → 1 to 2 (one month exactly); 600 → 2 to 3; 900 → 3 and
    more; a debt with nothing due each month → 3 and more."""
    first = DeclaredArrearsFactory(amount=Decimal("299.99"))
    org = first.organisation
    for amount, monthly in (("300", "300"), ("600", "300"), ("900", "300"), ("10", "0")):
        stay = StayFactory(household__organisation=org)
        DeclaredArrearsFactory(stay=stay, amount=Decimal(amount), net_monthly_due=Decimal(monthly))
    table = declared_arrears_at([org.pk], D)
    assert {bucket: cell.households for bucket, cell in table.by_bucket.items()} == {
        "moins_1_mois": 1,
        "1_2_mois": 1,
        "2_3_mois": 1,
        "3_mois_et_plus": 2,
    }
    assert table.total.amount == Decimal("2109.99")


@override_settings(CLEF_RENTAL={"ageing_limits_months": (2, 4, 6)})
def test_the_age_follows_the_setting_never_a_constant():
    row = DeclaredArrearsFactory(amount=Decimal("450"), net_monthly_due=Decimal("300"))  # 1,5 month
    assert declared_arrears_at([row.organisation_id], D).by_bucket["moins_1_mois"].households == 1


def test_the_mode_comes_from_the_dwelling_mandate_apart_sublet_and_sliding_lease_together():
    sublet = DeclaredArrearsFactory()
    org = sublet.organisation
    DeclaredArrearsFactory(mandate=True, stay__household__organisation=org, amount=Decimal("100"))
    sliding = StayFactory(household__organisation=org, dwelling__management_mode=ManagementMode.BAIL_GLISSANT)
    DeclaredArrearsFactory(stay=sliding, amount=Decimal("200"))
    table = declared_arrears_at([org.pk], D)
    assert (table.by_mode["mandat_gestion"].households, table.by_mode["mandat_gestion"].amount) == (
        1,
        Decimal("100.00"),
    )
    assert (table.by_mode["sous_location"].households, table.by_mode["sous_location"].amount) == (
        2,
        Decimal("650.00"),
    )


def test_only_the_stays_housed_that_day_without_a_rent_account_and_of_the_perimeter_count():
    kept = DeclaredArrearsFactory()
    org = kept.organisation
    left_before = StayFactory(household__organisation=org, exited=True, exit_date=date(2024, 12, 30))
    DeclaredArrearsFactory(stay=left_before)
    left_that_day = StayFactory(household__organisation=org, exited=True, exit_date=D)
    DeclaredArrearsFactory(stay=left_that_day)  # housed on its exit day: counts
    with_lease = StayFactory(household__organisation=org)
    DeclaredArrearsFactory(stay=with_lease)
    LeaseFactory(stay=with_lease, starts_on=date(2025, 1, 1), ends_on=None)
    DeclaredArrearsFactory(stay__household__organisation=org, day=date(2023, 12, 31))  # another year
    other = DeclaredArrearsFactory()  # another operator
    assert declared_arrears_at([org.pk], D).total.households == 2
    values = compute(2024, Perimeter("structure", str(org.pk)))
    assert (values["impayes.menages"], values["impayes.montant_euros"]) == (2, 900.0)
    assert compute(2024, Perimeter("structure", str(other.organisation_id)))["impayes.menages"] == 1


@pytest.mark.parametrize(
    "field, value",
    [
        ("day", date(2024, 12, 30)),
        ("amount", Decimal("0")),
        ("amount", Decimal("-5")),
        ("amount", Decimal("1000000.01")),
        ("net_monthly_due", Decimal("-1")),
        ("net_monthly_due", Decimal("15000.01")),
    ],
)
def test_the_database_refuses_a_row_out_of_its_rules(field, value):
    row = DeclaredArrearsFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(row).objects.filter(pk=row.pk).update(**{field: value})


def test_one_row_per_stay_and_day():
    row = DeclaredArrearsFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DeclaredArrearsFactory(stay=row.stay)
