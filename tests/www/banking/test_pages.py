"""The bank statement pages: upload and summary, a statement, the queue, a line (assign, ignore); French
errors with status 400; exact query counts; the access log of the lines read."""

from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clef.banking.enums import LineStatus
from clef.banking.models import BankLine, BankStatement
from clef.journal.models import AccessLogEntry
from clef.organisations.models import Role
from clef.rental.queries import balance
from tests.banking.conftest import make_lease, statement_csv
from tests.conftest import member_client
from tests.factories.banking import BankLineFactory, BankStatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, operator):
    client = member_client(client, operator, Role.RENTAL_MANAGER)
    client.get(reverse("www:bank_queue"))  # the first request after the login writes the session
    return client


def upload(client, name, data):
    return client.post(reverse("www:bank_import_list"), {"file": SimpleUploadedFile(name, data)})


def test_upload_imports_and_shows_the_summary(manager_client, worked_example):
    response = upload(manager_client, "releve-mars.csv", statement_csv(worked_example))
    statement = BankStatement.objects.get()
    assert response.status_code == 302 and response["Location"] == statement.get_absolute_url()
    page = manager_client.get(response["Location"])
    text = page.content.decode()
    assert "releve-mars.csv : 5 lignes, 3 rapprochées, 1 à traiter, 1 ignorée (débits)." in text
    assert "650,00\u00a0€" in text and "-45,10\u00a0€" in text
    assert worked_example["martin"].payment_reference in text


def test_a_bad_file_is_refused_in_french_with_status_400(manager_client):
    response = upload(manager_client, "releve.csv", b"Date;Libelle;Montant\n31/02/2026;x;10\n")
    assert response.status_code == 400
    assert "releve.csv, ligne 2, colonne « date » (valeur « 31/02/2026 »)" in response.content.decode()
    assert "Rien n'a été importé" in response.content.decode()
    assert not BankStatement.objects.exists()


def test_the_same_file_twice_is_refused(manager_client, worked_example):
    upload(manager_client, "releve-mars.csv", statement_csv(worked_example))
    response = upload(manager_client, "copie.csv", statement_csv(worked_example))
    assert response.status_code == 400
    assert "Ce relevé a déjà été importé le " in response.content.decode()
    assert BankStatement.objects.count() == 1


def test_an_upload_without_file_is_refused(manager_client):
    response = manager_client.post(reverse("www:bank_import_list"), {})
    assert response.status_code == 400


def test_list_query_count_is_constant(manager_client, operator, django_assert_num_queries):
    for _ in range(3):
        BankLineFactory(statement__organisation=operator)
    # session, user, membership; statements (count, page); lines to handle; the header's membership
    with django_assert_num_queries(7):
        response = manager_client.get(reverse("www:bank_import_list"))
    assert response.status_code == 200
    for _ in range(3):
        BankLineFactory(statement__organisation=operator)
    with django_assert_num_queries(7):
        manager_client.get(reverse("www:bank_import_list"))


def test_statement_page_query_count_and_access_log(manager_client, imported, django_assert_num_queries):
    url = imported.statement.get_absolute_url()
    # session, user, membership, statement; lines (count, page, members); access log; counts; header
    with django_assert_num_queries(10):
        response = manager_client.get(url)
    assert response.status_code == 200
    logged = AccessLogEntry.objects.filter(context=AccessLogEntry.Context.RELEVE_BANCAIRE)
    assert logged.count() == 3  # the three households of the matched lines
    assert set(logged.values_list("subject_type", flat=True)) == {"banking.bankstatement"}


def test_statement_page_filters_by_status(manager_client, imported):
    response = manager_client.get(imported.statement.get_absolute_url() + "?etat=a_traiter")
    assert [line.status for line in response.context["page"].object_list] == [LineStatus.A_TRAITER]
    bad = manager_client.get(imported.statement.get_absolute_url() + "?etat=<script>")
    assert len(bad.context["page"].object_list) == 5


def test_queue_page(manager_client, imported, django_assert_num_queries):
    # session, user, membership; lines (count, page); access log; header (no members: no lease)
    with django_assert_num_queries(7):
        response = manager_client.get(reverse("www:bank_queue"))
    text = response.content.decode()
    assert "MME BERNARD" in text and "2 ménages de ce nom doivent ce montant chaque mois" in text
    assert AccessLogEntry.objects.filter(context=AccessLogEntry.Context.RELEVE_BANCAIRE).count() == 1


def test_line_page_query_count(manager_client, imported, django_assert_num_queries):
    line = BankLine.objects.get(status=LineStatus.A_TRAITER)
    # session, user, membership, line; access log; header; the leases to choose (and their members)
    with django_assert_num_queries(8):
        response = manager_client.get(line.get_absolute_url())
    assert response.status_code == 200
    assert "Inscrire le paiement" in response.content.decode()


