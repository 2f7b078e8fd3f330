"""Browser journeys of recovery (axe-core on every page, tests/browser/conftest.py): a rental manager opens a
repayment plan for a household in arrears from its page; three months of rent + instalment are paid; the plan
shows « 3 mois respectés » and « Glissement du bail possible », and the household is in the monthly meeting's
« Glissements possibles (plan respecté) ». The litigation officer records a step and a review on a case."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from clef.organisations.models import Role
from clef.recovery.enums import StepKind
from clef.recovery.models import RepaymentPlan
from clef.rental import services as rental
from clef.rental.rules import add_months, month_start
from tests.browser.test_journeys import login
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.recovery import LitigationCaseFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory
from tests.factories.stays import StayFactory
from tests.transactional import REGISTER_APPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, available_apps=REGISTER_APPS)]


def _call(lease, on: date) -> None:
    LedgerEntryFactory(lease=lease, booked_on=on, period=on, amount=Decimal("650.00"), label="Loyer")


def _household_in_arrears(operator):
    stay = StayFactory(
        household__organisation=operator,
        household__reference__first_name="Inès",
        household__reference__last_name="Martin",
        entry_date=date(2024, 1, 1),
    )
    return LeaseFactory(stay=stay)


def test_a_plan_respected_three_months_opens_the_slide_in_the_meeting(live_server, page, shot):
    today = timezone.localdate()
    # The last month whose instalment is already checked (due on the 5th, checked on the 15th).
    last = month_start(today) if today.day >= 15 else add_months(month_start(today), -1)
    first_due, agreed = add_months(last, -2).replace(day=5), add_months(last, -3).replace(day=20)
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    manager = MembershipFactory(organisation=operator, role=Role.RENTAL_MANAGER).user
    lease = _household_in_arrears(operator)
    _call(lease, add_months(last, -4))
    _call(lease, add_months(last, -3))
    rental.record_payment(lease, Decimal("400.00"), add_months(last, -3).replace(day=10), acting_user=manager)

    login(page, live_server, manager.email)
    page.goto(f"{live_server.url}{lease.stay.household.get_absolute_url()}")
    page.get_by_test_id("recouvrement").get_by_role("link", name="Ouvrir un plan d'apurement").click()
    assert page.get_by_label("Dette à apurer (€)").input_value() == "900,00"
    page.get_by_label("Nombre d'échéances").fill("6")
    page.get_by_label("Accord du").fill(agreed.isoformat())
    page.get_by_label("Première échéance").fill(first_due.isoformat())
    shot("1-plan")
    page.get_by_role("button", name="Enregistrer le plan").click()
    page.get_by_text("Le plan d'apurement est enregistré.").wait_for()
    plan = RepaymentPlan.objects.get(lease=lease)
    assert (plan.monthly_amount, plan.instalments_count) == (Decimal("150.00"), 6)

    for months_ago in (2, 1, 0):  # the rent called on the 1st, rent + instalment paid on the 5th
        month = add_months(last, -months_ago)
        _call(lease, month)
        rental.record_payment(lease, Decimal("800.00"), month + timedelta(days=4), acting_user=manager)
    page.reload()
    page.get_by_test_id("mois-respectes").wait_for()
    assert page.get_by_test_id("mois-respectes").inner_text() == "3 mois respectés"
    assert "Glissement du bail possible" in page.get_by_test_id("glissement").first.inner_text()
    shot("2-glissement-possible")

    page.get_by_role("link", name="Réunion IML").first.click()
    page.get_by_role("button", name="Préparer l'ordre du jour").click()
    page.get_by_text("est prêt").wait_for()
    section = page.get_by_test_id("section-recovery_slides")
    assert "Inès MARTIN" in section.inner_text()
    assert "glissement du bail possible" in section.inner_text()
    shot("3-reunion")


def test_the_litigation_officer_records_a_step_and_a_review(live_server, page, shot):
    operator = OrganisationFactory(name="Toit Partagé du Rhône")
    officer = MembershipFactory(organisation=operator, role=Role.LITIGATION_OFFICER).user
    case = LitigationCaseFactory(
        lease=_household_in_arrears(operator), officer=officer, opened_on=date(2026, 2, 1)
    )

    login(page, live_server, officer.email)
    page.goto(f"{live_server.url}/gestion-locative/recouvrement/")
    page.get_by_test_id("contentieux").get_by_role("link", name="Ouverte le 01/02/2026").click()
    form = page.get_by_test_id("form-etape")
    form.get_by_label("Étape").select_option(StepKind.MISE_EN_DEMEURE)
    form.get_by_label("Date").fill("2026-02-03")
    form.get_by_label("Commentaires").fill("Lettre recommandée avec accusé de réception.")
    form.get_by_role("button", name="Enregistrer l'étape").click()
    page.get_by_text("L'étape est enregistrée.").wait_for()
    assert "18/02/2026" in page.get_by_test_id("prochaine-echeance").inner_text()
    review = page.get_by_test_id("form-point")
    review.get_by_label("Date").fill("2026-02-10")
    review.get_by_label("Compte rendu").fill(
        "Point avec la travailleuse sociale : le ménage a repris contact."
    )
    review.get_by_role("button", name="Enregistrer le point").click()
    page.get_by_text("Le point contentieux est enregistré.").wait_for()
    assert "le ménage a repris contact" in page.get_by_test_id("points").inner_text()
    shot("1-contentieux")
    assert case.steps.get().kind == StepKind.MISE_EN_DEMEURE and case.reviews.count() == 1
