"""Organisations and memberships. An operator of the Rhône by default; traits for the other kinds."""

import factory

from clef.organisations.models import Competence, Membership, Organisation, OrganisationKind, Role
from tests.factories.accounts import UserFactory


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


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.DIRECTOR
