"""A validated declaration freezes the pathway sections of the bilan (issue 8) with the v1 keys: the
campaign's frozen bilan gives them back, combined over operators, equal to the live bilan."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from clef.bilan.indicators import Perimeter, compute, is_v1_key
from clef.campaigns import services
from clef.organisations.models import Role
from clef.territories.models import Region
from tests.factories.exits import ExitAssessmentFactory, ExitPerspectiveFactory, SolicitationFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory


@pytest.mark.django_db
def test_frozen_declarations_carry_the_pathway_keys():
    coordinator = MembershipFactory(
        organisation=OrganisationFactory(state=True, region_id="84"), role=Role.STATE_COORDINATOR
    )
    operators = [OrganisationFactory(head_office_department_id=d) for d in ("69", "38")]
    for org, minutes in zip(operators, (30, 90), strict=True):
        stay = StayFactory(household__organisation=org, exited=True, exit_date=date(2024, 6, 30))
        ExitPerspectiveFactory(assessment=ExitAssessmentFactory(stay=stay), judgement="positive")
        SolicitationFactory(household=stay.household, solicited_on=date(2024, 9, 1), minutes_spent=minutes)
        HouseholdFactory(organisation=org)
    campaign = services.open_campaign(
        year=2024,
        deadline=timezone.localdate() + timedelta(days=30),
        acting_user=coordinator.user,
        organisation=coordinator.organisation,
        region=Region.objects.get(pk="84"),
    )
    for declaration in campaign.declarations.all():
        submission = services.freeze(declaration=declaration, acting_user=coordinator.user)
        assert submission.figures["sollicitations.nombre"] == 1
        assert {"bilans_sortie", "sollicitations"} <= set(submission.data)
    frozen = services.frozen_figures(campaign)
    live = compute(2024, Perimeter("region", "84"))
    # The security fund's figures are a region's, never rebuilt from frozen operators' parts (null).
    pathway = [
        key for key in live if not is_v1_key(key) and "median" not in key and not key.startswith("fonds.")
    ]
    assert {key: frozen[key] for key in pathway} == {key: live[key] for key in pathway}
    assert (
        frozen["sollicitations.temps_heures"] == 2.0 and frozen["regards_sortie.menage.positive_pct"] == 100.0
    )
