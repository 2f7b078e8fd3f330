"""Dwellings: a T2 of the private park in Lyon 3e, in the park since 01/01/2020, by default."""

from datetime import date

import factory

from clef.dwellings.enums import (
    Conventionnement,
    DwellingExitReason,
    ManagementMode,
    Parc,
    RentLevel,
    Typology,
)
from clef.dwellings.models import Dwelling
from tests.factories.organisations import OrganisationFactory


class DwellingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dwelling

    organisation = factory.SubFactory(OrganisationFactory)
    commune_id = "69383"
    address = factory.Sequence(lambda n: f"{n + 1} rue des Tests")
    typology = Typology.T2
    places = 2
    parc = Parc.PRIVE
    management_mode = ManagementMode.SOUS_LOCATION
    entry_date = date(2020, 1, 1)

    class Params:
        # Out of the park since `exit_date` (31/12/2023 unless given): the owner took it back.
        out_of_park = factory.Trait(
            exit_date=date(2023, 12, 31), exit_reason=DwellingExitReason.REPRISE_PROPRIETAIRE
        )
        # Private park, conventionné Anah without works, social rent level.
        conventionne = factory.Trait(
            parc=Parc.PRIVE, conventionnement=Conventionnement.SANS_TRAVAUX, rent_level=RentLevel.LOC2
        )
