"""THE support-team rule, as a matrix: owner's roles, partner's roles with and without a share in force,
SIAO, State, another operator."""

from datetime import date

import pytest

from clef.organisations.models import Role
from clef.support.perms import support_rights
from clef.support.queries import support_organisation_id
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.support import SupportShareFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 1)
OPERATOR_ROLES = [
    Role.DIRECTOR,
    Role.SOCIAL_WORKER,
    Role.RENTAL_MANAGER,
    Role.CAPTATION_OFFICER,
    Role.READ_ONLY,
]


def _rights(membership, household):
    return support_rights(membership, household, support_organisation_id(household, TODAY))


# role → (overview, team, joint_visit, delegate), for the owner doing the support itself
OWNER_SUPPORTS = {
    Role.DIRECTOR: (True, True, True, True),
    Role.SOCIAL_WORKER: (True, True, True, False),
    Role.RENTAL_MANAGER: (True, False, True, False),
    Role.CAPTATION_OFFICER: (True, False, False, False),
    Role.READ_ONLY: (True, False, False, False),
}
# the owner when a partner does the support: it sees the support exists, never the notes
OWNER_DELEGATED = {
    Role.DIRECTOR: (True, False, False, True),
    Role.SOCIAL_WORKER: (True, False, False, False),
    Role.RENTAL_MANAGER: (True, False, True, False),
    Role.CAPTATION_OFFICER: (True, False, False, False),
    Role.READ_ONLY: (True, False, False, False),
}
# the partner doing the support
PARTNER = {
    Role.DIRECTOR: (True, True, True, False),
    Role.SOCIAL_WORKER: (True, True, True, False),
    Role.RENTAL_MANAGER: (True, False, False, False),
    Role.CAPTATION_OFFICER: (True, False, False, False),
    Role.READ_ONLY: (True, False, False, False),
}


def _flags(rights):
    return (rights.overview, rights.team, rights.joint_visit, rights.delegate)


@pytest.mark.parametrize("role", OPERATOR_ROLES)
def test_the_owner_doing_the_support(role):
    household = HouseholdFactory()
    member = MembershipFactory(organisation=household.organisation, role=role)
    assert _flags(_rights(member, household)) == OWNER_SUPPORTS[role]


@pytest.mark.parametrize("role", OPERATOR_ROLES)
def test_the_owner_when_a_partner_does_the_support(role):
    household = HouseholdFactory()
    SupportShareFactory(record=household)
    member = MembershipFactory(organisation=household.organisation, role=role)
    rights = _rights(member, household)
    assert _flags(rights) == OWNER_DELEGATED[role]
    assert rights.delegated


@pytest.mark.parametrize("role", OPERATOR_ROLES)
def test_the_partner_with_a_share_in_force(role):
    household = HouseholdFactory()
    share = SupportShareFactory(record=household)
    member = MembershipFactory(organisation=share.partner, role=role)
    assert _flags(_rights(member, household)) == PARTNER[role]


@pytest.mark.parametrize("trait", ["revoked", "expired"])
@pytest.mark.parametrize("role", OPERATOR_ROLES)
def test_the_partner_whose_share_ended_has_no_right_and_the_owner_supports_again(role, trait):
    household = HouseholdFactory()
    share = SupportShareFactory(record=household, **{trait: True})
    partner = MembershipFactory(organisation=share.partner, role=role)
    assert _flags(_rights(partner, household)) == (False, False, False, False)
    owner = MembershipFactory(organisation=household.organisation, role=role)
    assert _flags(_rights(owner, household)) == OWNER_SUPPORTS[role]


def test_a_share_not_started_yet_gives_nothing():
    household = HouseholdFactory()
    share = SupportShareFactory(record=household, starts_on=date(2025, 3, 2))
    member = MembershipFactory(organisation=share.partner, role=Role.SOCIAL_WORKER)
    assert not _rights(member, household).overview


def test_a_consultation_share_is_not_a_delegation_of_the_support():
    household = HouseholdFactory()
    share = SupportShareFactory(record=household, access="consultation")
    member = MembershipFactory(organisation=share.partner, role=Role.SOCIAL_WORKER)
    assert not _rights(member, household).overview
    assert support_organisation_id(household, TODAY) == household.organisation_id


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        ("siao", Role.SIAO_AGENT),
        ("siao", Role.READ_ONLY),
        ("state", Role.STATE_COORDINATOR),
        ("ddets", Role.READ_ONLY),
    ],
)
def test_siao_and_state_members_have_no_right(kind, role):
    household = HouseholdFactory()
    SupportShareFactory(record=household)
    member = MembershipFactory(organisation=OrganisationFactory(**{kind: True}), role=role)
    assert _flags(_rights(member, household)) == (False, False, False, False)


@pytest.mark.parametrize("role", OPERATOR_ROLES)
def test_another_operator_has_no_right(role):
    household = HouseholdFactory()
    member = MembershipFactory(organisation=OrganisationFactory(), role=role)
    assert _flags(_rights(member, household)) == (False, False, False, False)


def test_no_membership_has_no_right():
    assert not _rights(None, HouseholdFactory()).overview
