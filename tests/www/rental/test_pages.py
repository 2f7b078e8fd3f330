"""The « Gestion locative » pages: calls, payments, counter-entries, receipts, statements, lists, arrears,
the owner's account; French messages for bad input; journal and access log; exact query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from clef.journal.models import AccessLogEntry
from clef.organisations.models import Role
from clef.rental import queries, services
from clef.rental.enums import EntryKind
from clef.rental.models import Lease, LedgerEntry
from tests.conftest import member_client
from tests.factories.contracts import ContractFactory
from tests.factories.rental import LeaseFactory
from tests.factories.stays import StayFactory
from tests.www.once_token import once_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def lease(operator):
    return LeaseFactory(stay__household__organisation=operator)


@pytest.fixture
def manager(client, operator):
    return member_client(client, operator, Role.RENTAL_MANAGER)


def test_generating_the_calls_twice_doubles_nothing(manager, lease):
    month = date.today().strftime("%Y-%m")
    response = manager.post(reverse("www:calls_generate"), {"month": month}, follow=True)
    assert "3 écriture(s) passée(s) pour 1 ménage(s)" in response.content.decode()
    response = manager.post(reverse("www:calls_generate"), {"month": month}, follow=True)
    assert "0 écriture(s) passée(s)" in response.content.decode()
    assert "3 écriture(s) déjà passée(s) n&#x27;ont pas été doublées" in response.content.decode()
    assert LedgerEntry.objects.count() == 3


def test_an_unknown_month_is_refused_in_french_with_status_400(manager, lease):
    response = manager.post(reverse("www:calls_generate"), {"month": "1999-01"})
    assert response.status_code == 400  # the hub again, the field's message beside it (no redirect)
    assert "Choisissez un mois proposé dans la liste." in response.content.decode()
    assert not LedgerEntry.objects.exists()


def test_a_payment_brings_the_balance_to_zero_and_is_logged(manager, lease):
    services.generate_calls(lease.organisation, date(2026, 3, 1), manager.membership.user)
    response = manager.post(
        reverse("www:lease_payment", args=[lease.pk]),
        {
            "amount": "650,00",
            "on": "2026-03-06",
            "kind": "paiement",
            "once": once_token(manager, "rental_payment"),
        },
    )
    assert response.status_code == 302
    assert queries.balance(lease) == Decimal("0.00")
    page = manager.get(reverse("www:lease_ledger", args=[lease.pk]))
    assert "quittance-2026-03" in page.content.decode()
    assert AccessLogEntry.objects.filter(
        context=AccessLogEntry.Context.COMPTE, household_id=lease.stay.household_id, subject_id=lease.pk
    ).exists()


def test_a_bad_amount_keeps_the_typed_values_with_a_french_message(manager, lease):
    response = manager.post(
        reverse("www:lease_payment", args=[lease.pk]),
        {
            "amount": "douze",
            "on": "2026-03-06",
            "kind": "paiement",
            "once": once_token(manager, "rental_payment"),
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Saisissez un montant en euros" in content
    assert 'value="douze"' in content
    assert not LedgerEntry.objects.exists()


def test_a_counter_entry_needs_a_reason_and_cancels_the_payment(manager, lease):
    payment = services.record_payment(lease, Decimal("100"), date(2026, 3, 6), acting_user=None)
    url = reverse("www:lease_entry_reverse", args=[lease.pk])
    response = manager.post(url, {"entry": payment.pk, "reason": ""})
    assert response.status_code == 400
    assert "Indiquez le motif de la contre-passation." in response.content.decode()
    assert manager.post(url, {"entry": payment.pk, "reason": "Chèque rejeté"}).status_code == 302
    assert queries.balance(lease) == Decimal("0.00")
    assert LedgerEntry.objects.get(reverses=payment).reason == "Chèque rejeté"


def test_an_entry_of_another_lease_is_not_found(manager, lease):
    other = LeaseFactory()
    entry = services.record_payment(other, Decimal("100"), date(2026, 3, 6), acting_user=None)
    response = manager.post(
        reverse("www:lease_entry_reverse", args=[lease.pk]), {"entry": entry.pk, "reason": "x"}
    )
    assert response.status_code == 404


def test_the_receipt_of_a_month_not_fully_paid_is_refused(manager, lease):
    services.generate_calls(lease.organisation, date(2026, 3, 1), None)
    response = manager.get(reverse("www:lease_receipt", args=[lease.pk, "2026-03"]), follow=True)
    assert (
        "Le mois de mars 2026 n&#x27;est pas entièrement payé : une quittance ne peut pas être délivrée."
        in response.content.decode()
    )


def test_the_receipt_and_statement_are_pdfs_with_the_figures(manager, lease, tmp_path):
    import subprocess

    services.generate_calls(lease.organisation, date(2026, 3, 1), None)
    services.record_payment(lease, Decimal("650"), date(2026, 3, 6), acting_user=None)
    response = manager.get(reverse("www:lease_receipt", args=[lease.pk, "2026-03"]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "q.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Quittance de loyer — mars 2026" in text
    assert "650,00" in text and lease.payment_reference in text
    response = manager.get(
        reverse("www:lease_statement", args=[lease.pk]), {"start": "2026-03-01", "end": "2026-03-31"}
    )
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Relevé de compte du 01/03/2026 au 31/03/2026" in text
    assert "Loyer de mars 2026" in text


def test_a_statement_with_bad_dates_is_refused_in_french(manager, lease):
    response = manager.get(
        reverse("www:lease_statement", args=[lease.pk]),
        {"start": "2026-03-31", "end": "2026-03-01"},
    )
    page = response.content.decode()
    assert response.status_code == 400  # E3: like the other forms, not a 200 after a redirect
    assert "La fin de la période doit suivre son début." in page
    assert 'value="2026-03-31"' in page and 'value="2026-03-01"' in page  # the typed period kept
    response = manager.get(reverse("www:lease_statement", args=[lease.pk]), {"start": "", "end": ""})
    assert response.status_code == 400


def test_lease_creation_is_prefilled_from_the_contract(manager, operator):
    stay = StayFactory(household__organisation=operator)
    ContractFactory(dwelling=stay.dwelling, organisation=operator, rent=Decimal("580.00"))
    url = reverse("www:lease_create", args=[stay.pk])
    page = manager.get(url)
    assert 'value="580,00"' in page.content.decode()
    data = {
        "starts_on": "2021-01-01",
        "rent": "580",
        "charges": "50",
        "due_day": "5",
        "benefit_status": "versee",
    }
    data |= {"benefit_amount": "0", "deposit_amount": "0"}
    response = manager.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Lease.objects.get(stay=stay).mode == "sous_location"


def test_lease_creation_refuses_a_sublet_rent_above_the_main_lease(manager, operator):
    stay = StayFactory(household__organisation=operator)
    ContractFactory(dwelling=stay.dwelling, organisation=operator)
    data = {
        "starts_on": "2021-01-01",
        "rent": "700",
        "charges": "50",
        "due_day": "5",
        "benefit_status": "versee",
    }
    data |= {"benefit_amount": "0", "deposit_amount": "0"}
    response = manager.post(reverse("www:lease_create", args=[stay.pk]), data)
    assert response.status_code == 400
    assert "art. 8" in response.content.decode()
    assert 'value="700"' in response.content.decode()


def test_ledger_list_and_arrears_pages(manager, lease):
    services.post_charge(lease, EntryKind.FRAIS, Decimal("700"), date(2026, 1, 1), "Dette", acting_user=None)
    for name in ("rental_home", "ledger_list", "arrears"):
        response = manager.get(reverse(f"www:{name}"))
        assert response.status_code == 200
        assert "700,00" in response.content.decode()
    response = manager.get(reverse("www:ledger_list"), {"bucket": "1_2_mois"})
    assert str(lease.stay.household) in response.content.decode()
    response = manager.get(reverse("www:ledger_list"), {"bucket": "3_mois_et_plus"})
    assert str(lease.stay.household) not in response.content.decode()
    csv = manager.get(reverse("www:arrears_export", args=["csv"]))
    assert "700,0" in csv.content.decode("utf-8-sig")
    assert manager.get(reverse("www:arrears_export", args=["xlsx"])).status_code == 200
    assert manager.get(reverse("www:arrears_export", args=["pdf"])).status_code == 404


def test_dwelling_account_shows_the_owner_side(manager, lease):
    services.generate_calls(lease.organisation, date(2026, 3, 1), None)
    response = manager.get(reverse("www:dwelling_account", args=[lease.stay.dwelling.pk]), {"annee": "2026"})
    assert response.status_code == 200
    assert "Loyer dû au propriétaire de mars 2026" in response.content.decode()


def test_the_hub_links_only_to_pages_the_member_may_open(client, operator, lease):
    manager = member_client(client, operator, Role.RENTAL_MANAGER)
    page = manager.get(reverse("www:rental_home")).content.decode()
    assert reverse("www:bank_import_list") in page and reverse("www:recovery_home") in page
    client.logout()
    social_worker = member_client(client, operator, Role.SOCIAL_WORKER)
    page = social_worker.get(reverse("www:rental_home")).content.decode()
    assert reverse("www:recovery_home") in page
    # The bank statements show the owner's side: a social worker would get a 403, so no link.
    assert reverse("www:bank_import_list") not in page
    assert social_worker.get(reverse("www:bank_import_list")).status_code == 403
