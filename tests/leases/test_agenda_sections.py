"""« Révisions de loyer à proposer » and « Dépôts de garantie à restituer »: registered for the direction and
the rental managers, labels without the household's name, constant queries."""

from datetime import date
from decimal import Decimal

import pytest

from clef.agenda.sections import get_section
from clef.leases import services
from clef.organisations.models import Role
from clef.rental.enums import Account, EntryKind
from tests.factories.leases import IrlIndexFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 15)


def test_sections_are_registered_for_the_direction_and_rental_managers():
    for code in ("rent_revisions", "deposits_to_return"):
        section = get_section(code)
        assert section.roles == {Role.DIRECTOR, Role.RENTAL_MANAGER} and not section.meeting


def test_revision_items_name_the_amounts_and_never_the_household(django_assert_num_queries):
    IrlIndexFactory(year=2024, quarter=1, value=Decimal("143.46"))
    IrlIndexFactory(year=2025, quarter=1, value=Decimal("145.47"))
    lease = LeaseFactory(
        stay=StayFactory(entry_date=date(2025, 4, 1)),
        rent=Decimal("500.00"),
        irl_year=2024,
        irl_quarter=1,
    )
    with django_assert_num_queries(4):
        items = get_section("rent_revisions").items(lease.organisation_id, ON)
    by_subject = {item.subject: item for item in items}
    item = by_subject[lease]
    assert (
        item.label
        == f"Loyer du ménage ({lease.stay.dwelling.commune.name}) : révision au 01/04/2026, 500,00\u00a0€ → 507,01\u00a0€ (T1 2024 → T1 2025)"
    )
    assert (item.household_id, item.due_on, item.url) == (
        lease.stay.household_id,
        date(2026, 4, 1),
        "/gestion-locative/baux/",
    )
    assert str(lease.stay.household) not in item.label
    owner = by_subject[lease.contract]
    assert owner.household_id is None and "pas encore chargé" in owner.label


def test_deposit_items_to_decide_then_to_return(user, django_assert_num_queries):
    stay = StayFactory(exited=True, entry_date=date(2024, 1, 1), exit_date=date(2026, 2, 28))
    lease = LeaseFactory(stay=stay, ends_on=None)
    LedgerEntryFactory(
        lease=lease, account=Account.DEPOT, kind=EntryKind.DEPOT_PAIEMENT, period=None, amount=Decimal("-600")
    )
    with django_assert_num_queries(2):
        items = get_section("deposits_to_return").items(lease.organisation_id, ON)
    assert [(i.due_on, i.url) for i in items] == [
        (date(2026, 3, 28), f"/gestion-locative/baux/{lease.pk}/depot-de-garantie/")  # 1 calendar month
    ]
    assert "600,00\u00a0€" in items[0].label and str(stay.household) not in items[0].label
    services.record_deposit_return(
        lease=lease,
        inventory_matches=False,
        deductions=Decimal("0"),
        deduction_reason="",
        returned_on=None,
        on=ON,
        acting_user=user,
    )
    items = get_section("deposits_to_return").items(lease.organisation_id, ON)
    assert [i.due_on for i in items] == [date(2026, 4, 28)]  # 2 calendar months after 28/02
    assert "600,00\u00a0€ à rendre" in items[0].label
