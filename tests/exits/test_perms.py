"""Who may do what with the guided exit and the solicitations after exit (clef.exits.perms)."""

import pytest

from clef.exits import perms
from clef.exits.enums import Perspective
from clef.organisations.models import Role, Share
from clef.organisations.perms import RecordRights, household_rights, share_rights
from tests.factories.organisations import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

OWNER_ROLES = [Role.DIRECTOR, Role.SOCIAL_WORKER, Role.RENTAL_MANAGER, Role.CAPTATION_OFFICER, Role.READ_ONLY]
FOUR = [p for p in Perspective.values if p != Perspective.FINANCEUR]


class _Household:
    def __init__(self, organisation_id):
        self.organisation_id = organisation_id


def _owner(role):
    membership = MembershipFactory(role=role)
    rights = household_rights(membership, _Household(membership.organisation_id), shared_access=None)
    return membership, rights


@pytest.mark.parametrize(
    ("role", "guide", "perspectives", "solicit"),
    [
        (Role.DIRECTOR, True, list(Perspective.values), True),
        (Role.SOCIAL_WORKER, True, FOUR, True),
        (Role.RENTAL_MANAGER, True, FOUR, True),
        (Role.CAPTATION_OFFICER, False, [], False),
        (Role.READ_ONLY, False, [], False),
    ],
)
def test_the_owners_roles(role, guide, perspectives, solicit):
    membership, rights = _owner(role)
    assert perms.can_read_exit(rights)
    assert perms.can_guide_exit(rights) is guide
    assert perms.perspectives_for(membership, rights) == perspectives
    assert perms.can_record_solicitation(membership, rights) is solicit
    assert perms.can_see_solicitation_figures(membership)


@pytest.mark.parametrize(
    ("role", "solicit"),
    [
        (Role.DIRECTOR, True),
        (Role.SOCIAL_WORKER, True),
        (Role.RENTAL_MANAGER, False),
        (Role.READ_ONLY, False),
    ],
)
def test_a_support_partner_reads_and_its_household_editors_record_solicitations(role, solicit):
    membership = MembershipFactory(role=role)
    rights = share_rights(membership, Share.Access.SUPPORT)
    assert perms.can_read_exit(rights)
    assert not perms.can_guide_exit(rights)
    assert perms.perspectives_for(membership, rights) == []
    assert perms.can_record_solicitation(membership, rights) is solicit


def test_an_orientation_share_gives_nothing_of_the_exit():
    siao = MembershipFactory(role=Role.SIAO_AGENT, organisation=OrganisationFactory(siao=True))
    rights = share_rights(siao, Share.Access.ORIENTATION)
    assert rights.view
    assert not perms.can_read_exit(rights)
    assert not perms.can_record_solicitation(siao, rights)
    assert not perms.can_see_solicitation_figures(siao)


@pytest.mark.parametrize("kind", ["siao", "state"])
def test_non_operators_see_nothing(kind):
    membership = MembershipFactory(
        role=Role.SIAO_AGENT if kind == "siao" else Role.STATE_COORDINATOR,
        organisation=OrganisationFactory(**{kind: True}),
    )
    rights = household_rights(membership, _Household(OrganisationFactory().pk), shared_access=None)
    assert rights == RecordRights()
    assert not perms.can_read_exit(rights)
    assert not perms.can_see_solicitation_figures(membership)
    assert not perms.can_record_solicitation(membership, rights)
