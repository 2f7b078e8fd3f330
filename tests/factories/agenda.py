"""IML meetings and their items. An item's subject is a household of the meeting's organisation by default
(any model instance may be a subject)."""

from datetime import date

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from clef.agenda.models import AgendaItem, Meeting
from tests.factories.accounts import UserFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import OrganisationFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    organisation = factory.SubFactory(OrganisationFactory)
    held_on = date(2026, 11, 5)
    created_by = factory.SubFactory(UserFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem
        exclude = ["subject"]

    meeting = factory.SubFactory(MeetingFactory)
    subject = factory.SubFactory(
        HouseholdFactory, organisation=factory.SelfAttribute("..meeting.organisation")
    )
    section = "test"
    subject_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.subject))
    subject_id = factory.LazyAttribute(lambda o: o.subject.pk)
    household = factory.LazyAttribute(
        lambda o: o.subject if o.subject._meta.model_name == "household" else None
    )
    label = "Période d'occupation n° 1 : fin le 30/11/2026"
    due_on = date(2026, 11, 30)
    position = factory.Sequence(lambda n: n + 1)

    class Params:
        decided = factory.Trait(
            decision="Renouveler pour six mois.",
            decided_by=factory.SubFactory(UserFactory),
            decided_at=factory.LazyFunction(timezone.now),
        )
