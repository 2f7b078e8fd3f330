"""factory_boy factories for every domain (traits rather than subclasses)."""

from datetime import date

import factory

from clef.accounts.models import User
from clef.dwellings.models import Dwelling
from clef.households.models import Household, Person
from clef.organisations.models import Competence, Membership, Organisation, OrganisationKind, Role
from clef.stays.models import Stay


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.OPERATOR
    name = factory.Sequence(lambda n: f"Structure {n}")
    head_office_department_id = "69"

    class Params:
        siao = factory.Trait(kind=OrganisationKind.SIAO, name=factory.Sequence(lambda n: f"SIAO {n}"))
        state = factory.Trait(  # a regional State service (DREETS)
            kind=OrganisationKind.STATE,
            name=factory.Sequence(lambda n: f"DREETS {n}"),
            region_id="84",
            head_office_department_id=None,
            competence=Competence.REGIONAL,
        )
        ddets = factory.Trait(  # a departmental State service (DDETS of the Rhône by default)
            kind=OrganisationKind.STATE,
            name=factory.Sequence(lambda n: f"DDETS {n}"),
            region_id="84",
            head_office_department_id="69",
            competence=Competence.DEPARTMENTAL,
        )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@exemple.test")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Agent{n}")
    password = factory.PostGenerationMethodCall("set_password", "mot-de-passe-solide-2026")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.DIRECTOR


class DwellingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dwelling

    organisation = factory.SubFactory(OrganisationFactory)
    commune_id = "69383"
    address = factory.Sequence(lambda n: f"{n + 1} rue des Tests")
    typology = "T2"
    places = 2
    parc = "prive"
    management_mode = "sous_location"
    entry_date = date(2020, 1, 1)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    composition = "personne_isolee"
    prior_situation = "chez_des_tiers"
    siao_oriented = True

    reference = factory.RelatedFactory(
        "tests.factories.PersonFactory", factory_related_name="household", role="reference"
    )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    household = factory.SubFactory(HouseholdFactory, reference=None)
    role = "reference"
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Dupont{n}")
    sex = "M"
    birth_date = date(1985, 7, 1)


class StayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stay

    household = factory.SubFactory(HouseholdFactory)
    dwelling = factory.SubFactory(
        DwellingFactory, organisation=factory.SelfAttribute("..household.organisation")
    )
    organisation = factory.SelfAttribute("household.organisation")
    entry_date = date(2021, 1, 1)
    pathway_start = factory.SelfAttribute("entry_date")
