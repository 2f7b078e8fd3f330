"""« Remettre à traiter » on a matched line's page: the form for who writes the ledger, the counter-entry and
the queue, French errors with status 400 and the reason kept, the line whose entry was counter-passed by
hand (flagged in the queue, put back without a second counter-entry), exact query counts; every kind of
member (another operator: 404, a social worker and every other role: 403)."""

from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from clef.banking.enums import LineStatus
from clef.banking.models import BankLine
from clef.journal.models import AccessLogEntry
from clef.organisations.models import Role
from clef.rental import services as rental
from clef.rental.enums import EntryKind
from clef.rental.models import LedgerEntry
from clef.rental.queries import balance
from tests.conftest import member_client
from tests.www.banking.test_permissions import OPERATOR_ROLES, OUTSIDERS, _client

pytestmark = pytest.mark.django_db
EDITORS = {Role.DIRECTOR, Role.RENTAL_MANAGER}


@pytest.fixture
def martin(imported):
    return BankLine.objects.select_related("lease", "entry").get(line_number=2)


@pytest.fixture
def manager_client(client, operator):
    client = member_client(client, operator, Role.RENTAL_MANAGER)
    client.get(reverse("www:bank_queue"))  # the first request after the login writes the session
    return client


def post_requeue(client, line, reason="Affectée au mauvais ménage", version=None):
    data = {"action": "requeue", "reason": reason, "version": version or line.version}
    return client.post(line.get_absolute_url(), data)


def test_a_matched_line_offers_requeue_to_the_rental_manager(
    manager_client, martin, django_assert_num_queries
):
    # session, user, membership, line (with its entry and reversal), its household's members; access log; header
    with django_assert_num_queries(7):
        response = manager_client.get(martin.get_absolute_url())
    text = unescape(response.content.decode())
    assert "Remettre à traiter" in text
    assert (
        f"Le paiement de 650,00\u00a0€ inscrit au compte {martin.lease.payment_reference} est contre-passé"
        in text
    )
    assert "Inscrire le paiement" not in text
    assert AccessLogEntry.objects.filter(context=AccessLogEntry.Context.RELEVE_BANCAIRE).count() == 1


def test_requeue_counter_passes_and_the_line_can_be_assigned_again(manager_client, martin, worked_example):
    response = post_requeue(manager_client, martin)
    assert response.status_code == 302 and response["Location"] == martin.get_absolute_url()
    page = manager_client.get(response["Location"])
    text = unescape(page.content.decode())
    assert (
        f"La ligne est remise à traiter ; le paiement est contre-passé sur le compte {martin.lease.payment_reference}."
        in text
    )
    assert "Remise à traiter : Affectée au mauvais ménage" in text
    assert "Inscrire le paiement" in text and "Remettre à traiter</button>" not in text
    assert balance(worked_example["martin"]) == Decimal("0.00")
    line = BankLine.objects.get(pk=martin.pk)
    assigned = manager_client.post(
        line.get_absolute_url(),
        {
            "action": "assign",
            "lease": worked_example["durand"].pk,
            "kind": "paiement",
            "version": line.version,
        },
    )
    assert assigned.status_code == 302
    assert balance(worked_example["durand"]) == Decimal("-1300.00")


def test_a_missing_reason_is_refused_in_french_with_status_400(manager_client, martin):
    response = post_requeue(manager_client, martin, reason="")
    assert response.status_code == 400
    assert "Indiquez pourquoi cette ligne est remise à traiter." in unescape(response.content.decode())
    too_long = post_requeue(manager_client, martin, reason="x" * 251)
    assert too_long.status_code == 400
    assert 'value="' + "x" * 251 in too_long.content.decode()  # the typed value is kept
    assert BankLine.objects.get(pk=martin.pk).status == LineStatus.RAPPROCHEE
    assert not LedgerEntry.objects.filter(kind=EntryKind.CONTRE_PASSATION).exists()


def test_a_stale_version_is_refused(manager_client, martin):
    assert post_requeue(manager_client, martin).status_code == 302
    stale = post_requeue(manager_client, martin, version=1)
    assert stale.status_code == 400
    assert "traitée par un collègue" in stale.content.decode()
    assert LedgerEntry.objects.filter(kind=EntryKind.CONTRE_PASSATION).count() == 1


def test_an_entry_counter_passed_by_hand_is_flagged_and_put_back_without_a_second_one(
    manager_client, martin, django_assert_num_queries
):
    rental.reverse_entry(
        martin.entry, "Virement rejeté par la banque", martin.lease.created_by, on=date(2026, 3, 9)
    )
    # session, user, membership; lines (count, page, members); access log; header
    with django_assert_num_queries(8):
        queue = manager_client.get(reverse("www:bank_queue"))
    assert martin in queue.context["page"].object_list
    assert "Écriture contre-passée" in queue.content.decode()
    page = unescape(manager_client.get(martin.get_absolute_url()).content.decode())
    assert "L'écriture de cette ligne a été contre-passée" in page
    assert "Contre-passée le 09/03/2026" in page and "Virement rejeté par la banque" in page
    assert "aucune nouvelle écriture n'est passée" in page
    response = post_requeue(manager_client, martin, reason="Rejet de la banque")
    done = unescape(manager_client.get(response["Location"]).content.decode())
    assert "l'écriture était déjà contre-passée : aucune nouvelle contre-passation." in done
    assert LedgerEntry.objects.filter(kind=EntryKind.CONTRE_PASSATION).count() == 1


@pytest.mark.parametrize("who", OPERATOR_ROLES)
def test_operator_roles_requeue(client, operator, martin, who):
    response = post_requeue(_client(client, operator, who), martin)
    assert response.status_code == (302 if who in EDITORS else 403)
    expected = LineStatus.A_TRAITER if who in EDITORS else LineStatus.RAPPROCHEE
    assert BankLine.objects.get(pk=martin.pk).status == expected


@pytest.mark.parametrize("who", OPERATOR_ROLES)
def test_only_editors_see_the_requeue_form(client, operator, martin, who):
    response = _client(client, operator, who).get(martin.get_absolute_url())
    if who in {Role.DIRECTOR, Role.RENTAL_MANAGER, Role.READ_ONLY}:
        assert response.status_code == 200
        assert ("Remettre à traiter</button>" in response.content.decode()) == (who in EDITORS)
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("who", ["other_operator", *sorted(OUTSIDERS)])
def test_members_of_other_organisations_cannot_requeue(client, operator, martin, who):
    response = post_requeue(_client(client, operator, who), martin)
    assert response.status_code == (404 if who == "other_operator" else 403)
    assert BankLine.objects.get(pk=martin.pk).status == LineStatus.RAPPROCHEE
    assert not LedgerEntry.objects.filter(kind=EntryKind.CONTRE_PASSATION).exists()
