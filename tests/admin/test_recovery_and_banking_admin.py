"""Recovery and bank statements in the platform administration: read-only lists (no add, change or delete),
dates, states and amounts per operator, never a payer's name nor the free texts that may name people."""

import pytest
from django.urls import reverse

from tests.factories.accounts import UserFactory
from tests.factories.banking import BankLineFactory
from tests.factories.recovery import LitigationCaseFactory, ReminderFactory, RepaymentPlanFactory

pytestmark = pytest.mark.django_db

MODELS = [
    ("recovery", "reminder"),
    ("recovery", "repaymentplan"),
    ("recovery", "litigationcase"),
    ("banking", "bankstatement"),
    ("banking", "bankline"),
]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def records():
    line = BankLineFactory(counterparty="MME ZELIE QUINTARD", label="LOYER QUINTARD", reference="QUINTARD")
    reminder = ReminderFactory(note="Appel de Mme Quintard : promet de payer.")
    plan = RepaymentPlanFactory(comments="Accord avec Mme Quintard.")
    case = LitigationCaseFactory(decision="Réunion IML : Mme Quintard ne répond plus.")
    return {
        ("recovery", "reminder"): reminder,
        ("recovery", "repaymentplan"): plan,
        ("recovery", "litigationcase"): case,
        ("banking", "bankstatement"): line.statement,
        ("banking", "bankline"): line,
    }


@pytest.mark.parametrize("app, model", MODELS)
def test_the_list_and_the_record_are_read_only_and_name_nobody(admin_client, records, app, model):
    record = records[(app, model)]
    listing = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    detail = admin_client.get(reverse(f"admin:{app}_{model}_change", args=[record.pk]))
    for response in (listing, detail):
        assert response.status_code == 200
        page = response.content.decode()
        assert "QUINTARD" not in page.upper()
        assert record.organisation.name in page
    assert f'href="{reverse(f"admin:{app}_{model}_add")}"' not in listing.content.decode()
    assert admin_client.get(reverse(f"admin:{app}_{model}_add")).status_code == 403
    assert admin_client.post(reverse(f"admin:{app}_{model}_delete", args=[record.pk])).status_code == 403
    assert 'name="_save"' not in detail.content.decode()


@pytest.mark.parametrize("app, model", MODELS)
def test_a_member_who_is_not_staff_is_sent_to_the_login(client, records, app, model):
    client.force_login(UserFactory())
    response = client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]
