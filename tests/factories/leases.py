"""The lease's yearly life: IRL indices (T1 2024 = 143,46 and T1 2025 = 145,47, as published by INSEE),
revisions, charges regularisations and deposit returns. The factories write rows only: go through
`clef.leases.services` when the journal or the ledger matters."""

from datetime import date
from decimal import Decimal

import factory

from clef.leases.models import ChargesRegularisation, DepositReturn, IrlIndex, RentRevision, RevisionStatus
from tests.factories.accounts import UserFactory
from tests.factories.rental import LeaseFactory


class IrlIndexFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IrlIndex
        django_get_or_create = ("year", "quarter")

    year = 2025
    quarter = 1
    value = Decimal("145.47")
    is_sample = False


class RentRevisionFactory(factory.django.DjangoModelFactory):
    """The revision of a 500 € rent at its anniversary of 01/04/2025: T1 2024 → T1 2025, 507,01 €, applied."""

    class Meta:
        model = RentRevision

    lease = factory.SubFactory(LeaseFactory)
    organisation = factory.SelfAttribute("lease.organisation")
    due_on = date(2025, 4, 1)
    old_rent = Decimal("500.00")
    new_rent = Decimal("507.01")
    irl_old = factory.SubFactory(IrlIndexFactory, year=2024, quarter=1, value=Decimal("143.46"))
    irl_new = factory.SubFactory(IrlIndexFactory, year=2025, quarter=1, value=Decimal("145.47"))
    status = RevisionStatus.APPLIQUEE
    decided_by = factory.SubFactory(UserFactory)
    decided_on = date(2025, 4, 2)


class ChargesRegularisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChargesRegularisation

    lease = factory.SubFactory(LeaseFactory)
    organisation = factory.SelfAttribute("lease.organisation")
    year = 2025
    provisions = Decimal("600.00")
    actual_charges = Decimal("650.00")
    difference = Decimal("50.00")
    done_on = date(2026, 3, 1)
    created_by = factory.SubFactory(UserFactory)


class DepositReturnFactory(factory.django.DjangoModelFactory):
    """A deposit of 600 € held, nothing deducted, to return within a month of the exit (31/10/2026)."""

    class Meta:
        model = DepositReturn

    lease = factory.SubFactory(LeaseFactory)
    organisation = factory.SelfAttribute("lease.organisation")
    exit_on = date(2026, 10, 31)
    held = Decimal("600.00")
    inventory_matches = True
    deductions = Decimal("0")
    returned_amount = Decimal("600.00")
    due_by = date(2026, 11, 30)
    created_by = factory.SubFactory(UserFactory)
