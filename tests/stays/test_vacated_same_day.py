"""A dwelling vacated by an exit or an internal move is free from that very day: the lists show it vacant,
the entry form offers it, and another household can enter it that day (issue 7 §6)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.stays import services
from clef.stays.enums import Destination
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_dwelling_left_today_is_vacant_today_and_can_be_entered_today():
    today = timezone.localdate()
    operator = OrganisationFactory()
    actor = UserFactory()
    dwelling = DwellingFactory(organisation=operator, entry_date=date(2020, 1, 1))
    first, second = HouseholdFactory(organisation=operator), HouseholdFactory(organisation=operator)
    stay = services.enter_dwelling(
        household=first, dwelling=dwelling, on=today - timedelta(days=30), acting_user=actor
    )
    assert not Dwelling.objects.vacant_on(today).filter(pk=dwelling.pk).exists()  # occupied before the exit

    services.end_stay(
        stay=stay,
        on=today,
        destination=Destination.PARC_SOCIAL,
        loss_unpaid_rent=False,
        loss_damage=False,
        acting_user=actor,
    )

    assert Dwelling.objects.vacant_on(today).filter(pk=dwelling.pk).exists()
    assert not Dwelling.objects.with_occupancy_on(today).get(pk=dwelling.pk).is_occupied
    entered = services.enter_dwelling(household=second, dwelling=dwelling, on=today, acting_user=actor)
    assert entered.entry_date == today
    assert Dwelling.objects.occupied_on(today).filter(pk=dwelling.pk).exists()


def test_a_dwelling_left_by_an_internal_move_today_is_vacant_today():
    today = timezone.localdate()
    operator = OrganisationFactory()
    actor = UserFactory()
    old, new = (DwellingFactory(organisation=operator, entry_date=date(2020, 1, 1)) for _ in range(2))
    household = HouseholdFactory(organisation=operator)
    stay = services.enter_dwelling(
        household=household, dwelling=old, on=today - timedelta(days=10), acting_user=actor
    )

    services.move_internally(stay=stay, to_dwelling=new, on=today, acting_user=actor)

    vacant = set(Dwelling.objects.vacant_on(today).values_list("pk", flat=True))
    assert old.pk in vacant and new.pk not in vacant
