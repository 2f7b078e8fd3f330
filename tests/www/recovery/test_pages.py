"""The recovery pages: the hub (reminders due, plans refreshed on open, cases), a plan created from the ledger's
debt (or the debt at exit) and its page, a reminder and its letter, a case with its steps, reviews and status.
Exact query counts with few and more records; bad input → French message, typed values kept, status 400."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from clef.journal.models import JournalEntry
from clef.recovery.enums import CaseStatus, PlanStatus, StepKind
from clef.recovery.models import Reminder, RepaymentPlan
from tests.factories.recovery import LitigationCaseFactory
from tests.factories.rental import LeaseFactory
from tests.factories.stays import StayFactory
from tests.recovery.conftest import call, pay
from tests.www.recovery.conftest import arrears_lease

pytestmark = pytest.mark.django_db


def _more(world, count=3):
    """More households in arrears, with plans and cases: the query counts stay the same."""
    from clef.recovery import services

    for _ in range(count):
        lease = arrears_lease(world["owner"])
        services.create_plan(
            lease=lease,
            instalments_count=3,
            first_due_on=date(2026, 2, 5),
            agreed_on=date(2026, 1, 20),
            acting_user=world["case"].officer,
        )
        LitigationCaseFactory(lease=lease)


HOME_QUERIES = 12


def test_hub_lists_reminders_plans_and_cases(login, world, django_assert_num_queries):
    client = login("litigation_officer")
    client.get(
        reverse("www:recovery_home")
    )  # the plan's first instalment was missed: refreshed (written) once
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("www:recovery_home"))
    page = response.content.decode()
    household = str(world["lease"].stay.household)
    assert page.count(household) == 4  # a reminder due (link and hidden button label), the plan, the case
    assert "900,00 €" in page and "6 × 150,00 €" in page
    _more(world)
    client.get(reverse("www:recovery_home"))
    with django_assert_num_queries(HOME_QUERIES):
        page = client.get(reverse("www:recovery_home")).content.decode()
    assert page.count("Rompu") == 4


PLAN_QUERIES = 9


def test_plan_page_shows_the_respected_months_and_the_slide(login, world, django_assert_num_queries):
    lease, plan = world["lease"], world["plan"]
    for month in (date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)):
        call(lease, month)
        pay(lease, month + timedelta(days=4), "800.00")
    for month in (
        date(2026, 5, 1),
        date(2026, 6, 1),
        date(2026, 7, 1),
    ):  # the rent and the instalment, on time
        call(lease, month)
        pay(lease, month + timedelta(days=4), "800.00")
    client = login("rental_manager")
    client.get(reverse("www:plan_detail", args=[plan.pk]))  # refreshed on open
    plan.refresh_from_db()
    assert (plan.status, plan.respected_months) == (PlanStatus.SOLDE, 6)
    with django_assert_num_queries(PLAN_QUERIES):
        page = client.get(reverse("www:plan_detail", args=[plan.pk])).content.decode()
    assert "6 mois respectés" in page and "Glissement du bail possible" in page
    assert page.count("Respectée") == 6


def test_create_a_plan_from_the_ledger(login, world):
    lease = arrears_lease(world["owner"])
    client = login("rental_manager")
    url = reverse("www:plan_create", args=[lease.pk])
    page = client.get(url).content.decode()
    assert 'value="900,00"' in page
    response = client.post(
        url,
        {
            "origin": "gestion",
            "debt_amount": "900,00",
            "instalments_count": "4",
            "agreed_on": "2026-01-20",
            "first_due_on": "2026-02-05",
            "comments": "",
        },
    )
    plan = RepaymentPlan.objects.get(lease=lease)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert (plan.debt_amount, plan.monthly_amount, plan.created_by) == (900, 225, client.membership.user)


def test_a_plan_at_exit_is_prefilled_with_the_debt_at_exit(login, world):
    lease = LeaseFactory(
        stay=StayFactory(household__organisation=world["owner"], exited=True, exit_date=date(2026, 1, 31))
    )
    call(lease, date(2026, 1, 1))
    pay(lease, date(2026, 1, 10), "100.00")
    page = login("director").get(reverse("www:plan_create", args=[lease.pk]) + "?sortie=1").content.decode()
    assert "Dette à la sortie selon le compte locatif" in page and 'value="550,00"' in page
    assert 'value="sortie" selected' in page


def test_bad_plan_input_keeps_the_typed_values(login, world):
    lease = arrears_lease(world["owner"])
    response = login("rental_manager").post(
        reverse("www:plan_create", args=[lease.pk]),
        {
            "origin": "gestion",
            "debt_amount": "abc",
            "instalments_count": "500",
            "agreed_on": "2026-01-20",
            "first_due_on": "2026-01-05",
            "comments": "accord oral",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Saisissez un nombre." in page
    assert "La première échéance ne peut pas précéder l&#x27;accord du plan (le 20/01/2026)." in page
    assert "accord oral" in page and 'value="500"' in page
    assert not RepaymentPlan.objects.filter(lease=lease).exists()


def test_a_second_plan_in_progress_is_refused_in_french(login, world):
    response = login("rental_manager").post(
        reverse("www:plan_create", args=[world["lease"].pk]),
        {
            "origin": "gestion",
            "debt_amount": "100",
            "instalments_count": "2",
            "agreed_on": "2026-01-20",
            "first_due_on": "2026-02-05",
        },
    )
    assert response.status_code == 400
    assert "Ce ménage a déjà un plan d&#x27;apurement en cours" in response.content.decode()


def test_record_a_reminder_and_print_its_letter(login, world):
    client = login("rental_manager")
    response = client.post(
        reverse("www:reminder_create", args=[world["lease"].pk]),
        {"sent_on": "2026-01-16", "channel": "courrier", "note": ""},
    )
    assert response.status_code == 302
    reminder = Reminder.objects.filter(lease=world["lease"]).order_by("-pk").first()
    assert (reminder.sent_on, reminder.debt) == (date(2026, 1, 16), 900)
    letter = client.get(reverse("www:reminder_letter", args=[reminder.pk]))
    assert letter["Content-Type"] == "application/pdf" and letter.content.startswith(b"%PDF")


def test_a_reminder_in_the_future_is_refused(login, world):
    response = login("rental_manager").post(
        reverse("www:reminder_create", args=[world["lease"].pk]),
        {"sent_on": "2099-01-01", "channel": "courrier"},
    )
    assert response.status_code == 400
    assert "La date de la relance ne peut pas être dans le futur." in response.content.decode()


CASE_QUERIES = 10


def test_case_page_steps_reviews_and_status(login, world, django_assert_num_queries):
    client = login("litigation_officer")
    case = world["case"]
    url = reverse("www:case_detail", args=[case.pk])
    response = client.post(
        reverse("www:case_step", args=[case.pk]), {"kind": "mise_en_demeure", "done_on": "2026-02-03"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("www:case_step", args=[case.pk]), {"kind": "relance", "done_on": "2026-02-04"}
    )
    assert response.status_code == 400
    assert "Cette étape n&#x27;est pas possible ici" in response.content.decode()
    response = client.post(
        reverse("www:case_review", args=[case.pk]), {"on": "2026-02-10", "notes": "Point fait."}
    )
    assert response.status_code == 302
    with django_assert_num_queries(CASE_QUERIES):
        page = client.get(url).content.decode()
    assert "Mise en demeure" in page and "18/02/2026" in page and "Point fait." in page
    response = client.post(
        reverse("www:case_status", args=[case.pk]), {"status": "close", "closed_reason": "", "version": "1"}
    )
    assert response.status_code == 400
    assert "Indiquez le motif de la suspension ou de la clôture." in response.content.decode()
    response = client.post(
        reverse("www:case_status", args=[case.pk]),
        {"status": "close", "closed_reason": "Dette soldée.", "version": "1"},
    )
    case.refresh_from_db()
    assert (response.status_code, case.status) == (302, CaseStatus.CLOSE)
    assert JournalEntry.objects.filter(content_type__model="litigationstep").count() == 1
    assert case.steps.get().kind == StepKind.MISE_EN_DEMEURE


def test_open_a_case_needs_the_decision(login, world):
    lease = arrears_lease(world["owner"])
    client = login("litigation_officer")
    url = reverse("www:case_create", args=[lease.pk])
    response = client.post(
        url, {"opened_on": "2026-02-01", "decision": "", "officer": client.membership.user.pk}
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {
            "opened_on": "2026-02-01",
            "decision": "Réunion IML : décision de la direction.",
            "officer": client.membership.user.pk,
        },
    )
    assert response.status_code == 302


def test_the_household_page_shows_the_recovery_panel(login, world):
    household = world["lease"].stay.household
    page = login("rental_manager").get(household.get_absolute_url()).content.decode()
    assert (
        "Impayés et recouvrement" in page and "Ouvrir une procédure contentieuse" not in page
    )  # one is open
    assert "Plan d'apurement : " in page and "accord du 20/01/2026" in page
    page = login("captation_officer").get(household.get_absolute_url()).content.decode()
    assert "Impayés et recouvrement" not in page
