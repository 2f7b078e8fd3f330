"""The factories' traits give states the register's own rules accept (model validation, which the
services and the importer call), so that tests built on them test real states."""

from datetime import date

import pytest

from clef.dwellings.enums import DwellingExitReason, ManagementMode
from clef.households.enums import Composition, PersonRole, Sex
from clef.stays.enums import Destination
from clef.stays.models import Stay
from tests.factories.dwellings import DwellingFactory
from tests.factories.households import HouseholdFactory, PersonFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def test_traits_left_off_change_nothing():
    """A trait that names a sub-factory's fields must not blank them when it is off."""
    stay = StayFactory()
    reference = stay.household.members.get()
    assert (reference.first_name, reference.sex, reference.role) == ("Alex", Sex.M, PersonRole.REFERENCE)
    dwelling = stay.dwelling
    assert (dwelling.management_mode, dwelling.exit_date, dwelling.exit_reason) == (
        ManagementMode.SOUS_LOCATION,
        None,
        "",
    )
    assert (stay.exit_date, stay.destination) == (None, "")
    assert dwelling.organisation == stay.household.organisation == stay.organisation


def test_an_exited_stay_ends_the_pathway_on_its_exit_date():
    stay = StayFactory(exited=True, exit_date=date(2024, 5, 1))
    stay.full_clean()
    assert (stay.exit_date, stay.destination) == (date(2024, 5, 1), Destination.PARC_SOCIAL)
    assert list(Stay.objects.exits_in(2024)) == [stay]


def test_a_stay_left_by_an_internal_move_is_no_exit():
    stay = StayFactory(moved_out=True)
    stay.full_clean()
    assert stay.destination == Destination.MUTATION_INTERNE_IML
    assert not Stay.objects.exits_in(stay.exit_date.year).exists()


def test_a_slid_lease_takes_the_dwelling_out_of_the_park_the_same_day():
    stay = StayFactory(slid_lease=True, exit_date=date(2024, 9, 30))
    stay.full_clean()
    assert stay.dwelling.organisation == stay.organisation
    stay.dwelling.full_clean()
    dwelling = stay.dwelling
    assert stay.destination == Destination.MAINTIEN_GLISSEMENT_BAIL
    assert dwelling.management_mode == ManagementMode.BAIL_GLISSANT
    assert (dwelling.exit_date, dwelling.exit_reason) == (
        date(2024, 9, 30),
        DwellingExitReason.GLISSEMENT_BAIL,
    )


def test_a_dwelling_out_of_the_park_has_an_exit_reason():
    dwelling = DwellingFactory(out_of_park=True)
    dwelling.full_clean()
    assert dwelling.exit_date == date(2023, 12, 31) and dwelling.exit_reason
    conventionne = DwellingFactory(conventionne=True)
    conventionne.full_clean()


def test_a_household_has_exactly_one_reference_person_whatever_its_composition():
    organisation = OrganisationFactory()
    alone = HouseholdFactory(organisation=organisation)
    family = HouseholdFactory(organisation=organisation, single_parent_family=True)
    assert family.reference_person.sex == Sex.F
    couple = HouseholdFactory(organisation=organisation, couple=True)
    roles = {h.composition: sorted(h.members.values_list("role", flat=True)) for h in (alone, family, couple)}
    assert roles == {
        Composition.PERSONNE_ISOLEE: [PersonRole.REFERENCE],
        Composition.FAMILLE_MONOPARENTALE: [PersonRole.ENFANT, PersonRole.REFERENCE],
        Composition.COUPLE_SANS_ENFANT: [PersonRole.CONJOINT, PersonRole.REFERENCE],
    }
    for household in (alone, family, couple):
        household.full_clean()
    assert PersonFactory(household=family, child=True).role == PersonRole.ENFANT
