"""Conventions and contracts: a main lease of a dwelling of the park signed on 01/01/2020 (the dwelling
factory's entry date), 600 € + 50 € of charges; a convention without works at Loc2 requested on
01/12/2019; bank details with a valid French IBAN (FR76 3000 6000 0112 3456 7890 189). The factories
write rows only: build through `clef.contracts.services` when the journal or the dwelling matters."""

from datetime import date
from decimal import Decimal

import factory

from clef.contracts.enums import ContractKind, ConventionStatus, ConventionWorks
from clef.contracts.models import AnahConvention, Contract, OwnerBankAccount
from clef.dwellings.enums import RentLevel
from tests.factories.accounts import UserFactory
from tests.factories.captation import LandlordFactory
from tests.factories.dwellings import DwellingFactory

VALID_IBAN = "FR7630006000011234567890189"
VALID_BIC = "BNPAFRPPXXX"


class OwnerBankAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OwnerBankAccount

    landlord = factory.SubFactory(LandlordFactory)
    organisation = factory.SelfAttribute("landlord.organisation")
    holder = "Claire Bailleur"
    iban = VALID_IBAN
    bic = VALID_BIC
    iban_start = VALID_IBAN[:4]
    iban_last4 = VALID_IBAN[-4:]
    created_by = factory.SubFactory(UserFactory)


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    dwelling = factory.SubFactory(DwellingFactory)
    organisation = factory.SelfAttribute("dwelling.organisation")
    landlord = factory.SubFactory(LandlordFactory, organisation=factory.SelfAttribute("..organisation"))
    kind = ContractKind.BAIL_PRINCIPAL
    signed_on = date(2020, 1, 1)
    starts_on = date(2020, 1, 1)
    rent = Decimal("600.00")
    charges = Decimal("50.00")
    created_by = factory.SubFactory(UserFactory)

    class Params:
        mandate = factory.Trait(kind=ContractKind.MANDAT_GESTION, fee_percent=Decimal("7.00"))
        glissant = factory.Trait(glissement_clause=True)
        # Ends on 30/06/2026 (within the 180 days alert window of 01/03/2026).
        ending = factory.Trait(ends_on=date(2026, 6, 30))


class AnahConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnahConvention

    dwelling = factory.SubFactory(DwellingFactory)
    organisation = factory.SelfAttribute("dwelling.organisation")
    landlord = factory.SubFactory(LandlordFactory, organisation=factory.SelfAttribute("..organisation"))
    works = ConventionWorks.SANS_TRAVAUX
    level = RentLevel.LOC2
    requested_on = date(2019, 12, 1)
    duration_years = 6
    created_by = factory.SubFactory(UserFactory)

    class Params:
        # Signed on 15/12/2019, in force from 01/01/2020 to 01/01/2026.
        signed = factory.Trait(
            status=ConventionStatus.SIGNEE,
            signed_on=date(2019, 12, 15),
            starts_on=date(2020, 1, 1),
            ends_on=date(2026, 1, 1),
        )
