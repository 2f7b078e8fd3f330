"""Households and their members. A household comes with its reference person (an isolated man born in
1985) unless `reference=None`; traits add the members of other compositions."""

from datetime import date

import factory

from clef.households.enums import Composition, PersonRole, PriorSituation, Sex
from clef.households.models import Household, Person
from tests.factories.organisations import OrganisationFactory


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    composition = Composition.PERSONNE_ISOLEE
    prior_situation = PriorSituation.CHEZ_DES_TIERS
    siao_oriented = True

    reference = factory.RelatedFactory(
        "tests.factories.households.PersonFactory",
        factory_related_name="household",
        role=PersonRole.REFERENCE,
    )

    class Params:
        # A single-parent family: the reference person (a woman) and one child.
        single_parent_family = factory.Trait(
            composition=Composition.FAMILLE_MONOPARENTALE,
            # A whole declaration, not reference__sex: a trait's sub-overrides blank the fields they name
            # even when the trait is off (factory_boy 3.3).
            reference=factory.RelatedFactory(
                "tests.factories.households.PersonFactory",
                factory_related_name="household",
                role=PersonRole.REFERENCE,
                sex=Sex.F,
                first_name="Awa",
            ),
            child=factory.RelatedFactory(
                "tests.factories.households.PersonFactory", factory_related_name="household", child=True
            ),
        )
        # A couple without children: the reference person and a partner.
        couple = factory.Trait(
            composition=Composition.COUPLE_SANS_ENFANT,
            partner=factory.RelatedFactory(
                "tests.factories.households.PersonFactory", factory_related_name="household", partner=True
            ),
        )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    household = factory.SubFactory(HouseholdFactory, reference=None)
    role = PersonRole.REFERENCE
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Dupont{n}")
    sex = Sex.M
    birth_date = date(1985, 7, 1)

    class Params:
        child = factory.Trait(role=PersonRole.ENFANT, first_name="Léo", birth_date=date(2015, 1, 1))
        partner = factory.Trait(
            role=PersonRole.CONJOINT, first_name="Sam", sex=Sex.F, birth_date=date(1987, 3, 1)
        )
