"""Orientation records. A SIAO of the Rhône, an availability of a vacant dwelling of an operator (shared with
that SIAO, as the service shares it), a pending proposal of an isolated man (shared with the operator).
Use the services in the tests of the workflows; these factories build the states the pages show."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.contenttypes.models import ContentType

from clef.households.enums import Composition, PriorSituation, Sex
from clef.organisations.models import Share
from clef.orientation.enums import Decision, HouseholdAnswer, ProposedSolution, ReorientationReason
from clef.orientation.models import Availability, Proposal, ReorientationRequest
from tests.factories.accounts import UserFactory
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory


def share(record, partner, *, starts_on=date(2020, 1, 1), created_by=None) -> Share:
    """The share the services create with a record (access « orientation »)."""
    return Share.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        organisation_id=record.organisation_id,
        partner=partner,
        access=Share.Access.ORIENTATION,
        reason="Test",
        starts_on=starts_on,
        created_by=created_by or UserFactory(),
    )


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Availability
        skip_postgeneration_save = True

    dwelling = factory.SubFactory(DwellingFactory)
    organisation = factory.SelfAttribute("dwelling.organisation")
    siao = factory.SubFactory(OrganisationFactory, siao=True)  # of the Rhône (69)
    available_from = date(2024, 1, 1)
    places = 2
    rent_total = Decimal("520.00")
    household_share = Decimal("180.00")
    created_by = factory.SubFactory(UserFactory)

    shared = factory.PostGeneration(lambda obj, create, extracted, **kw: create and share(obj, obj.siao))


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    availability = factory.SubFactory(AvailabilityFactory)
    organisation = factory.SelfAttribute("availability.siao")
    operator = factory.SelfAttribute("availability.organisation")
    proposed_on = date(2024, 1, 15)
    proposed_by = factory.SubFactory(UserFactory)
    first_name = "Karim"
    last_name = factory.Sequence(lambda n: f"Benali{n}")
    birth_date = date(1980, 5, 4)
    sex = Sex.M
    composition = Composition.PERSONNE_ISOLEE
    adults = 1
    children = 0
    monthly_resources = Decimal("650.00")
    prior_situation = PriorSituation.HEBERGEMENT_URGENCE

    shared = factory.PostGeneration(lambda obj, create, extracted, **kw: create and share(obj, obj.operator))

    class Params:
        declined = factory.Trait(
            decision=Decision.DECLINED,
            decided_on=date(2024, 1, 20),
            household_answer=HouseholdAnswer.NO,
            household_reason="Trop loin de l'école des enfants",
        )


class ReorientationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReorientationRequest
        skip_postgeneration_save = True

    stay = factory.SubFactory(StayFactory)
    organisation = factory.SelfAttribute("stay.organisation")
    household = factory.SelfAttribute("stay.household")
    siao = factory.SubFactory(OrganisationFactory, siao=True)  # of the Rhône (69)
    requested_on = date(2024, 6, 1)
    requested_by = factory.SubFactory(UserFactory)
    reason = ReorientationReason.SOINS
    proposed_solution = ProposedSolution.LOGEMENT_ACCOMPAGNE

    shared = factory.PostGeneration(lambda obj, create, extracted, **kw: create and share(obj, obj.siao))
