"""Recovery in the agenda: reminders and this month's instalments in the « À faire » of the recovery editors;
slides possible and litigation next steps in the monthly meeting; one query per section; labels never name
the household."""

from datetime import date

import pytest

from clef.agenda.sections import get_section, meeting_sections, sections_for_role
from clef.organisations.models import Role
from clef.recovery.enums import PlanStatus, StepKind
from tests.factories.recovery import LitigationCaseFactory, LitigationStepFactory, RepaymentPlanFactory

pytestmark = pytest.mark.django_db


def test_sections_are_registered_for_their_roles():
    meeting = {s.code for s in meeting_sections()}
    assert {"recovery_slides", "recovery_litigation"} <= meeting
    assert not {"recovery_reminders", "recovery_instalments"} & meeting
    officer = {s.code for s in sections_for_role(Role.LITIGATION_OFFICER)}
    assert {"recovery_reminders", "recovery_litigation"} <= officer and "recovery_slides" not in officer
    social = {s.code for s in sections_for_role(Role.SOCIAL_WORKER)}
    assert {"recovery_slides", "recovery_litigation"} <= social and "recovery_reminders" not in social
    assert not {s.code for s in sections_for_role(Role.CAPTATION_OFFICER)} & {
        "recovery_slides",
        "recovery_reminders",
    }


def test_reminders_due(lease, django_assert_num_queries):
    with django_assert_num_queries(1):
        [item] = get_section("recovery_reminders").items(lease.organisation_id, date(2026, 1, 15))
    assert item.label == "Relance de loyer : 900,00\u00a0€ dus (échéance du 05/01/2026, dernière relance —)"
    assert (item.household_id, item.url_name, item.url_args) == (
        lease.stay.household_id,
        "www:reminder_create",
        (lease.pk,),
    )


def test_instalments_of_the_month(django_assert_num_queries):
    plan = RepaymentPlanFactory()
    RepaymentPlanFactory(status=PlanStatus.ROMPU, lease__stay__household__organisation=plan.organisation)
    with django_assert_num_queries(1):
        [item] = get_section("recovery_instalments").items(plan.organisation_id, date(2026, 3, 1))
    assert item.label == "Plan d'apurement : échéance 2/6 de 150,00\u00a0€ le 05/03/2026"
    assert item.due_on == date(2026, 3, 5)


def test_slides_possible_in_the_meeting(django_assert_num_queries):
    plan = RepaymentPlanFactory(respected_months=3, slide_flagged_on=date(2026, 4, 15))
    RepaymentPlanFactory(  # broken: no slide
        status=PlanStatus.ROMPU, respected_months=3, lease__stay__household__organisation=plan.organisation
    )
    with django_assert_num_queries(1):
        [item] = get_section("recovery_slides").items(plan.organisation_id, date(2026, 4, 20))
    assert item.label == (
        "Plan d'apurement respecté 3 mois de suite (dette de 900,00\u00a0€) : glissement du bail possible depuis le "
        "15/04/2026"
    )
    assert (item.household_id, item.url_args) == (plan.lease.stay.household_id, (plan.pk,))
    assert str(plan.lease.stay.household) not in item.label


def test_litigation_next_steps(django_assert_num_queries):
    step = LitigationStepFactory(done_on=date(2026, 2, 2), next_deadline=date(2026, 2, 17))
    LitigationStepFactory(
        case=step.case,
        kind=StepKind.MISE_EN_DEMEURE,
        done_on=date(2026, 2, 20),
        next_deadline=date(2026, 3, 7),
    )
    fresh = LitigationCaseFactory(
        lease__stay__household__organisation=step.case.organisation, opened_on=date(2026, 3, 1)
    )
    with django_assert_num_queries(1):
        items = get_section("recovery_litigation").items(step.case.organisation_id, date(2026, 3, 5))
    assert [i.label for i in items] == [
        "Procédure contentieuse ouverte le 01/03/2026 : aucune étape encore",
        "Procédure contentieuse ouverte le 01/02/2026 : dernière étape : mise en demeure le 20/02/2026, prochaine "
        "avant le 07/03/2026",
    ]
    assert items[0].url_args == (fresh.pk,)
