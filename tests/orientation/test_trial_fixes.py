"""Rules added after the user trial of the orientation (entry dates, decision date, the candidate's
demand, what a dwelling may offer, wording)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.occupancy.rules import has_active_demand
from clef.orientation import rules, services
from clef.orientation.enums import Decision
from tests.orientation.conftest import family_candidate, some_wishes
from tests.orientation.test_services import _available

pytestmark = pytest.mark.django_db


def _accepted(availability, agent, director, *, proposed_on=date(2024, 1, 10), decided_on=date(2024, 3, 1)):
    proposal = services.propose(
        availability=availability,
        candidate=family_candidate(),
        wishes=None,
        on=proposed_on,
        acting_user=agent,
    )
    return services.decide(proposal=proposal, decision=Decision.ACCEPTED, on=decided_on, acting_user=director)


def _enter(proposal, on, user):
    return services.record_entry(
        proposal=proposal, on=on, visited_before_signing=None, alternative_offered=None, acting_user=user
    )


def test_an_entry_before_the_commission_accepted_is_refused(dwelling, siao, siao_agent, operator_director):
    accepted = _accepted(_available(dwelling, operator_director), siao_agent, operator_director)
    with pytest.raises(ValidationError) as error:
        _enter(accepted, date(2024, 2, 1), operator_director)
    assert "précéder l'accord de la commission (le 01/03/2024)" in error.value.message_dict["entry_date"][0]
    assert _enter(accepted, date(2024, 3, 1), operator_director).entry_date == date(2024, 3, 1)


def test_an_entry_before_the_dwelling_is_available_is_refused(dwelling, siao, siao_agent, operator_director):
    availability = _available(dwelling, operator_director, available_from=date(2024, 4, 1))
    accepted = _accepted(availability, siao_agent, operator_director)  # proposed ahead: allowed
    with pytest.raises(ValidationError) as error:
        _enter(accepted, date(2024, 3, 15), operator_director)
    assert "le logement est disponible (le 01/04/2024)" in error.value.message_dict["entry_date"][0]


def test_a_decision_dated_before_the_proposal_is_refused(dwelling, siao, siao_agent, operator_director):
    with pytest.raises(ValidationError) as error:
        _accepted(
            _available(dwelling, operator_director),
            siao_agent,
            operator_director,
            decided_on=date(2024, 1, 5),
        )
    assert "précéder la proposition" in error.value.message_dict["decided_on"][0]


@pytest.mark.parametrize("number", ["ab$", "12 34 é"])
def test_a_demand_number_that_is_not_letters_and_digits_is_refused(
    dwelling, siao, siao_agent, operator_director, number
):
    with pytest.raises(ValidationError) as error:
        services.propose(
            availability=_available(dwelling, operator_director),
            candidate=family_candidate(demand_number=number),
            wishes=None,
            on=date(2024, 1, 10),
            acting_user=siao_agent,
        )
    assert "lettres et de chiffres" in error.value.message_dict["demand_number"][0]


def test_a_demand_number_needs_its_first_date_and_is_stored_normalised(
    dwelling, siao, siao_agent, operator_director
):
    availability = _available(dwelling, operator_director)
    with pytest.raises(ValidationError) as error:
        services.propose(
            availability=availability,
            candidate=family_candidate(first_demand_on=None),
            wishes=None,
            on=date(2024, 1, 10),
            acting_user=siao_agent,
        )
    assert "date de la première demande" in error.value.message_dict["first_demand_on"][0]
    proposal = services.propose(
        availability=availability,
        candidate=family_candidate(demand_number="069 0123-4567"),
        wishes=some_wishes(),
        on=date(2024, 1, 10),
        acting_user=siao_agent,
    )
    assert proposal.demand_number == "06901234567"


def test_acceptance_creates_the_demand_record_so_the_household_says_one_thing(
    dwelling, siao, siao_agent, operator_director
):
    today = timezone.localdate()
    proposal = services.propose(
        availability=_available(dwelling, operator_director),
        candidate=family_candidate(first_demand_on=today - timedelta(days=60)),
        wishes=None,
        on=today - timedelta(days=10),
        acting_user=siao_agent,
    )
    household = services.decide(
        proposal=proposal, decision=Decision.ACCEPTED, on=today, acting_user=operator_director
    ).household
    household.refresh_from_db()
    demand = household.social_housing_demand_record
    assert (demand.number, demand.first_demand_on) == ("069012345678901234", today - timedelta(days=60))
    assert household.social_housing_demand and has_active_demand(household, today)


def test_an_offer_of_more_places_than_the_dwelling_or_too_far_ahead_is_refused(
    dwelling, siao, operator_director
):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        _available(dwelling, operator_director, places=4, available_from=today + timedelta(days=93))
    assert error.value.message_dict["places"] == [
        "Ce logement compte 3 places : la mise à disposition ne peut pas en offrir davantage."
    ]
    assert "au plus 92 jours à l'avance" in error.value.message_dict["available_from"][0]
    assert _available(dwelling, operator_director, places=3, available_from=today + timedelta(days=92)).pk


def test_a_decision_reads_with_its_proper_nouns_in_a_sentence():
    assert rules.decision_words(Decision.WITHDRAWN) == "retirée par le SIAO"
    assert rules.decision_words(Decision.ACCEPTED) == "acceptée"
