"""Assigning a queued line by hand: the leases the matching rule finds for it come first in the select
(pre-selected when there is one), the other leases of the structure after; constant queries."""

import re
from html import unescape

import pytest
from django.urls import reverse

from clef.banking import services
from clef.banking.enums import LineStatus
from clef.banking.models import BankLine
from clef.organisations.models import Role
from tests.banking.conftest import make_lease
from tests.conftest import member_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, operator):
    client = member_client(client, operator, Role.RENTAL_MANAGER)
    client.get(reverse("www:bank_queue"))
    return client


def groups(html: str) -> list[tuple[str, list[str]]]:
    """(label, option values) of each optgroup of the lease select."""
    select = re.search(r'<select name="lease".*?</select>', html, re.S).group(0)
    return [
        (unescape(label), re.findall(r'<option value="(\d+)"', body))
        for label, body in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select, re.S)
    ]


def test_the_proposed_leases_come_first_name_and_amount_before_amount_only(
    manager_client, imported, worked_example
):
    line = BankLine.objects.get(status=LineStatus.A_TRAITER)  # 350 € from « MME BERNARD »
    w = worked_example
    response = manager_client.get(line.get_absolute_url())
    html = response.content.decode()
    assert groups(html) == [
        (
            "Proposés pour cette ligne : même référence, même nom ou même montant (3)",
            [str(w["bernard1"].pk), str(w["bernard2"].pk), str(w["petit"].pk)],
        ),
        ("Autres titres de la structure (2)", [str(w["martin"].pk), str(w["durand"].pk)]),
    ]
    assert "3 titres proposés en tête de liste" in unescape(html)
    assert '<option value="" selected>' in html  # several proposals: none chosen for the user
    assert not re.search(r'<option value="\d+" selected', html)


def test_a_single_proposed_lease_is_pre_selected(manager_client, operator, worked_example):
    from tests.factories.accounts import UserFactory

    data = "Date;Libellé;Montant;Contrepartie\n07/03/2026;VIREMENT;100,00;MME DURAND ANNE\n".encode()
    summary = services.import_statement(
        organisation=operator, file_name="r.csv", data=data, acting_user=UserFactory()
    )
    line = summary.statement.lines.get()
    assert line.queue_reason == "le nom correspond, pas le montant dû chaque mois"
    html = manager_client.get(line.get_absolute_url()).content.decode()
    assert groups(html)[0][1] == [str(worked_example["durand"].pk)]
    assert f'<option value="{worked_example["durand"].pk}" selected>' in html


def test_no_proposal_lists_every_lease_in_one_group(manager_client, operator, worked_example):
    from tests.factories.accounts import UserFactory

    data = "Date;Libellé;Montant;Contrepartie\n07/03/2026;VIREMENT;123,00;INCONNU\n".encode()
    summary = services.import_statement(
        organisation=operator, file_name="r.csv", data=data, acting_user=UserFactory()
    )
    html = manager_client.get(summary.statement.lines.get().get_absolute_url()).content.decode()
    assert [label for label, _ in groups(html)] == ["Titres de la structure (5)"]


def test_the_line_page_query_count_does_not_grow_with_the_leases(
    manager_client, operator, imported, django_assert_num_queries
):
    line = BankLine.objects.get(status=LineStatus.A_TRAITER)
    for n in range(20):
        make_lease(operator, f"Autre{n}")
    # session, user, membership, line; access log; header; the leases to choose (and their members)
    with django_assert_num_queries(8):
        response = manager_client.get(line.get_absolute_url())
    assert len(re.findall(r'<option value="\d+"', response.content.decode())) == 25


def test_a_refused_choice_keeps_the_typed_values(manager_client, imported, worked_example):
    line = BankLine.objects.get(status=LineStatus.A_TRAITER)
    response = manager_client.post(
        line.get_absolute_url(),
        {"action": "assign", "lease": "999999", "kind": "aide_logement", "version": 1},
    )
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "Choisissez un titre d'occupation de votre structure." in html
    assert re.search(r'value="aide_logement"[^>]*checked', html)
    # a proposed lease posted: assigned
    bernard = worked_example["bernard2"]
    posted = manager_client.post(
        line.get_absolute_url(), {"action": "assign", "lease": bernard.pk, "kind": "paiement", "version": 1}
    )
    assert posted.status_code == 302
    line.refresh_from_db()
    assert line.lease == bernard
