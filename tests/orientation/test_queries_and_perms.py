"""Queries other apps call (delays, lists for the agenda) and who may do what with each record."""

from datetime import date

import pytest

from clef.organisations.models import Role
from clef.orientation import delays, perms, queries
from clef.orientation.enums import AvailabilityStatus, Decision, HouseholdAnswer, ReorientationStatus
from clef.orientation.models import Availability
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.orientation import AvailabilityFactory, ProposalFactory, ReorientationRequestFactory
from tests.factories.stays import StayFactory

TODAY = date(2024, 4, 1)


def _filled(availability, *, proposed_on, decided_on, entered_on):
    stay = StayFactory(
        household__organisation=availability.organisation,
        dwelling=availability.dwelling,
        entry_date=entered_on,
    )
    ProposalFactory(
        availability=availability,
        proposed_on=proposed_on,
        decision=Decision.ACCEPTED,
        decided_on=decided_on,
        household_answer=HouseholdAnswer.YES,
        household=stay.household,
        stay=stay,
    )
    Availability.objects.filter(pk=availability.pk).update(
        status=AvailabilityStatus.FILLED, closed_on=entered_on
    )


@pytest.mark.django_db
def test_delays_are_averaged_in_the_database():
    a = AvailabilityFactory(available_from=date(2024, 1, 1))
    _filled(a, proposed_on=date(2024, 1, 11), decided_on=date(2024, 1, 21), entered_on=date(2024, 1, 31))
    b = AvailabilityFactory(
        available_from=date(2024, 2, 1), siao=a.siao, dwelling__organisation=a.organisation
    )
    _filled(b, proposed_on=date(2024, 2, 21), decided_on=date(2024, 3, 2), entered_on=date(2024, 3, 12))
    result = delays.delays(Availability.objects.all(), today=TODAY)
    assert result == {
        "availabilities": 2,
        "filled": 2,
        "to_proposal": 15.0,
        "to_decision": 10.0,
        "to_entry": 10.0,
        "vacancy": 35.0,
    }


@pytest.mark.django_db
def test_delays_of_an_open_availability_count_vacancy_days_so_far_and_group_by_operator():
    open_one = AvailabilityFactory(available_from=date(2024, 3, 2))
    other = AvailabilityFactory(available_from=date(2024, 3, 22), siao=open_one.siao)
    rows = delays.delays(Availability.objects.all(), today=TODAY, by="operator")
    assert [(r["organisation_id"], r["vacancy"], r["to_proposal"]) for r in rows] == sorted(
        [(open_one.organisation_id, 30.0, None), (other.organisation_id, 10.0, None)]
    )


@pytest.mark.django_db
def test_availabilities_without_proposal_exclude_those_with_a_candidate_under_way():
    waiting = AvailabilityFactory(available_from=date(2024, 2, 1))
    siao = waiting.siao
    with_candidate = AvailabilityFactory(siao=siao)
    ProposalFactory(availability=with_candidate)
    only_declined = AvailabilityFactory(siao=siao, available_from=date(2024, 1, 1))
    ProposalFactory(availability=only_declined, declined=True)
    AvailabilityFactory()  # another SIAO's
    found = list(queries.availabilities_without_proposal(siao.pk))
    assert found == [only_declined, waiting]
    assert found[0].due_on == date(2024, 1, 1)


@pytest.mark.django_db
def test_open_reorientation_requests_for_the_operator_and_for_its_siao():
    request = ReorientationRequestFactory()
    ReorientationRequestFactory(
        status=ReorientationStatus.ANSWERED, answered_on=date(2024, 6, 2), siao=request.siao
    )
    assert list(queries.open_reorientation_requests(request.organisation_id)) == [request]
    assert list(queries.open_reorientation_requests(request.siao_id)) == [request]
    assert not queries.open_reorientation_requests(OrganisationFactory().pk).exists()


# --- Permissions ------------------------------------------------------------------------------------------

OPERATOR_ROLES = [
    Role.DIRECTOR,
    Role.SOCIAL_WORKER,
    Role.RENTAL_MANAGER,
    Role.CAPTATION_OFFICER,
    Role.READ_ONLY,
]


def _member(organisation, role):
    return MembershipFactory(organisation=organisation, role=role)


@pytest.mark.django_db
@pytest.mark.parametrize("role", OPERATOR_ROLES)
def test_availability_rights_of_the_operator_by_role(role):
    availability = AvailabilityFactory()
    rights = perms.availability_rights(
        _member(availability.organisation, role), availability, shared_access=None
    )
    assert rights.view
    assert rights.edit == (role in {Role.DIRECTOR, Role.RENTAL_MANAGER, Role.CAPTATION_OFFICER})


@pytest.mark.django_db
@pytest.mark.parametrize("role", OPERATOR_ROLES)
def test_proposal_rights_of_the_operator_by_role(role):
    proposal = ProposalFactory()
    rights = perms.proposal_rights(_member(proposal.operator, role), proposal, shared_access="orientation")
    assert rights.view
    assert rights.edit == (role in {Role.DIRECTOR, Role.SOCIAL_WORKER})
    assert rights.stays == (role in {Role.DIRECTOR, Role.SOCIAL_WORKER, Role.RENTAL_MANAGER})


@pytest.mark.django_db
def test_siao_agents_act_through_the_share_and_nobody_else_sees():
    proposal = ProposalFactory()
    availability = proposal.availability
    agent = _member(proposal.organisation, Role.SIAO_AGENT)
    assert perms.proposal_rights(agent, proposal, shared_access=None).edit  # its own proposal
    assert perms.availability_rights(agent, availability, shared_access="orientation").edit  # may propose
    assert not perms.availability_rights(agent, availability, shared_access=None).view  # share ended
    siao_reader = _member(proposal.organisation, Role.READ_ONLY)
    assert not perms.proposal_rights(siao_reader, proposal, shared_access=None).view
    other_siao_agent = _member(OrganisationFactory(siao=True), Role.SIAO_AGENT)
    assert not perms.availability_rights(other_siao_agent, availability, shared_access=None).view
    state = _member(OrganisationFactory(state=True), Role.STATE_COORDINATOR)
    assert not perms.proposal_rights(state, proposal, shared_access="orientation").view
    other_director = _member(OrganisationFactory(), Role.DIRECTOR)
    assert not perms.proposal_rights(other_director, proposal, shared_access=None).view
    assert not perms.availability_rights(other_director, availability, shared_access=None).view


@pytest.mark.django_db
def test_the_menu_is_for_operator_members_and_siao_agents():
    assert perms.can_see_orientations(_member(OrganisationFactory(), Role.READ_ONLY))
    assert perms.can_see_orientations(_member(OrganisationFactory(siao=True), Role.SIAO_AGENT))
    assert not perms.can_see_orientations(_member(OrganisationFactory(siao=True), Role.READ_ONLY))
    assert not perms.can_see_orientations(_member(OrganisationFactory(state=True), Role.STATE_COORDINATOR))
    assert not perms.can_see_orientations(None)


@pytest.mark.django_db
def test_a_dwelling_offered_for_a_later_date_has_no_vacancy_yet():
    AvailabilityFactory(available_from=TODAY.replace(month=5))
    assert delays.delays(Availability.objects.all(), today=TODAY)["vacancy"] == 0.0
