"""Recovery: a reminder, a repayment plan of 900 € in 6 instalments of 150 € from 05/02/2026 (agreed on
20/01/2026, on the LeaseFactory's lease: 600 € + 50 € due on the 5th), a litigation case opened by the team's
decision with a litigation officer. The factories write rows only (the plan's instalments too, by
`with_instalments`): go through `clef.recovery.services` when the journal matters."""

from datetime import date, timedelta
from decimal import Decimal

import factory

from clef.organisations.models import Role
from clef.recovery.enums import Channel, PlanOrigin, StepKind
from clef.recovery.models import (
    CaseReview,
    Instalment,
    LitigationCase,
    LitigationStep,
    Reminder,
    RepaymentPlan,
)
from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.rental import LeaseFactory


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    lease = factory.SubFactory(LeaseFactory)
    organisation = factory.SelfAttribute("lease.organisation")
    sent_on = date(2026, 1, 15)
    channel = Channel.COURRIER
    debt = Decimal("650.00")
    created_by = factory.SubFactory(UserFactory)


class RepaymentPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RepaymentPlan
        skip_postgeneration_save = True

    lease = factory.SubFactory(LeaseFactory)
    organisation = factory.SelfAttribute("lease.organisation")
    origin = PlanOrigin.GESTION
    debt_amount = Decimal("900.00")
    instalments_count = 6
    monthly_amount = Decimal("150.00")
    agreed_on = date(2026, 1, 20)
    first_due_on = date(2026, 2, 5)
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def with_instalments(plan, create, extracted, **kwargs):
        """The schedule of the rules (same amounts and dates as the service writes); grace of 10 days."""
        if not create or extracted is False:
            return
        from clef.recovery import rules

        cumulated = Decimal("0")
        amounts = rules.instalment_amounts(plan.debt_amount, plan.instalments_count)
        dates = rules.instalment_due_dates(plan.first_due_on, plan.instalments_count)
        rows = []
        for number, (due_on, amount) in enumerate(zip(dates, amounts, strict=True), 1):
            cumulated += amount
            rows.append(
                Instalment(
                    plan=plan,
                    number=number,
                    due_on=due_on,
                    check_on=due_on + timedelta(days=10),
                    amount=amount,
                    cumulated=cumulated,
                )
            )
        Instalment.objects.bulk_create(rows)


def litigation_officer(organisation):
    return MembershipFactory(organisation=organisation, role=Role.LITIGATION_OFFICER).user


class LitigationCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LitigationCase

    lease = factory.SubFactory(LeaseFactory)
    organisation = factory.SelfAttribute("lease.organisation")
    opened_on = date(2026, 2, 1)
    decision = "Réunion IML du 28/01/2026 : plus de contact depuis quatre mois, la direction décide."
    officer = factory.LazyAttribute(lambda case: litigation_officer(case.organisation))
    created_by = factory.SelfAttribute("officer")


class LitigationStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LitigationStep

    case = factory.SubFactory(LitigationCaseFactory)
    kind = StepKind.RELANCE
    done_on = date(2026, 2, 2)
    next_deadline = date(2026, 2, 17)
    created_by = factory.SelfAttribute("case.officer")


class CaseReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseReview

    case = factory.SubFactory(LitigationCaseFactory)
    on = date(2026, 2, 10)
    notes = "Point avec la travailleuse sociale : le ménage ne répond plus."
    by = factory.SelfAttribute("case.officer")