def test_assigning_a_queued_line_moves_the_household_balance(manager_client, imported, worked_example):
    line = BankLine.objects.get(status=LineStatus.A_TRAITER)
    bernard = worked_example["bernard1"]
    response = manager_client.post(
        line.get_absolute_url(), {"action": "assign", "lease": bernard.pk, "kind": "paiement", "version": 1}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.lease) == (LineStatus.RAPPROCHEE, bernard)
    assert balance(bernard) == Decimal("-350.00")
    page = manager_client.get(response["Location"])
    assert f"Paiement inscrit au compte {bernard.payment_reference}" in page.content.decode()
    assert "Inscrire le paiement" not in page.content.decode()


def test_assigning_a_lease_of_another_operator_is_refused(manager_client, imported):
    from tests.factories.organisations import OrganisationFactory

    foreign = make_lease(OrganisationFactory(), "Bernard")
    line = BankLine.objects.get(status=LineStatus.A_TRAITER)
    response = manager_client.post(
        line.get_absolute_url(), {"action": "assign", "lease": foreign.pk, "kind": "paiement", "version": 1}
    )
    assert response.status_code == 400
    assert "Choisissez un titre d'occupation de votre structure." in unescape(response.content.decode())
    assert BankLine.objects.get(pk=line.pk).status == LineStatus.A_TRAITER


def test_a_stale_or_missing_version_is_refused(manager_client, imported, worked_example):
    line = BankLine.objects.get(status=LineStatus.A_TRAITER)
    data = {"action": "assign", "lease": worked_example["bernard1"].pk, "kind": "paiement"}
    missing = manager_client.post(line.get_absolute_url(), data)
    assert missing.status_code == 400 and "sa version manque" in missing.content.decode()
    manager_client.post(
        line.get_absolute_url(), {"action": "ignore", "ignored_reason": "Doublon", "version": 1}
    )
    stale = manager_client.post(line.get_absolute_url(), {**data, "version": 1})
    assert stale.status_code == 400
    assert "traitée par un collègue" in stale.content.decode()
    assert BankLine.objects.get(pk=line.pk).status == LineStatus.IGNOREE


def test_ignoring_without_reason_keeps_the_form_and_says_why(manager_client, imported):
    line = BankLine.objects.get(status=LineStatus.A_TRAITER)
    response = manager_client.post(
        line.get_absolute_url(), {"action": "ignore", "ignored_reason": "", "version": 1}
    )
    assert response.status_code == 400
    ok = manager_client.post(
        line.get_absolute_url(), {"action": "ignore", "ignored_reason": "Virement interne", "version": 1}
    )
    assert ok.status_code == 302 and ok["Location"] == reverse("www:bank_queue")
    assert BankLine.objects.get(pk=line.pk).ignored_reason == "Virement interne"


def test_a_debit_line_has_no_form(manager_client, imported):
    debit = BankLine.objects.get(amount__lt=0)
    response = manager_client.get(debit.get_absolute_url())
    assert "Inscrire le paiement" not in response.content.decode()
    posted = manager_client.post(
        debit.get_absolute_url(), {"action": "ignore", "ignored_reason": "x", "version": debit.version}
    )
    assert posted.status_code == 400
    assert "Seule une ligne à traiter peut être ignorée" in posted.content.decode()


def test_a_statement_of_another_operator_is_not_found(manager_client):
    other = BankStatementFactory()
    line = BankLineFactory(statement=other)
    assert manager_client.get(other.get_absolute_url()).status_code == 404
    assert manager_client.get(line.get_absolute_url()).status_code == 404


def test_the_statement_page_says_what_an_overlapping_statement_did_not_take_again(manager_client, operator):
    lease = make_lease(operator, "Martin")
    header = "Date;Libellé;Montant;Contrepartie;Référence\n"
    shared = f"05/03/2026;VIR LOYER MARS {lease.payment_reference};650,00;M. MARTIN PAUL;\n"
    upload(manager_client, "1-15-mars.csv", (header + shared + "08/03/2026;PRLV EDF;-45,10;EDF;\n").encode())
    response = upload(
        manager_client,
        "1-31-mars.csv",
        (header + shared + "08/03/2026;PRLV EDF;-45,10;EDF;\n20/03/2026;FRAIS;-3,00;BANQUE;\n").encode(),
    )
    page = unescape(manager_client.get(response["Location"]).content.decode())
    assert "2 opérations déjà importées par un relevé précédent, non reprises." in page
    first = unescape(
        manager_client.get(
            BankStatement.objects.get(file_name="1-15-mars.csv").get_absolute_url()
        ).content.decode()
    )
    assert "déjà importée" not in first
