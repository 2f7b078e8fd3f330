"""The occupancy rights of each kind of member (clef.occupancy.perms), and the retention purge, which
takes the occupancy records with the household."""

from datetime import UTC, date, datetime

import pytest

from clef.dwellings.enums import ManagementMode
from clef.households.models import Household
from clef.occupancy import perms
from clef.occupancy.models import LeaseSlide, LeaseSlideReview, OccupancyTerm, SocialHousingDemand
from clef.organisations.models import Role, Share
from clef.stays.management.commands.purge_households import purge_households
from clef.stays.models import Stay
from tests.factories.dwellings import DwellingFactory
from tests.factories.occupancy import (
    LeaseSlideFactory,
    LeaseSlideReviewFactory,
    OccupancyTermFactory,
    SocialHousingDemandFactory,
)
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.DIRECTOR, perms.OccupancyRights(True, True, True, True, True)),
        (Role.SOCIAL_WORKER, perms.OccupancyRights(True, True, True, True, False)),
        (Role.RENTAL_MANAGER, perms.OccupancyRights(True, True, True, False, True)),
        (Role.CAPTATION_OFFICER, perms.OccupancyRights(True, False, True, False, False)),
        (Role.READ_ONLY, perms.OccupancyRights(True, False, True, False, False)),
    ],
)
def test_rights_of_the_operator_roles(role, expected):
    membership = MembershipFactory(role=role)
    assert perms.occupancy_rights(membership, membership.organisation_id) == expected


@pytest.mark.parametrize(
    ("access", "expected"),
    [
        (Share.Access.SUPPORT, perms.OccupancyRights(view_demand=True)),
        (Share.Access.VIEW, perms.NONE),
        (Share.Access.ORIENTATION, perms.NONE),
        (None, perms.NONE),
    ],
)
def test_a_partner_reads_the_demand_only_through_a_support_share(access, expected):
    owner = OrganisationFactory()
    partner = MembershipFactory(role=Role.DIRECTOR)
    assert perms.occupancy_rights(partner, owner.pk, shared_access=access) == expected


def test_the_siao_and_the_state_get_nothing_even_with_a_share():
    owner = OrganisationFactory()
    siao = MembershipFactory(organisation=OrganisationFactory(siao=True), role=Role.SIAO_AGENT)
    state = MembershipFactory(organisation=OrganisationFactory(ddets=True), role=Role.STATE_COORDINATOR)
    for member in (siao, state):
        for access in (Share.Access.SUPPORT, Share.Access.ORIENTATION, None):
            assert perms.occupancy_rights(member, owner.pk, shared_access=access) == perms.NONE
        assert not perms.can_see_occupancy_lists(member)
    assert perms.occupancy_rights(None, owner.pk) == perms.NONE


def test_the_retention_purge_takes_the_occupancy_records_with_the_household():
    dwelling = DwellingFactory(
        management_mode=ManagementMode.BAIL_GLISSANT,
        entry_date=date(2010, 1, 1),
        exit_date=date(2016, 1, 1),
        exit_reason="glissement_bail",
    )
    slide = LeaseSlideFactory(
        stay__dwelling=dwelling,
        stay__household__organisation=dwelling.organisation,
        stay__entry_date=date(2015, 1, 1),
        stay__exit_date=date(2016, 1, 1),
    )
    stay = slide.stay
    OccupancyTermFactory(stay=stay, starts_on=date(2015, 1, 1), ends_on=date(2015, 6, 30))
    LeaseSlideReviewFactory(stay=stay, reviewed_on=date(2015, 6, 1), next_review_on=None)
    SocialHousingDemandFactory(
        household=stay.household, first_demand_on=date(2015, 1, 1), renewal_due_on=date(2016, 1, 1)
    )
    long_ago = datetime(2016, 1, 2, tzinfo=UTC)
    Stay.objects.filter(pk=stay.pk).update(updated_at=long_ago)
    Household.objects.filter(pk=stay.household_id).update(updated_at=long_ago)
    purge, _deleted = purge_households()
    assert purge.by_organisation == {stay.organisation_id: [stay.household_id]}
    for model in (OccupancyTerm, SocialHousingDemand, LeaseSlideReview, LeaseSlide):
        assert not model.objects.exists()
