"""The orientation rules one by one, and the invariants the database holds whoever writes."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clef.households.enums import Composition, PersonRole
from clef.orientation import rules
from clef.orientation.enums import AvailabilityStatus, Decision, HouseholdAnswer, RefusalReason
from clef.orientation.models import Availability, Proposal, Wishes
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.orientation import AvailabilityFactory, ProposalFactory


def test_siao_of_is_the_active_siao_of_the_department(db):
    OrganisationFactory(siao=True, is_active=False, head_office_department_id="69")
    rhone = OrganisationFactory(siao=True, head_office_department_id="69")
    OrganisationFactory(siao=True, head_office_department_id="38")
    OrganisationFactory(head_office_department_id="69")  # an operator
    assert rules.siao_of("69") == rhone
    assert rules.siao_of("01") is None
    assert rules.siao_of(None) is None


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        (Decision.PENDING, Decision.ACCEPTED, True),
        (Decision.PENDING, Decision.REFUSED, True),
        (Decision.PENDING, Decision.DECLINED, True),
        (Decision.PENDING, Decision.WITHDRAWN, True),
        (Decision.PENDING, Decision.PENDING, False),
        (Decision.ACCEPTED, Decision.DECLINED, False),
        (Decision.REFUSED, Decision.ACCEPTED, False),
        (Decision.DECLINED, Decision.ACCEPTED, False),
        (Decision.WITHDRAWN, Decision.ACCEPTED, False),
    ],
)
def test_decision_transitions(current, new, allowed):
    if allowed:
        rules.check_transition(current=current, new=new, has_stay=False)
    else:
        with pytest.raises(ValidationError):
            rules.check_transition(current=current, new=new, has_stay=False)


def test_refusal_reason_only_for_a_refusal():
    with pytest.raises(ValidationError) as error:
        rules.check_decision(
            decision=Decision.ACCEPTED,
            refusal_reason=RefusalReason.TYPOLOGIE,
            refusal_detail="",
            household_reason="",
        )
    assert "refusal_reason" in error.value.message_dict


def test_the_household_answer_follows_the_decision_and_nothing_else():
    assert rules.household_answer_for(Decision.ACCEPTED, HouseholdAnswer.UNKNOWN) == HouseholdAnswer.YES
    assert rules.household_answer_for(Decision.DECLINED, HouseholdAnswer.UNKNOWN) == HouseholdAnswer.NO
    assert rules.household_answer_for(Decision.REFUSED, HouseholdAnswer.UNKNOWN) == HouseholdAnswer.UNKNOWN


def test_the_candidates_order_ignores_the_household_answers():
    assert rules.CANDIDATE_ORDER == ("proposed_on", "pk")
    assert list(Proposal._meta.ordering) == list(rules.CANDIDATE_ORDER)


def test_adults_and_children_are_counted_from_birth_dates():
    on = date(2024, 6, 1)
    assert rules.count_adults([date(2006, 6, 1), date(2006, 6, 2), date(1980, 1, 1)], on) == (2, 1)


def test_candidate_members_follow_the_household_composition_rule():
    rules.check_candidate(composition=Composition.COUPLE_SANS_ENFANT, member_roles=["reference", "conjoint"])
    with pytest.raises(ValidationError):
        rules.check_candidate(composition=Composition.PERSONNE_ISOLEE, member_roles=["reference", "enfant"])
    with pytest.raises(ValidationError):
        rules.check_candidate(composition=Composition.AUTRE, member_roles=[PersonRole.CONJOINT])


def test_typology_range():
    rules.check_typologies("T2", "T5+")
    rules.check_typologies("", "T1")
    with pytest.raises(ValidationError) as error:
        rules.check_typologies("T4", "T2")
    assert "typology_max" in error.value.message_dict


def test_database_refuses_two_open_availabilities_of_one_dwelling(db):
    first = AvailabilityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AvailabilityFactory(dwelling=first.dwelling, siao=first.siao)
    Availability.objects.filter(pk=first.pk).update(
        status=AvailabilityStatus.FILLED, closed_on=date(2024, 2, 1)
    )
    AvailabilityFactory(dwelling=first.dwelling, siao=first.siao)  # once filled, it may be offered again


@pytest.mark.parametrize(
    "values",
    [
        {"places": 0},
        {"places": 101},
        {"household_share": 600},  # above the rent (520)
        {"status": AvailabilityStatus.FILLED},  # closed without a date
    ],
)
def test_database_bounds_of_an_availability(db, values):
    availability = AvailabilityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Availability.objects.filter(pk=availability.pk).update(**values)


@pytest.mark.parametrize(
    "values",
    [
        {"adults": 0},
        {"children": 21},
        {"decision": Decision.REFUSED, "decided_on": date(2024, 2, 1)},  # a refusal without reason
        {"decision": Decision.ACCEPTED},  # decided without a date
        {"decision": Decision.DECLINED, "decided_on": date(2024, 2, 1)},  # declined, answer not « no »
    ],
)
def test_database_invariants_of_a_proposal(db, values):
    proposal = ProposalFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(**values)


def test_wishes_belong_to_exactly_one_of_proposal_or_household(db):
    proposal = ProposalFactory()
    household = HouseholdFactory(organisation=proposal.operator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Wishes.objects.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Wishes.objects.create(proposal=proposal, household=household)
    Wishes.objects.create(household=household)
