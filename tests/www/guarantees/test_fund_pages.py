from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clef.guarantees.models import FundClaim, FundContribution
from clef.journal.models import AccessLogEntry
from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.guarantees import FundClaimDocumentFactory
from tests.factories.organisations import OrganisationFactory
from tests.www.once_token import once_token

pytestmark = pytest.mark.django_db


def test_the_manager_sees_balance_years_and_projection(
    client, fund, claim, network, django_assert_num_queries
):
    member_client(client, network, Role.DIRECTOR)
    url = reverse("www:fund_detail", args=[fund.pk])
    client.get(url)  # sessions, content types: warm
    with django_assert_num_queries(13):
        response = client.get(url, {"operators_growth": "2", "loss_rate_change_percent": "10"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "51\u202f500,00\u00a0€" in page  # 50 000 + 1 500
    assert 'data-testid="projection"' in page and "Calculer la projection" in page
    assert "Alex" not in page  # never a household


def test_a_bad_scenario_is_refused_in_french_and_kept(client, fund, network):
    member_client(client, network, Role.DIRECTOR)
    response = client.get(
        reverse("www:fund_detail", args=[fund.pk]), {"operators_growth": "9999", "dues_per_operator": "abc"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "doit être comprise entre" in page and "Saisissez un montant en euros" in page
    assert 'value="9999"' in page and 'value="abc"' in page


def test_the_home_goes_straight_to_the_only_fund(client, fund, network):
    member_client(client, network, Role.READ_ONLY)
    response = client.get(reverse("www:fund_home"))
    assert response.status_code == 302 and response["Location"] == reverse("www:fund_detail", args=[fund.pk])


def test_an_operator_declares_a_claim_with_a_document(client, fund, operator):
    member_client(client, operator, Role.DIRECTOR)
    url = reverse("www:fund_claim_create", args=[fund.pk])
    form = client.get(url)
    token = form.context["once"].token
    data = {
        "once": token,
        "kind": "degradations",
        "loss_amount": "12 000,00",
        "amount_claimed": "10 000",
        "declared_on": "2026-03-02",
        "description": "Remise en état complète",
        "document": SimpleUploadedFile("devis.pdf", b"%PDF-1.4 devis"),
        "document_caption": "Devis",
    }
    response = client.post(url, data)
    claim = FundClaim.objects.get(fund=fund, kind="degradations")
    assert response.status_code == 302 and response["Location"] == claim.get_absolute_url()
    assert (claim.operator, claim.amount_claimed, claim.status) == (operator, D("10000"), "deposee")
    assert claim.documents.get().caption == "Devis"


def test_a_claim_above_its_loss_is_refused_with_the_typed_values(client, fund, operator):
    member_client(client, operator, Role.RENTAL_MANAGER)
    url = reverse("www:fund_claim_create", args=[fund.pk])
    token = client.get(url).context["once"].token
    data = {
        "once": token,
        "kind": "impayes",
        "loss_amount": "100",
        "amount_claimed": "150",
        "declared_on": "2026-03-02",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "ne peut dépasser le montant du sinistre" in response.content.decode()
    assert 'value="150"' in response.content.decode()
    assert not FundClaim.objects.filter(fund=fund, loss_amount=D("100")).exists()


def test_the_manager_decides_and_pays_and_the_balance_falls(client, fund, claim, network):
    member_client(client, network, Role.DIRECTOR)
    url = claim.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Alex" not in page and "Séjour concerné" not in page
    decision = {
        "action": "decision",
        "status": "acceptee",
        "decided_on": "2025-05-02",
        "amount_granted": "5 000",
        "version": "1",
    }
    assert client.post(url, decision).status_code == 302
    stale = client.post(url, decision | {"version": "1"})
    assert stale.status_code == 400  # decided already, and a stale version
    payout = {"action": "payout", "paid_on": "2025-06-01", "paid_amount": "5000", "version": "2"}
    assert client.post(url, payout).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.paid_amount) == ("versee", D("5000"))
    detail = client.get(reverse("www:fund_detail", args=[fund.pk])).content.decode()
    assert "46\u202f500,00\u00a0€" in detail


def test_a_stale_payout_is_refused_in_french(client, fund, claim, network):
    claim.status, claim.decided_on, claim.amount_granted, claim.version = (
        "acceptee",
        date(2025, 5, 1),
        D("10"),
        3,
    )
    claim.save()
    member_client(client, network, Role.DIRECTOR)
    response = client.post(
        claim.get_absolute_url(),
        {"action": "payout", "paid_on": "2025-06-01", "paid_amount": "10", "version": "2"},
    )
    assert response.status_code == 400 and "a été modifié depuis" in response.content.decode()


def test_the_operator_sees_its_household_on_its_claim_and_the_read_is_logged(client, claim, operator):
    member_client(client, operator, Role.DIRECTOR)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert str(claim.stay.household) in page
    log = AccessLogEntry.objects.get(context=AccessLogEntry.Context.GARANTIE)
    assert (log.household_id, log.subject_id) == (claim.stay.household_id, claim.pk)


def test_a_document_is_streamed_to_the_manager_and_the_operator_only(client, claim, network, operator):
    document = FundClaimDocumentFactory(claim=claim)
    url = reverse("www:fund_claim_document", args=[document.pk])
    member_client(client, network, Role.READ_ONLY)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    member_client(client, operator, Role.RENTAL_MANAGER)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    member_client(client, OrganisationFactory(), Role.DIRECTOR)
    assert client.get(url).status_code == 404


def test_the_manager_records_a_contributor_and_a_contribution(client, fund, network):
    member_client(client, network, Role.DIRECTOR)
    url = reverse("www:fund_contributions", args=[fund.pk])
    response = client.post(
        url,
        {"action": "contributor", "contributeur-kind": "collectivite", "contributeur-name": "Grand Chambéry"},
    )
    assert response.status_code == 302
    contributor = fund.contributors.get(name="Grand Chambéry")
    data = {
        "action": "contribution",
        "contributor": contributor.pk,
        "kind": "abondement",
        "year": "2026",
        "amount": "10 000",
        "received_on": "2026-02-01",
        "once": once_token(client, "fund_contribution"),
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same form sent twice: recorded once
    assert FundContribution.objects.get(contributor=contributor).amount == D("10000")
    bad = client.post(url, data | {"amount": "0", "once": once_token(client, "fund_contribution")})
    assert bad.status_code == 400 and "doit être comprise entre" in bad.content.decode()


def test_the_contributions_page_has_a_constant_number_of_queries(
    client, fund, network, django_assert_num_queries
):
    member_client(client, network, Role.DIRECTOR)
    url = reverse("www:fund_contributions", args=[fund.pk])
    client.get(url)
    with django_assert_num_queries(13):  # 10 + the contribution form's one-time token (session)
        assert client.get(url).status_code == 200


def test_the_claims_list_has_a_constant_number_of_queries(
    client, fund, claim, network, django_assert_num_queries
):
    member_client(client, network, Role.READ_ONLY)
    url = reverse("www:fund_claims", args=[fund.pk])
    client.get(url)
    with django_assert_num_queries(7):
        response = client.get(url, {"statut": "deposee"})
    assert f"n° {claim.pk}" in response.content.decode()
