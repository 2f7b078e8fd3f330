"""« Mon territoire »: the yearly figures of Grand Chambéry (2026), computed by hand."""

from datetime import date
from decimal import Decimal

import pytest

from clef.dwellings.enums import ManagementMode, Parc
from clef.guichet.enums import Outcome, Status
from clef.needs.queries import territory_figures
from tests.factories.captation import LeadFactory, OfferedDwellingFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import OrganisationFactory
from tests.needs.territory_data import bonus_grant, convention, owner_request

GRAND_CHAMBERY = "200069110"


@pytest.fixture
def chambery(db):
    authority = OrganisationFactory(
        kind="local_authority", name="Grand Chambéry", head_office_department_id="73"
    )
    authority.territory_epcis.add(GRAND_CHAMBERY)
    platform = OrganisationFactory(kind="captation_platform", name="ADIL 73", head_office_department_id="73")
    operator = OrganisationFactory(head_office_department_id="73")
    owner_request(platform)  # received, still with the animator
    assigned = {
        "assigned_operator": operator,
        "assigned_on": date(2026, 2, 2),
        "acknowledge_by": date(2026, 2, 7),
    }
    owner_request(platform, status=Status.CONFIEE, **assigned)
    owner_request(
        platform,
        status=Status.CLOSE,
        outcome=Outcome.CAPTEE,
        closed_on=date(2026, 6, 1),
        **assigned,
        acknowledged_on=date(2026, 2, 4),
    )
    owner_request(platform, received=date(2025, 12, 31))  # the year before
    owner_request(platform, commune_id="73008")  # Aix-les-Bains: Grand Lac, outside
    mandat = DwellingFactory(
        organisation=operator,
        commune_id="73065",
        management_mode=ManagementMode.MANDAT_GESTION,
        entry_date=date(2026, 5, 1),
    )
    DwellingFactory(organisation=operator, commune_id="73065", parc=Parc.PUBLIC, entry_date=date(2024, 1, 1))
    DwellingFactory(
        organisation=operator,
        commune_id="73065",
        entry_date=date(2026, 2, 1),
        out_of_park=False,
        exit_date=date(2026, 10, 1),
        exit_reason="autre",
    )
    outside = DwellingFactory(organisation=operator, commune_id="73008", entry_date=date(2026, 5, 1))
    LeadFactory(signed=True, offered_dwelling=OfferedDwellingFactory(commune_id="73065"))
    LeadFactory(
        signed=True, signed_on=date(2025, 5, 1), offered_dwelling=OfferedDwellingFactory(commune_id="73065")
    )
    LeadFactory(offered_dwelling=OfferedDwellingFactory(commune_id="73065"))  # open
    convention(mandat)
    convention(
        DwellingFactory(organisation=operator, commune_id="73065", out_of_park=True), works="avec_travaux"
    )
    convention(outside)
    bonus_grant(mandat, amount="2000", paid_on=date(2026, 6, 1), authority=authority)
    bonus_grant(
        DwellingFactory(organisation=operator, commune_id="73065", out_of_park=True),
        granted_on=date(2025, 11, 1),
        paid_on=date(2026, 1, 10),
    )
    return authority, platform


def test_each_figure_of_the_territory(chambery):
    figures = territory_figures(chambery[0], 2026)
    assert figures.requests == {"received": 3, "routed": 2, "acknowledged": 1, "captees": 1}
    assert figures.leads_signed == 1
    assert figures.dwellings_entered == 2  # the mandate, and the one that left in October
    assert figures.park == {
        "total": 2,
        "prive": 1,
        "public": 1,
        "mandat_gestion": 1,
        "sous_location": 1,
        "bail_glissant": 0,
    }
    assert figures.conventions == {"signed": 2, "sans_travaux": 1, "avec_travaux": 1}
    assert figures.bonuses == {
        "granted": 1,
        "granted_amount": Decimal("2000"),
        "paid": 2,
        "paid_amount": Decimal("3000"),
    }
    assert not figures.is_empty


def test_the_park_of_the_current_year_is_counted_today(chambery):
    DwellingFactory(commune_id="73065", entry_date=date(2026, 12, 1))  # contracts starting later
    DwellingFactory(commune_id="73065", entry_date=date(2026, 12, 15))
    on_27_11 = territory_figures(chambery[0], 2026, today=date(2026, 11, 27))
    assert (on_27_11.park_on, on_27_11.park["total"]) == (date(2026, 11, 27), 2)
    after = territory_figures(chambery[0], 2026, today=date(2027, 2, 1))
    assert (after.park_on, after.park["total"]) == (date(2026, 12, 31), 4)


def test_a_platform_reads_the_same_figures_for_the_same_territory(chambery):
    authority, platform = chambery
    platform.territory_epcis.add(GRAND_CHAMBERY)
    assert territory_figures(platform, 2026) == territory_figures(authority, 2026)


def test_a_territory_without_epci_nor_commune_counts_nothing(chambery):
    figures = territory_figures(OrganisationFactory(kind="local_authority"), 2026)
    assert figures.is_empty and figures.bonuses["paid_amount"] == Decimal("0")


def test_territory_query_count(chambery, django_assert_num_queries):
    with django_assert_num_queries(6):  # the territory's EPCIs and communes are subqueries
        territory_figures(chambery[0], 2026)
