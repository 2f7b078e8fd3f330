"""Arrears declared at 31/12 (`rental.DeclaredArrears`, the exchange format's `impayes`): 450 € owed on
31/12/2024 by the household of a stay open since 01/01/2021 (sous-location), for a net monthly due of 300 €
(1,5 month: « 1 à 2 mois »). Trait `mandate`: the stay's dwelling is managed under a management mandate."""

from datetime import date
from decimal import Decimal

import factory

from clef.dwellings.enums import ManagementMode
from clef.rental.declared import DeclaredArrears
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.stays import StayFactory


class DeclaredArrearsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclaredArrears

    stay = factory.SubFactory(
        StayFactory,
        dwelling=factory.SubFactory(
            DwellingFactory,
            organisation=factory.SelfAttribute("..household.organisation"),
            management_mode=ManagementMode.SOUS_LOCATION,
        ),
    )
    organisation = factory.SelfAttribute("stay.organisation")
    day = date(2024, 12, 31)
    amount = Decimal("450.00")
    net_monthly_due = Decimal("300.00")
    entered_by = factory.SubFactory(UserFactory)

    class Params:
        mandate = factory.Trait(
            stay=factory.SubFactory(
                StayFactory,
                dwelling=factory.SubFactory(
                    DwellingFactory,
                    organisation=factory.SelfAttribute("..household.organisation"),
                    management_mode=ManagementMode.MANDAT_GESTION,
                ),
            )
        )
