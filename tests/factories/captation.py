"""Captation: a private landlord of the operator, a T2 offered in Lyon 3e, a lead at « prospect » opened on
01/03/2026 by default. Build leads through `clef.captation.services.open_lead` when the history matters
(it writes the creation's StageChange); the factories write rows only."""

from datetime import date
from decimal import Decimal

import factory

from clef.captation.enums import ActivityKind, CampaignKind, ClosedReason, LandlordKind, Origin, Stage
from clef.captation.models import (
    Activity,
    Campaign,
    Landlord,
    LandlordContact,
    Lead,
    OfferedDwelling,
    StageChange,
)
from clef.dwellings.enums import Typology
from tests.factories.organisations import OrganisationFactory


class LandlordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Landlord

    organisation = factory.SubFactory(OrganisationFactory)
    kind = LandlordKind.PARTICULIER
    name = factory.Sequence(lambda n: f"Bailleur {n}")
    first_name = "Claire"
    email = factory.Sequence(lambda n: f"bailleur{n}@example.org")
    phone = "04 72 00 00 00"
    commune_id = "69383"

    class Params:
        # Asked not to be contacted since 15/01/2026 (consent withdrawn).
        not_to_contact = factory.Trait(do_not_contact=True, do_not_contact_since=date(2026, 1, 15))
        consenting = factory.Trait(consent_to_contact=True, consent_on=date(2026, 1, 10))
        sci = factory.Trait(
            kind=LandlordKind.SCI, first_name="", name=factory.Sequence(lambda n: f"SCI Les Tilleuls {n}")
        )


class LandlordContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LandlordContact

    landlord = factory.SubFactory(LandlordFactory)
    name = "Marc Gérant"
    role = "Gérant"


class OfferedDwellingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfferedDwelling

    landlord = factory.SubFactory(LandlordFactory)
    organisation = factory.SelfAttribute("landlord.organisation")
    commune_id = "69383"
    address = factory.Sequence(lambda n: f"{n + 1} rue des Bailleurs")
    typology = Typology.T2
    surface_m2 = Decimal("45.0")
    rent_asked = Decimal("620.00")
    charges_asked = Decimal("50.00")
    available_from = date(2026, 4, 1)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    organisation = factory.SubFactory(OrganisationFactory)
    kind = CampaignKind.NEWSLETTER
    name = factory.Sequence(lambda n: f"Lettre aux propriétaires n° {n + 1}")
    started_on = date(2026, 1, 5)


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    landlord = factory.SubFactory(LandlordFactory)
    organisation = factory.SelfAttribute("landlord.organisation")
    offered_dwelling = factory.SubFactory(
        OfferedDwellingFactory, landlord=factory.SelfAttribute("..landlord")
    )
    managing_operator = factory.SelfAttribute("organisation")
    stage = Stage.PROSPECT
    stage_since = date(2026, 3, 1)
    origin = Origin.PROSPECTION

    class Params:
        abandoned = factory.Trait(stage=Stage.ABANDONNE, closed_reason=ClosedReason.LOYER)
        signed = factory.Trait(stage=Stage.ENGAGEMENT_SIGNE, signed_on=date(2026, 5, 1))
        with_next_action = factory.Trait(
            next_action="Rappeler le propriétaire", next_action_on=date(2026, 3, 10)
        )


class StageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageChange

    lead = factory.SubFactory(LeadFactory)
    from_stage = ""
    to_stage = Stage.PROSPECT
    on = date(2026, 3, 1)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    lead = factory.SubFactory(LeadFactory)
    kind = ActivityKind.APPEL
    on = date(2026, 3, 2)
    summary = "Premier appel : le propriétaire souhaite des garanties de paiement."
