"""Two members of the commission deciding at the same instant (PostgreSQL, two real connections): the
proposal and the availability rows are locked, so one wins and the other gets a French refusal."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from clef.orientation import services
from clef.orientation.enums import Decision
from clef.orientation.models import Proposal
from tests.factories.accounts import UserFactory
from tests.factories.orientation import AvailabilityFactory, ProposalFactory
from tests.households.test_concurrency import postgresql_only, run_together
from tests.transactional import REGISTER_APPS

ON = date(2024, 2, 1)
pytestmark = pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)


def _accept(proposal, user):
    return lambda: services.decide(proposal=proposal, decision=Decision.ACCEPTED, on=ON, acting_user=user)


def test_two_candidates_of_one_dwelling_accepted_at_once_only_one_is():
    postgresql_only()
    availability = AvailabilityFactory()
    first, second = ProposalFactory(availability=availability), ProposalFactory(availability=availability)
    results = run_together(_accept(first, UserFactory()), _accept(second, UserFactory()))
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    assert "déjà accepté" in refused[0].messages[0]
    assert Proposal.objects.filter(decision=Decision.ACCEPTED).count() == 1
    assert Proposal.objects.filter(household__isnull=False).count() == 1


def test_one_proposal_decided_twice_at_once_is_decided_once():
    postgresql_only()
    proposal = ProposalFactory()
    results = run_together(_accept(proposal, UserFactory()), _accept(proposal, UserFactory()))
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    assert Proposal.objects.get().household.members.count() == 1
