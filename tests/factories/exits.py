"""The guided exit and the solicitations after exit. An assessment is made on an ended stay (trait
`exited` of StayFactory); a readiness checklist on a present stay; a solicitation for a household whose
pathway ended on 31/12/2023."""

from datetime import date

import factory

from clef.exits.enums import HouseholdChoice, Judgement, Perspective, RelayKind, SolicitationSubject
from clef.exits.models import ExitAssessment, ExitPerspective, ExitReadiness, Solicitation
from tests.factories.accounts import UserFactory
from tests.factories.stays import StayFactory


class ExitReadinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExitReadiness

    stay = factory.SubFactory(StayFactory)
    organisation = factory.SelfAttribute("stay.organisation")
    checked_on = date(2023, 12, 1)
    checked_by = factory.SubFactory(UserFactory)

    class Params:
        ready = factory.Trait(
            resources_stabilised=True,
            housing_identified=True,
            relay_established=True,
            debts_settled=True,
            inventory_prepared=True,
            date_agreed=True,
            rights_opened=True,
            knows_whom_to_call=True,
        )


class ExitAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExitAssessment

    stay = factory.SubFactory(StayFactory, exited=True)
    organisation = factory.SelfAttribute("stay.organisation")
    household_choice = HouseholdChoice.CHOISI
    relay_kind = RelayKind.TRAVAILLEUR_SOCIAL_SECTEUR
    relay_name = "MDS de Villeurbanne"
    assessed_on = factory.SelfAttribute("stay.exit_date")
    assessed_by = factory.SubFactory(UserFactory)

    class Params:
        imposed = factory.Trait(household_choice=HouseholdChoice.SUBI)
        without_relay = factory.Trait(relay_kind=RelayKind.AUCUN, relay_name="")


class ExitPerspectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExitPerspective

    assessment = factory.SubFactory(ExitAssessmentFactory)
    perspective = Perspective.MENAGE
    criteria = factory.LazyFunction(lambda: ["choisi"])
    judgement = Judgement.POSITIVE
    filled_by = factory.SubFactory(UserFactory)


class SolicitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solicitation

    household = factory.LazyAttribute(lambda o: StayFactory(exited=True).household)
    organisation = factory.SelfAttribute("household.organisation")
    solicited_on = date(2024, 3, 1)
    subject = SolicitationSubject.COURRIER
    answered_by = factory.SubFactory(UserFactory)
    minutes_spent = 30
    created_by = factory.SelfAttribute("answered_by")
