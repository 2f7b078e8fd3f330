"""Guichet: the desk of a captation platform whose territory is the Grand Chambéry EPCI, its rules and
owners' requests (a T2 in Chambéry, received on the desk by default). `with_rule` builds a platform, a
rule on the EPCI and one operator; build a routed request through `clef.guichet.services` when the
share and history matter (the factories write rows only)."""

from datetime import date
from decimal import Decimal

import factory

from clef.dwellings.enums import Typology
from clef.guichet.enums import PreferredMode, RoutingMethod, Status
from clef.guichet.models import Desk, OwnerRequest, RequestEvent, RoutingRule, RoutingTarget
from clef.guichet.tokens import hash_token
from clef.organisations.models import OrganisationKind
from tests.factories.organisations import OrganisationFactory

GRAND_CHAMBERY = "200069110"
CHAMBERY = "73065"
LA_MOTTE_SERVOLEX = "73179"


class PlatformFactory(OrganisationFactory):
    """A captation platform (an ADIL) whose territory is the Grand Chambéry EPCI."""

    class Meta:
        skip_postgeneration_save = True

    kind = OrganisationKind.CAPTATION_PLATFORM
    name = factory.Sequence(lambda n: f"ADIL {n} — Louer Solidaire")
    head_office_department_id = "73"
    region_id = "84"

    @factory.post_generation
    def territory(self, create, extracted, **kwargs):
        if create:
            self.territory_epcis.add(*(extracted or [GRAND_CHAMBERY]))


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk

    platform = factory.SubFactory(PlatformFactory)
    slug = factory.Sequence(lambda n: f"louer-solidaire-{n}")
    title = "Louer Solidaire — Grand Chambéry"
    intro = "Propriétaires, louez en toute sécurité à des ménages accompagnés."
    contact_email = "louer-solidaire@adil.test"


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingRule

    desk = factory.SubFactory(DeskFactory)
    epci_id = GRAND_CHAMBERY
    method = RoutingMethod.ROTATION

    class Params:
        on_commune = factory.Trait(epci_id=None, commune_id=CHAMBERY)
        by_capacity = factory.Trait(method=RoutingMethod.CAPACITE)


class RoutingTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingTarget

    rule = factory.SubFactory(RoutingRuleFactory)
    operator = factory.SubFactory(OrganisationFactory, head_office_department_id="73")
    position = factory.Sequence(lambda n: n % 100 + 1)  # within the bound (1 to 100) however many tests ran


class OwnerRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OwnerRequest

    desk = factory.SubFactory(DeskFactory)
    platform = factory.SelfAttribute("desk.platform")
    commune_id = CHAMBERY
    typology = Typology.T2
    surface_m2 = Decimal("42.5")
    rent_asked = Decimal("560.00")
    available_from = date(2026, 12, 1)
    preferred_mode = PreferredMode.MANDAT_GESTION
    first_name = "Hélène"
    last_name = factory.Sequence(lambda n: f"Propriétaire{n}")
    email = factory.Sequence(lambda n: f"proprietaire{n}@example.org")
    phone = "06 12 34 56 78"
    consent = True
    token_hash = factory.Sequence(lambda n: hash_token(f"jeton-{n}"))

    class Params:
        # Confided on 02/11/2026 to a new operator, to take in charge by 07/11/2026.
        confided = factory.Trait(
            status=Status.CONFIEE,
            assigned_operator=factory.SubFactory(OrganisationFactory, head_office_department_id="73"),
            assigned_on=date(2026, 11, 2),
            acknowledge_by=date(2026, 11, 7),
        )


class RequestEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestEvent

    request = factory.SubFactory(OwnerRequestFactory)
    kind = "recue"
