"""Stays: a household of the operator in a dwelling of the same operator, open since 01/01/2021, by
default. Traits give the ended states without faking them afterwards with `.update()`."""

from datetime import date

import factory

from clef.dwellings.enums import DwellingExitReason, ManagementMode
from clef.stays.enums import Destination
from clef.stays.models import Stay
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory


class StayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stay

    household = factory.SubFactory(HouseholdFactory)
    dwelling = factory.SubFactory(
        DwellingFactory, organisation=factory.SelfAttribute("..household.organisation")
    )
    organisation = factory.SelfAttribute("household.organisation")
    entry_date = date(2021, 1, 1)
    pathway_start = factory.SelfAttribute("entry_date")

    class Params:
        # A real exit (the pathway ends) on `exit_date` (31/12/2023 unless given), to the social park.
        exited = factory.Trait(exit_date=date(2023, 12, 31), destination=Destination.PARC_SOCIAL)
        # An internal move: the stay ends, the pathway goes on in another dwelling of the operator.
        moved_out = factory.Trait(exit_date=date(2023, 12, 31), destination=Destination.MUTATION_INTERNE_IML)
        # A slid lease (bail glissé): the household keeps the dwelling with its own lease; the stay ends
        # and the dwelling (a bail glissant) leaves the park the same day.
        slid_lease = factory.Trait(
            exit_date=date(2023, 12, 31),
            destination=Destination.MAINTIEN_GLISSEMENT_BAIL,
            # A whole declaration, not dwelling__…: a trait's sub-overrides blank the fields they name
            # even when the trait is off (factory_boy 3.3).
            dwelling=factory.SubFactory(
                DwellingFactory,
                organisation=factory.SelfAttribute("..household.organisation"),
                management_mode=ManagementMode.BAIL_GLISSANT,
                exit_date=factory.SelfAttribute("..exit_date"),
                exit_reason=DwellingExitReason.GLISSEMENT_BAIL,
            ),
        )
