"""Needs declared by the SIAO (a T2 in the Métropole de Lyon on 01/03/2026) and captation targets (2026)."""

from datetime import date

import factory

from clef.dwellings.enums import Typology
from clef.needs.models import CaptationTarget, NeedDeclaration
from tests.factories.accounts import UserFactory
from tests.factories.organisations import OrganisationFactory

METROPOLE_DE_LYON = "200046977"


class NeedDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedDeclaration

    siao = factory.SubFactory(OrganisationFactory, siao=True)  # of the Rhône (69)
    as_of = date(2026, 3, 1)
    department_id = factory.SelfAttribute("siao.head_office_department_id")
    epci_id = METROPOLE_DE_LYON
    typology = Typology.T2
    households_waiting = 10
    declared_by = factory.SubFactory(UserFactory)

    class Params:
        whole_department = factory.Trait(epci_id=None)


class CaptationTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaptationTarget

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2026
    new_dwellings = 10
    set_by = factory.SubFactory(UserFactory)
