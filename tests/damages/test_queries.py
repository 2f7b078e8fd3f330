"""The list of inventories to do: entries without an entry inventory, recent exits without an exit one."""

from datetime import date

import pytest

from clef.damages import queries
from tests.factories.damages import InventoryFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db
TODAY = date(2024, 6, 30)


def test_inventories_to_do():
    operator = OrganisationFactory()
    present = StayFactory(household__organisation=operator)
    InventoryFactory(stay=StayFactory(household__organisation=operator))  # done: not listed
    future = StayFactory(household__organisation=operator, entry_date=date(2024, 7, 1))  # not yet entered
    recent_exit = StayFactory(household__organisation=operator, exited=True, exit_date=date(2024, 3, 1))
    InventoryFactory(stay=recent_exit)  # its entry inventory: still needs the exit one
    exit_done = StayFactory(household__organisation=operator, exited=True, exit_date=date(2024, 3, 2))
    InventoryFactory(stay=exit_done, kind="sortie", done_on=date(2024, 3, 2))
    StayFactory(household__organisation=operator, exited=True, exit_date=date(2023, 6, 29))  # over a year ago
    StayFactory()  # another operator
    entries, exits = queries.inventories_to_do(operator.pk, TODAY)
    assert list(entries) == [present]
    assert future not in entries
    assert list(exits) == [recent_exit]
