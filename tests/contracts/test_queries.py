"""What ends soon (within the operator's alert window, from its practice settings) and what is missing;
the agenda section built on it."""

from datetime import date

import pytest

from clef.agenda import sections as registry
from clef.contracts import queries
from clef.organisations.models import PracticeSettings, Role
from tests.factories.contracts import AnahConventionFactory, ContractFactory
from tests.factories.dwellings import DwellingFactory

pytestmark = pytest.mark.django_db
ON = date(2026, 3, 1)  # default window: 180 days → until 28/08/2026


def test_contracts_ending_within_the_window_including_past_ones(operator):
    ending = ContractFactory(dwelling__organisation=operator, ends_on=date(2026, 8, 28))
    renewal = ContractFactory(
        dwelling__organisation=operator, renewal_on=date(2026, 4, 1), ends_on=date(2030, 1, 1)
    )
    past = ContractFactory(dwelling__organisation=operator, ends_on=date(2026, 2, 1))
    ContractFactory(dwelling__organisation=operator, ends_on=date(2026, 8, 29))  # beyond the window
    ContractFactory(
        dwelling__organisation=operator,
        ends_on=date(2026, 5, 1),
        ended_on=date(2026, 1, 1),
        end_reason="autre",
    )
    ContractFactory(ends_on=date(2026, 5, 1))  # another operator's
    found = queries.ending(operator.pk, ON)
    assert found.until == date(2026, 8, 28)
    assert list(found.contracts) == [past, renewal, ending]
    assert [c.due_on for c in found.contracts] == [date(2026, 2, 1), date(2026, 4, 1), date(2026, 8, 28)]


def test_the_window_is_the_operator_setting(operator):
    PracticeSettings.objects.create(organisation=operator, contract_alert_days=30)
    ContractFactory(dwelling__organisation=operator, ends_on=date(2026, 4, 1))  # 31 days after
    kept = ContractFactory(dwelling__organisation=operator, ends_on=date(2026, 3, 31))
    assert list(queries.ending(operator.pk, ON).contracts) == [kept]


def test_signed_conventions_ending_within_the_window(operator):
    ending = AnahConventionFactory(dwelling__organisation=operator, signed=True, ends_on=date(2026, 6, 1))
    AnahConventionFactory(dwelling__organisation=operator, signed=True, ends_on=date(2027, 1, 1))
    AnahConventionFactory(dwelling__organisation=operator)  # requested, no end yet
    assert list(queries.ending(operator.pk, ON).conventions) == [ending]


def test_dwellings_of_the_park_without_contract(operator):
    without = DwellingFactory(organisation=operator)
    ContractFactory(dwelling__organisation=operator)
    ended = ContractFactory(dwelling__organisation=operator, ended_on=date(2025, 1, 1), end_reason="autre")
    DwellingFactory(organisation=operator, out_of_park=True)  # left the park
    DwellingFactory()  # another operator's
    assert set(queries.dwellings_without_contract(operator.pk, ON)) == {without, ended.dwelling}


def test_agenda_section_items_name_the_commune_and_date_never_the_owner(operator, django_assert_num_queries):
    contract = ContractFactory(
        dwelling__organisation=operator, renewal_on=date(2026, 2, 1), landlord__name="Durand"
    )
    convention = AnahConventionFactory(dwelling__organisation=operator, signed=True, ends_on=date(2026, 6, 1))
    section = registry.get_section("contracts_ending")
    assert section.meeting
    assert section.roles == {Role.DIRECTOR, Role.RENTAL_MANAGER, Role.CAPTATION_OFFICER}
    with django_assert_num_queries(3):  # practice settings, contracts, conventions
        items = section.items(operator.pk, ON)
    assert [item.subject for item in items] == [contract, convention]
    assert (
        items[0].label
        == "Bail principal (location / sous-location) (Lyon 3e Arrondissement) : renouvellement le 01/02/2026 (dépassée)"
    )
    assert items[1].label == "Convention Anah Loc2 (social) (Lyon 3e Arrondissement) : fin le 01/06/2026"
    assert all("Durand" not in item.label for item in items)
    assert items[0].url == f"/contrats/{contract.pk}/"
