"""Rental ledger: a sublease (sous-location) of a stay entered on 01/01/2021, from the dwelling's main
lease (600 € + 50 € of charges, due on the 5th, no housing benefit). Traits: `mandate` (the contract is
a management mandate at 7 %), `tiers_payant` (APL of 300 € paid by the CAF to the manager). The
factories write rows only: post through `clef.rental.services` when the journal matters."""

from datetime import date
from decimal import Decimal

import factory

from clef.rental.enums import (
    Account,
    BenefitKind,
    BenefitPayer,
    BenefitStatus,
    EntryKind,
    EntrySource,
    LedgerMode,
)
from clef.rental.models import Lease, LedgerEntry
from tests.factories.accounts import UserFactory
from tests.factories.contracts import ContractFactory
from tests.factories.stays import StayFactory


class LeaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lease

    stay = factory.SubFactory(StayFactory)
    organisation = factory.SelfAttribute("stay.organisation")
    contract = factory.SubFactory(
        ContractFactory,
        dwelling=factory.SelfAttribute("..stay.dwelling"),
        organisation=factory.SelfAttribute("..stay.organisation"),
    )
    mode = LedgerMode.SOUS_LOCATION
    starts_on = factory.SelfAttribute("stay.entry_date")
    ends_on = factory.SelfAttribute("stay.exit_date")
    rent = Decimal("600.00")
    charges = Decimal("50.00")
    due_day = 5
    benefit_status = BenefitStatus.VERSEE
    created_by = factory.SubFactory(UserFactory)

    class Params:
        mandate = factory.Trait(
            mode=LedgerMode.MANDAT_GESTION,
            contract=factory.SubFactory(
                ContractFactory,
                dwelling=factory.SelfAttribute("..stay.dwelling"),
                organisation=factory.SelfAttribute("..stay.organisation"),
                mandate=True,
            ),
        )
        tiers_payant = factory.Trait(
            benefit_kind=BenefitKind.APL,
            benefit_payer=BenefitPayer.CAF,
            benefit_tiers_payant=True,
            benefit_amount=Decimal("300.00"),
        )


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    """A rent call of 600 € for January 2026 on the household's account."""

    class Meta:
        model = LedgerEntry

    lease = factory.SubFactory(LeaseFactory)
    organisation = factory.SelfAttribute("lease.organisation")
    contract = factory.SelfAttribute("lease.contract")
    account = Account.MENAGE
    kind = EntryKind.APPEL_LOYER
    period = date(2026, 1, 1)
    booked_on = date(2026, 1, 1)
    amount = Decimal("600.00")
    label = "Loyer de janvier 2026"
    source = EntrySource.MANUEL
    created_by = None
