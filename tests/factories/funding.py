"""Subsidies: 2026 subsidy of an operator (30 000 € captation, 50 000 € GLA, 20 000 € support)."""

from datetime import date
from decimal import Decimal

import factory

from clef.funding.models import Subsidy
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory


class SubsidyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subsidy

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2026
    captation_amount = Decimal("30000.00")
    gla_amount = Decimal("50000.00")
    support_amount = Decimal("20000.00")
    granted_on = date(2026, 3, 15)
    entered_by = factory.SubFactory(UserFactory)
