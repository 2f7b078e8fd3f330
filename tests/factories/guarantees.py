"""The regional security fund: « Fonds régional de sécurisation IML » of Auvergne-Rhône-Alpes (region 84),
managed by a network. Contributors: an operator's dues by default (`state` and `local_authority` traits).
Claims are « déposées » by default (`accepted`, `refused`, `paid` traits). Rows only: go through
`clef.guarantees.services` when the journal matters."""

from datetime import date
from decimal import Decimal

import factory

from clef.guarantees.enums import (
    ContributionKind,
    ContributorKind,
    FundClaimKind,
    FundClaimStatus,
    VisaleClaimKind,
    VisaleClaimStatus,
    VisaleVariant,
)
from clef.guarantees.models import (
    FundClaim,
    FundClaimDocument,
    FundContribution,
    FundContributor,
    SecurityFund,
    VisaleClaim,
    VisaleGuarantee,
)
from clef.organisations.models import OrganisationKind
from tests.factories.organisations import OrganisationFactory


class NetworkFactory(OrganisationFactory):
    kind = OrganisationKind.NETWORK
    name = factory.Sequence(lambda n: f"Réseau {n}")
    head_office_department_id = "69"
    region_id = "84"


class SecurityFundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecurityFund

    name = factory.Sequence(lambda n: f"Fonds régional de sécurisation {n}")
    region_id = "84"
    manager = factory.SubFactory(NetworkFactory)
    created_on = date(2020, 1, 1)


class FundContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundContributor

    fund = factory.SubFactory(SecurityFundFactory)
    kind = ContributorKind.OPERATEUR
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.LazyAttribute(lambda o: o.organisation.name if o.organisation else "Contributeur")

    class Params:
        state = factory.Trait(
            kind=ContributorKind.ETAT, organisation=None, name="DREETS Auvergne-Rhône-Alpes"
        )
        local_authority = factory.Trait(
            kind=ContributorKind.COLLECTIVITE, organisation=None, name="Grand Chambéry"
        )


class FundContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundContribution

    contributor = factory.SubFactory(FundContributorFactory)
    fund = factory.SelfAttribute("contributor.fund")
    year = factory.LazyAttribute(lambda o: o.received_on.year)
    amount = Decimal("1500.00")
    received_on = date(2025, 3, 1)
    kind = ContributionKind.COTISATION


class FundClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundClaim

    fund = factory.SubFactory(SecurityFundFactory)
    operator = factory.SubFactory(OrganisationFactory)
    kind = FundClaimKind.IMPAYES
    loss_amount = Decimal("8000.00")
    amount_claimed = Decimal("6000.00")
    declared_on = date(2025, 4, 1)
    status = FundClaimStatus.DEPOSEE

    class Params:
        accepted = factory.Trait(
            status=FundClaimStatus.ACCEPTEE, decided_on=date(2025, 5, 1), amount_granted=Decimal("5000.00")
        )
        refused = factory.Trait(status=FundClaimStatus.REFUSEE, decided_on=date(2025, 5, 1))
        paid = factory.Trait(
            status=FundClaimStatus.VERSEE,
            decided_on=date(2025, 5, 1),
            amount_granted=Decimal("5000.00"),
            paid_on=date(2025, 6, 1),
            paid_amount=Decimal("5000.00"),
        )


class FundClaimDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundClaimDocument

    claim = factory.SubFactory(FundClaimFactory)
    file = factory.django.FileField(filename="devis.pdf", data=b"%PDF-1.4 devis")
    caption = "Devis de remise en état"


class VisaleGuaranteeFactory(factory.django.DjangoModelFactory):
    """A Visale IL guarantee in force since the lease's start (mandate lease by default)."""

    class Meta:
        model = VisaleGuarantee

    lease = factory.SubFactory("tests.factories.rental.LeaseFactory", mandate=True)
    organisation = factory.SelfAttribute("lease.organisation")
    contract_number = factory.Sequence(lambda n: f"V{n:08d}")
    variant = VisaleVariant.INTERMEDIATION_LOCATIVE
    valid_from = factory.SelfAttribute("lease.starts_on")


class VisaleClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisaleClaim

    guarantee = factory.SubFactory(VisaleGuaranteeFactory)
    kind = VisaleClaimKind.IMPAYES
    declared_on = date(2025, 3, 1)
    months = 2
    amount = Decimal("1300.00")
    status = VisaleClaimStatus.DECLAREE
