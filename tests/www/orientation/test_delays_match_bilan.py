"""The delays page and the bilan read the same delays (clef.orientation.delays): for the same
availabilities and year, they show the same means, rounded the same way."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from clef.bilan.indicators import compute
from clef.bilan.perimeter import Perimeter
from clef.organisations.models import Role
from clef.orientation.enums import AvailabilityStatus, Decision, HouseholdAnswer
from clef.orientation.models import Availability
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.orientation import AvailabilityFactory, ProposalFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db

START = date(2024, 1, 1)

# Page key → bilan key (the means).
SAME = {
    "to_proposal": "orientation.delai_moyen_proposition_jours",
    "to_decision": "orientation.delai_moyen_decision_jours",
    "to_entry": "orientation.delai_moyen_entree_jours",
    "vacancy": "orientation.vacance_moyenne_jours",
}


def _availability(operator, siao, *, waited: int, decided: int | None, entered: int | None, closed: int):
    """Made available on START; first proposal after `waited` days, accepted `decided` days later, entry
    `entered` days after that (or declined, and withdrawn on day `closed`)."""
    a = AvailabilityFactory(dwelling__organisation=operator, siao=siao, available_from=START)
    proposed_on = START + timedelta(days=waited)
    if decided is None:
        ProposalFactory(availability=a, proposed_on=proposed_on, declined=True, decided_on=proposed_on)
        status = AvailabilityStatus.WITHDRAWN
    else:
        decided_on = proposed_on + timedelta(days=decided)
        stay = StayFactory(
            household__organisation=operator,
            dwelling=a.dwelling,
            entry_date=decided_on + timedelta(days=entered),
        )
        ProposalFactory(
            availability=a,
            proposed_on=proposed_on,
            decision=Decision.ACCEPTED,
            decided_on=decided_on,
            household_answer=HouseholdAnswer.YES,
            household=stay.household,
            stay=stay,
        )
        status = AvailabilityStatus.FILLED
    Availability.objects.filter(pk=a.pk).update(status=status, closed_on=START + timedelta(days=closed))


def test_the_delays_page_and_the_bilan_give_the_same_means_for_the_same_availabilities_and_year(client):
    operator = OrganisationFactory(name="Toit Partagé (test)")
    siao = OrganisationFactory(siao=True, name="SIAO du Rhône (test)")
    _availability(operator, siao, waited=1, decided=10, entered=5, closed=16)
    _availability(operator, siao, waited=2, decided=20, entered=7, closed=29)
    _availability(operator, siao, waited=3, decided=None, entered=None, closed=40)  # withdrawn
    _availability(operator, siao, waited=3, decided=4, entered=1, closed=8)
    client.force_login(MembershipFactory(organisation=operator, role=Role.DIRECTOR).user)

    response = client.get(reverse("www:orientation_delays"))
    page = response.context["tables"]["overall"]
    bilan = compute(2024, Perimeter("structure", str(operator.pk)))

    assert {key: page[key] for key in SAME} == {key: bilan[other] for key, other in SAME.items()}
    # by hand: proposal (1+2+3+3)/4 = 2.25, decision (10+20+4)/3, entry (5+7+1)/3, vacancy
    # (16+29+40+8)/4 = 23.25 (the withdrawal ends a vacancy): half-up to one decimal on both
    assert page["to_proposal"] == 2.3 and page["vacancy"] == 23.3
    assert (page["to_decision"], page["to_entry"]) == (11.3, 4.3)
    html = response.content.decode()
    assert "2,3 jours" in html and "23,3 jours" in html
    assert "de la première proposition à l'acceptation" in html.replace("&#x27;", "'")  # the definitions
