"""The support of a household: agreement (done by the household's own operator unless a trait says
otherwise), consent to home visits, appointments, notes, relay resources and orientations."""

from datetime import date

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from clef.organisations.models import Share
from clef.support.enums import AppointmentKind, Domain, Intensity, RelayCategory, RelayOutcome
from clef.support.models import (
    Appointment,
    HomeVisitConsent,
    RelayOrientation,
    RelayResource,
    SupportAgreement,
    SupportNote,
    SupportObjective,
    SupportReview,
)
from tests.factories.accounts import UserFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import OrganisationFactory


class SupportShareFactory(factory.django.DjangoModelFactory):
    """A SUPPORT share of a household with a partner operator, in force since 01/01/2024. Pass `record`
    (the household): `SupportShareFactory(record=household)`."""

    class Meta:
        model = Share
        exclude = ["record"]

    record = factory.SubFactory(HouseholdFactory)
    content_type = factory.LazyFunction(
        lambda: ContentType.objects.get(app_label="households", model="household")
    )
    object_id = factory.SelfAttribute("record.pk")
    organisation = factory.SelfAttribute("record.organisation")
    partner = factory.SubFactory(OrganisationFactory)
    access = Share.Access.SUPPORT
    reason = "Accompagnement confié à la structure partenaire"
    starts_on = date(2024, 1, 1)
    created_by = factory.SubFactory(UserFactory)

    class Params:
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))
        expired = factory.Trait(ends_on=date(2024, 6, 30))


class SupportAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportAgreement

    household = factory.SubFactory(HouseholdFactory)
    organisation = factory.SelfAttribute("household.organisation")
    support_organisation = factory.SelfAttribute("household.organisation")
    signed_on = date(2024, 1, 15)
    intensity = Intensity.MODEREE
    created_by = factory.SubFactory(UserFactory)


class SupportObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportObjective

    agreement = factory.SubFactory(SupportAgreementFactory)
    domain = Domain.BUDGET
    text = "Mettre en place un plan d'apurement"


class SupportReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportReview

    agreement = factory.SubFactory(SupportAgreementFactory)
    reviewed_on = date(2024, 7, 15)
    summary = "Bilan à six mois : objectifs en cours."


class HomeVisitConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeVisitConsent

    household = factory.SubFactory(HouseholdFactory)
    organisation = factory.SelfAttribute("household.organisation")
    given_on = date(2024, 1, 15)
    recorded_by = factory.SubFactory(UserFactory)

    class Params:
        withdrawn = factory.Trait(withdrawn_on=date(2024, 6, 1))


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    household = factory.SubFactory(HouseholdFactory)
    organisation = factory.SelfAttribute("household.organisation")
    held_on = date(2024, 3, 1)
    kind = AppointmentKind.ENTRETIEN
    recorded_by = factory.SubFactory(UserFactory)

    class Params:
        joint_visit = factory.Trait(kind=AppointmentKind.VISITE_CONJOINTE)


class SupportNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportNote

    household = factory.SubFactory(HouseholdFactory)
    organisation = factory.SelfAttribute("household.organisation")
    author = factory.SubFactory(UserFactory)
    text = "Entretien : le ménage souhaite travailler son budget."


class RelayResourceFactory(factory.django.DjangoModelFactory):
    """An operator's own local entry (the platform's directory is seeded by the migration)."""

    class Meta:
        model = RelayResource

    name = factory.Sequence(lambda n: f"Centre médico-social {n}")
    category = RelayCategory.ACCES_SOINS
    organisation = factory.SubFactory(OrganisationFactory)
    department_id = "69"


class RelayOrientationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelayOrientation

    household = factory.SubFactory(HouseholdFactory)
    organisation = factory.SelfAttribute("household.organisation")
    resource = factory.SubFactory(RelayResourceFactory, organisation=factory.SelfAttribute("..organisation"))
    oriented_on = date(2024, 2, 1)
    recorded_by = factory.SubFactory(UserFactory)

    class Params:
        effective = factory.Trait(outcome=RelayOutcome.EFFECTIVE, outcome_on=date(2024, 3, 1))
