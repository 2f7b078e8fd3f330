"""Loc'Avantages: ceilings of Chambéry for 2026, a local bonus of Grand Chambéry, a grant."""

from datetime import date
from decimal import Decimal

import factory

from clef.dwellings.enums import RentLevel
from clef.locavantages.models import BonusGrant, LocalBonusScheme, RentCeiling
from clef.organisations.models import OrganisationKind
from tests.factories.dwellings import DwellingFactory
from tests.factories.organisations import OrganisationFactory

CHAMBERY = "73065"
GRAND_CHAMBERY = "200069110"


class RentCeilingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RentCeiling
        django_get_or_create = ("year", "commune_id", "level")

    year = 2026
    commune_id = CHAMBERY
    level = RentLevel.LOC1
    eur_per_m2 = Decimal("10.00")
    source = "Arrêté de test"

    class Params:
        sample = factory.Trait(is_sample=True, source="valeur d'exemple")


def ceilings(commune_id=CHAMBERY, year=2026, loc1="10.00", loc2="8.00", loc3="6.00", **kwargs):
    """The three levels of a commune and year (Chambéry 2026: 10, 8 and 6 €/m² by default)."""
    return {
        level: RentCeilingFactory(
            commune_id=commune_id, year=year, level=level, eur_per_m2=Decimal(value), **kwargs
        )
        for level, value in (("loc1", loc1), ("loc2", loc2), ("loc3", loc3))
    }


class LocalAuthorityFactory(OrganisationFactory):
    kind = OrganisationKind.LOCAL_AUTHORITY
    name = factory.Sequence(lambda n: f"Collectivité {n}")
    head_office_department_id = "73"


class LocalBonusSchemeFactory(factory.django.DjangoModelFactory):
    """1 500 € of Grand Chambéry for Loc2 and Loc3 conventions in mandat de gestion, since 01/01/2026."""

    class Meta:
        model = LocalBonusScheme

    authority = factory.SubFactory(LocalAuthorityFactory, name="Grand Chambéry (test)")
    name = factory.Sequence(lambda n: f"Prime Louer Solidaire {n}")
    epci_id = GRAND_CHAMBERY
    amount = Decimal("1500")
    for_mandat_gestion = True
    for_sous_location = False
    for_bail_glissant = False
    for_loc1 = False
    for_loc2 = True
    for_loc3 = True
    valid_from = date(2026, 1, 1)

    class Params:
        for_commune = factory.Trait(epci_id=None, commune_id=CHAMBERY)


class BonusGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BonusGrant

    scheme = factory.SubFactory(LocalBonusSchemeFactory)
    dwelling = factory.SubFactory(DwellingFactory, commune_id=CHAMBERY)
    organisation = factory.LazyAttribute(lambda grant: grant.dwelling.organisation)
    amount = factory.LazyAttribute(lambda grant: grant.scheme.amount)
    granted_on = date(2026, 3, 1)
