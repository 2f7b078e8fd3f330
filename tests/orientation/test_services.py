"""The orientation workflows: availability → proposal → decision → entry, journaled, shared."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from clef.households.enums import PersonRole
from clef.journal.models import JournalEntry
from clef.organisations.models import Share
from clef.orientation import services
from clef.orientation.enums import (
    AvailabilityStatus,
    Decision,
    HouseholdAnswer,
    ProposedSolution,
    RefusalReason,
    ReorientationReason,
    ReorientationStatus,
)
from clef.orientation.models import Availability, EntryChoice, Proposal, Wishes
from clef.territories.models import Commune
from clef.utils.writes import StaleEditError
from tests.factories.stays import StayFactory
from tests.orientation.conftest import family_candidate, some_wishes

TODAY = date(2024, 3, 1)


def _shares(record):
    return Share.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)


def _available(dwelling, user, **overrides):
    values = {
        "dwelling": dwelling,
        "available_from": date(2024, 1, 1),
        "places": 3,
        "rent_total": Decimal("520"),
        "household_share": Decimal("180"),
        "acting_user": user,
    }
    values.update(overrides)
    return services.make_available(**values)


def _proposed(availability, agent, **overrides):
    return services.propose(
        availability=availability,
        candidate=family_candidate(**overrides),
        wishes=some_wishes(),
        on=date(2024, 1, 10),
        acting_user=agent,
    )


def test_making_available_shares_with_the_siao_of_the_dwelling_department_and_journals(
    dwelling, siao, operator_director
):
    availability = _available(dwelling, operator_director)
    share = _shares(availability).get()
    assert (share.partner, share.access, share.organisation_id) == (
        siao,
        "orientation",
        dwelling.organisation_id,
    )
    assert availability.siao == siao
    entry = JournalEntry.objects.get(content_type=ContentType.objects.get_for_model(Availability))
    assert (entry.organisation_id, entry.dwelling_id, entry.action) == (
        dwelling.organisation_id,
        dwelling.pk,
        "create",
    )


def test_an_occupied_dwelling_cannot_be_made_available(dwelling, siao, operator_director):
    StayFactory(dwelling=dwelling, household__organisation=dwelling.organisation, entry_date=date(2023, 1, 1))
    with pytest.raises(ValidationError) as error:
        _available(dwelling, operator_director)
    assert "occupe ce logement" in str(error.value.message_dict["available_from"])


def test_a_dwelling_out_of_the_park_cannot_be_made_available(dwelling, siao, operator_director):
    with pytest.raises(ValidationError) as error:
        _available(dwelling, operator_director, available_from=date(2019, 6, 1))
    assert "pas dans le parc" in str(error.value.message_dict["available_from"])


def test_without_a_siao_in_the_department_nothing_is_written(dwelling, operator_director):
    with pytest.raises(ValidationError, match="Aucun SIAO"):
        _available(dwelling, operator_director)
    assert not Availability.objects.exists()


def test_a_second_open_availability_of_the_same_dwelling_is_refused(dwelling, siao, operator_director):
    _available(dwelling, operator_director)
    with pytest.raises(ValidationError):
        _available(dwelling, operator_director)
    assert Availability.objects.count() == 1


def test_the_household_share_cannot_exceed_the_rent(dwelling, siao, operator_director):
    with pytest.raises(ValidationError) as error:
        _available(dwelling, operator_director, household_share=Decimal("600"))
    assert "household_share" in error.value.message_dict


def test_a_proposal_is_shared_with_the_operator_with_its_members_and_wishes(
    dwelling, siao, siao_agent, operator_director
):
    proposal = _proposed(_available(dwelling, operator_director), siao_agent)
    share = _shares(proposal).get()
    assert (share.organisation_id, share.partner_id) == (siao.pk, dwelling.organisation_id)
    assert (proposal.adults, proposal.children) == (1, 1)  # counted from the birth dates, not typed
    assert proposal.members.get().first_name == "Moussa"
    assert proposal.wishes.typology_max == "T3"
    assert JournalEntry.objects.filter(organisation=siao, object_id=proposal.pk, action="create").exists()


def test_a_candidate_whose_members_contradict_the_composition_is_refused(
    dwelling, siao, siao_agent, operator_director
):
    availability = _available(dwelling, operator_director)
    with pytest.raises(ValidationError) as error:
        _proposed(availability, siao_agent, members=[])  # a single-parent family without a child
    assert "enfant" in str(error.value)
    assert not Proposal.objects.exists()


def test_acceptance_creates_the_household_from_the_summary_and_copies_the_wishes(
    dwelling, siao, siao_agent, operator_director
):
    proposal = _proposed(_available(dwelling, operator_director), siao_agent)
    lyon = Commune.objects.get(pk="69383")
    proposal.wishes.communes.add(lyon)
    decided = services.decide(
        proposal=proposal, decision=Decision.ACCEPTED, on=TODAY, acting_user=operator_director
    )
    household = decided.household
    assert household.organisation_id == dwelling.organisation_id
    assert (household.composition, household.dalo, household.siao_oriented) == (
        "famille_monoparentale",
        True,
        True,
    )
    demand = household.social_housing_demand_record  # demanded in 2023: due for renewal, hence not active
    assert (demand.number, household.social_housing_demand) == ("069012345678901234", False)
    names = sorted((p.role, p.first_name, p.last_name) for p in household.members.all())
    assert names == [("enfant", "Moussa", ""), ("reference", "Awa", "Diallo")]
    assert household.resource_codes() == ["rsa"]
    assert decided.household_answer == HouseholdAnswer.YES
    wishes = Wishes.objects.get(household=household)
    assert (wishes.typology_min, wishes.near_school, list(wishes.communes.all())) == ("T2", True, [lyon])
    decision_entry = JournalEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Proposal), object_id=proposal.pk, action="update"
    )
    assert decision_entry.organisation_id == dwelling.organisation_id  # the commission's journal


def test_a_refusal_needs_its_reason_and_other_needs_a_detail(dwelling, siao, siao_agent, operator_director):
    proposal = _proposed(_available(dwelling, operator_director), siao_agent)
    with pytest.raises(ValidationError) as error:
        services.decide(proposal=proposal, decision=Decision.REFUSED, on=TODAY, acting_user=operator_director)
    assert "refusal_reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.decide(
            proposal=proposal,
            decision=Decision.REFUSED,
            refusal_reason=RefusalReason.AUTRE,
            on=TODAY,
            acting_user=operator_director,
        )
    assert "refusal_detail" in error.value.message_dict
    refused = services.decide(
        proposal=proposal,
        decision=Decision.REFUSED,
        refusal_reason=RefusalReason.RESTE_A_VIVRE,
        on=TODAY,
        acting_user=operator_director,
    )
    assert (refused.decision, refused.household_id) == ("refused", None)


def test_a_household_that_declines_gives_its_reason_and_answers_no(
    dwelling, siao, siao_agent, operator_director
):
    proposal = _proposed(_available(dwelling, operator_director), siao_agent)
    with pytest.raises(ValidationError) as error:
        services.decide(
            proposal=proposal, decision=Decision.DECLINED, on=TODAY, acting_user=operator_director
        )
    assert "household_reason" in error.value.message_dict
    declined = services.decide(
        proposal=proposal,
        decision=Decision.DECLINED,
        household_reason="Trop loin de l'école",
        on=TODAY,
        acting_user=operator_director,
    )
    assert (declined.household_answer, declined.household_id) == (HouseholdAnswer.NO, None)


def test_a_household_refusal_never_blocks_nor_ranks_down_its_next_proposal(
    dwelling, siao, siao_agent, operator_director
):
    availability = _available(dwelling, operator_director)
    first = _proposed(availability, siao_agent)
    services.decide(
        proposal=first,
        decision=Decision.DECLINED,
        household_reason="Quartier",
        on=TODAY,
        acting_user=operator_director,
    )
    other = services.propose(
        availability=availability,
        candidate=family_candidate(first_name="Inès", last_name="Martin"),
        wishes=None,
        on=date(2024, 1, 5),  # proposed earlier than the same household's second proposal
        acting_user=siao_agent,
    )
    second = services.propose(
        availability=availability,
        candidate=family_candidate(),
        wishes=None,
        on=date(2024, 1, 10),
        acting_user=siao_agent,
    )
    assert list(availability.proposals.pending()) == [other, second]  # by date proposed, nothing else
    assert not {f.name for f in Proposal._meta.fields} & {"penalty", "refusals", "rank", "score"}
    accepted = services.decide(
        proposal=second, decision=Decision.ACCEPTED, on=TODAY, acting_user=operator_director
    )
    assert accepted.household is not None


def test_a_decision_is_final(dwelling, siao, siao_agent, operator_director):
    proposal = _proposed(_available(dwelling, operator_director), siao_agent)
    services.decide(proposal=proposal, decision=Decision.ACCEPTED, on=TODAY, acting_user=operator_director)
    with pytest.raises(ValidationError, match="déjà « acceptée »"):
        services.decide(
            proposal=Proposal.objects.get(pk=proposal.pk),
            decision=Decision.REFUSED,
            refusal_reason=RefusalReason.TYPOLOGIE,
            on=TODAY,
            acting_user=operator_director,
        )


def test_two_members_deciding_from_the_same_version_cannot_both_win(
    dwelling, siao, siao_agent, operator_director
):
    proposal = _proposed(_available(dwelling, operator_director), siao_agent)
    seen_by_both = proposal.version
    services.decide(
        proposal=Proposal.objects.get(pk=proposal.pk),
        decision=Decision.ACCEPTED,
        on=TODAY,
        acting_user=operator_director,
        expected_version=seen_by_both,
    )
    with pytest.raises(StaleEditError):
        services.decide(
            proposal=Proposal.objects.get(pk=proposal.pk),
            decision=Decision.REFUSED,
            refusal_reason=RefusalReason.TYPOLOGIE,
            on=TODAY,
            acting_user=operator_director,
            expected_version=seen_by_both,
        )
    assert Proposal.objects.get(pk=proposal.pk).decision == Decision.ACCEPTED


def test_a_second_candidate_waits_until_the_accepted_one_entered_or_declined(
    dwelling, siao, siao_agent, operator_director
):
    availability = _available(dwelling, operator_director)
    first, second = (
        _proposed(availability, siao_agent),
        _proposed(availability, siao_agent, first_name="Lina"),
    )
    services.decide(proposal=first, decision=Decision.ACCEPTED, on=TODAY, acting_user=operator_director)
    with pytest.raises(ValidationError, match="déjà accepté"):
        services.decide(proposal=second, decision=Decision.ACCEPTED, on=TODAY, acting_user=operator_director)


def test_entry_starts_the_stay_records_the_choice_and_fills_the_availability(
    dwelling, siao, siao_agent, operator_director
):
    availability = _available(dwelling, operator_director)
    proposal = _proposed(availability, siao_agent)
    services.decide(proposal=proposal, decision=Decision.ACCEPTED, on=TODAY, acting_user=operator_director)
    stay = services.record_entry(
        proposal=Proposal.objects.get(pk=proposal.pk),
        on=date(2024, 3, 4),
        visited_before_signing=True,
        alternative_offered=False,
        acting_user=operator_director,
    )
    assert (stay.dwelling, stay.entry_date) == (dwelling, date(2024, 3, 4))
    choice = EntryChoice.objects.get(stay=stay)
    assert (choice.visited_before_signing, choice.alternative_offered) == (True, False)
    availability.refresh_from_db()
    assert (availability.status, availability.closed_on) == (AvailabilityStatus.FILLED, date(2024, 3, 4))
    assert Proposal.objects.get(pk=proposal.pk).stay == stay
    with pytest.raises(ValidationError, match="déjà enregistrée"):
        services.record_entry(
            proposal=Proposal.objects.get(pk=proposal.pk),
            on=date(2024, 3, 4),
            visited_before_signing=None,
            alternative_offered=None,
            acting_user=operator_director,
        )


def test_a_pending_candidate_cannot_enter(dwelling, siao, siao_agent, operator_director):
    proposal = _proposed(_available(dwelling, operator_director), siao_agent)
    with pytest.raises(ValidationError, match="candidat accepté"):
        services.record_entry(
            proposal=proposal,
            on=TODAY,
            visited_before_signing=None,
            alternative_offered=None,
            acting_user=operator_director,
        )


def test_a_withdrawn_availability_takes_no_more_candidates(dwelling, siao, siao_agent, operator_director):
    availability = _available(dwelling, operator_director)
    services.withdraw_availability(availability=availability, on=TODAY, acting_user=operator_director)
    with pytest.raises(ValidationError, match="close"):
        _proposed(availability, siao_agent)


def test_reorientation_is_shared_with_the_siao_answered_then_closed(
    siao, siao_agent, operator, operator_director
):
    stay = StayFactory(household__organisation=operator, entry_date=date(2023, 1, 1))
    request = services.request_reorientation(
        stay=stay,
        reason=ReorientationReason.SOINS,
        proposed_solution=ProposedSolution.SOINS,
        on=TODAY,
        acting_user=operator_director,
    )
    assert _shares(request).get().partner == siao
    with pytest.raises(ValidationError):
        services.answer_reorientation(request=request, answer="  ", on=TODAY, acting_user=siao_agent)
    answered = services.answer_reorientation(
        request=request, answer="Orientation LHSS", on=TODAY, acting_user=siao_agent
    )
    assert answered.status == ReorientationStatus.ANSWERED
    closed = services.close_reorientation(request=answered, acting_user=operator_director)
    assert closed.status == ReorientationStatus.CLOSED
    assert JournalEntry.objects.filter(object_id=request.pk, household_id=stay.household_id).count() == 3


def test_reorientation_is_only_for_a_present_household(siao, operator, operator_director):
    stay = StayFactory(household__organisation=operator, exited=True)
    with pytest.raises(ValidationError, match="présent"):
        services.request_reorientation(
            stay=stay,
            reason=ReorientationReason.AUTRE,
            proposed_solution=ProposedSolution.AUTRE,
            on=TODAY,
            acting_user=operator_director,
        )


def test_reference_person_of_the_created_household_is_the_candidate(
    dwelling, siao, siao_agent, operator_director
):
    proposal = _proposed(_available(dwelling, operator_director), siao_agent)
    household = services.decide(
        proposal=proposal, decision=Decision.ACCEPTED, on=TODAY, acting_user=operator_director
    ).household
    reference = household.members.get(role=PersonRole.REFERENCE)
    assert (reference.first_name, reference.birth_date) == ("Awa", date(1990, 2, 3))


def test_entry_opens_the_first_occupancy_term_of_a_sublet_dwelling(
    dwelling, siao, siao_agent, operator_director
):
    from clef.occupancy.models import OccupancyTerm

    proposal = _proposed(_available(dwelling, operator_director), siao_agent)
    services.decide(proposal=proposal, decision=Decision.ACCEPTED, on=TODAY, acting_user=operator_director)
    stay = services.record_entry(
        proposal=Proposal.objects.get(pk=proposal.pk),
        on=date(2024, 3, 4),
        visited_before_signing=None,
        alternative_offered=None,
        acting_user=operator_director,
    )
    term = OccupancyTerm.objects.get(stay=stay)
    assert (term.number, term.starts_on) == (1, date(2024, 3, 4))
