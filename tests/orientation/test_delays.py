"""The one definition of the orientation delays (clef.orientation.delays): the milestones of an
availability and the spans between them, as the delays page and the bilan read them."""

from datetime import date

import pytest

from clef.orientation import delays
from clef.orientation.enums import AvailabilityStatus, Decision, HouseholdAnswer
from clef.orientation.models import Availability
from tests.factories.orientation import AvailabilityFactory, ProposalFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db

TODAY = date(2024, 6, 1)


def _accepted(availability, *, proposed_on, decided_on, entered_on=None):
    stay = None
    if entered_on:
        stay = StayFactory(
            household__organisation=availability.organisation,
            dwelling=availability.dwelling,
            entry_date=entered_on,
        )
    return ProposalFactory(
        availability=availability,
        proposed_on=proposed_on,
        decision=Decision.ACCEPTED,
        decided_on=decided_on,
        household_answer=HouseholdAnswer.YES,
        household=stay.household if stay else None,
        stay=stay,
    )


def _milestones(availability) -> Availability:
    return delays.with_milestones(Availability.objects.filter(pk=availability.pk), TODAY).get()


def _spans(availability) -> dict:
    row = delays.delays(Availability.objects.filter(pk=availability.pk), today=TODAY)
    return {name: row[name] for name in delays.SPANS}


def test_the_decision_runs_from_the_first_proposal_and_the_three_delays_add_up_to_the_vacancy():
    a = AvailabilityFactory(available_from=date(2024, 1, 1))
    ProposalFactory(availability=a, proposed_on=date(2024, 1, 6), declined=True, decided_on=date(2024, 1, 9))
    _accepted(a, proposed_on=date(2024, 2, 1), decided_on=date(2024, 2, 11), entered_on=date(2024, 3, 1))
    assert _spans(a) == {"to_proposal": 5.0, "to_decision": 36.0, "to_entry": 19.0, "vacancy": 60.0}
    m = _milestones(a)
    assert (m.first_proposed_on, m.accepted_on, m.entered_on) == (
        date(2024, 1, 6),
        date(2024, 2, 11),
        date(2024, 3, 1),
    )
    assert m.vacancy_ended_on == m.vacancy_end == date(2024, 3, 1)


def test_the_accepted_proposal_is_the_one_whose_household_entered():
    """Acceptance and entry are read from the same proposal (imported data may hold two acceptances)."""
    a = AvailabilityFactory(available_from=date(2024, 1, 1))
    _accepted(a, proposed_on=date(2024, 1, 2), decided_on=date(2024, 1, 5))  # never entered
    _accepted(a, proposed_on=date(2024, 1, 10), decided_on=date(2024, 1, 20), entered_on=date(2024, 2, 1))
    m = _milestones(a)
    assert (m.accepted_on, m.entered_on) == (date(2024, 1, 20), date(2024, 2, 1))


def test_a_withdrawal_ends_the_vacancy_and_an_open_availability_counts_to_today():
    withdrawn = AvailabilityFactory(available_from=date(2024, 1, 1))
    Availability.objects.filter(pk=withdrawn.pk).update(
        status=AvailabilityStatus.WITHDRAWN, closed_on=date(2024, 1, 21)
    )
    still_open = AvailabilityFactory(available_from=date(2024, 5, 2))
    assert _milestones(withdrawn).vacancy_ended_on == date(2024, 1, 21)
    assert _spans(withdrawn) == {"to_proposal": None, "to_decision": None, "to_entry": None, "vacancy": 20.0}
    assert _milestones(still_open).vacancy_ended_on is None
    assert _milestones(still_open).vacancy_end == TODAY
    assert _spans(still_open)["vacancy"] == 30.0


def test_a_withdrawal_before_the_dwelling_is_available_leaves_no_vacancy():
    early = AvailabilityFactory(available_from=date(2024, 3, 1))
    Availability.objects.filter(pk=early.pk).update(
        status=AvailabilityStatus.WITHDRAWN, closed_on=date(2024, 2, 20)
    )
    assert _milestones(early).vacancy_ended_on == date(2024, 3, 1)
    assert _spans(early)["vacancy"] == 0.0


def test_means_are_unrounded_the_page_and_the_bilan_round_them():
    first = AvailabilityFactory(available_from=date(2024, 1, 1))
    for index, waited in enumerate((1, 2, 3, 3)):
        a = first if index == 0 else AvailabilityFactory(siao=first.siao, available_from=date(2024, 1, 1))
        ProposalFactory(availability=a, proposed_on=date(2024, 1, 1 + waited))
    assert delays.delays(Availability.objects.all(), today=TODAY)["to_proposal"] == 2.25
