"""Fund pages hardened after the probes of issue 10: the projection's « % » bound (a 500), future dates, the
claim checked against the ledger, payouts bounded by the fund's balance, the reads of names logged."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from clef.journal.models import AccessLogEntry
from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.guarantees import FundClaimDocumentFactory, VisaleGuaranteeFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.rental import LeaseFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["-200", "1000", "1e309", "-1000000"])
def test_a_loss_rate_change_out_of_its_bound_is_refused_in_french_without_projection(
    client, fund, network, typed
):
    member_client(client, network, Role.DIRECTOR)
    response = client.get(
        reverse("www:fund_detail", args=[fund.pk]),
        {"loss_rate_change_percent": typed, "operators_growth": "3"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'value="{typed}"' in page and 'value="3"' in page
    assert 'data-testid="projection"' not in page and "le solde reste positif" not in page
    assert 'data-testid="projection-en-attente"' in page
    if typed != "1e309":  # too many digits: the DecimalField's own message comes too
        assert "entre -100 % et 500 %." in page.replace("\u202f", " ").replace("&nbsp;", " ")


def test_a_valid_scenario_shows_the_projection(client, fund, network):
    member_client(client, network, Role.DIRECTOR)
    response = client.get(reverse("www:fund_detail", args=[fund.pk]), {"loss_rate_change_percent": "-100"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="projection"' in page and 'data-testid="projection-en-attente"' not in page


def _accepted(claim, granted="1000"):
    claim.status, claim.decided_on, claim.amount_granted, claim.version = (
        "acceptee",
        date(2025, 5, 1),
        D(granted),
        2,
    )
    claim.save()
    return claim


def test_a_payout_in_the_future_is_refused_in_french_with_the_typed_values(client, claim, network):
    _accepted(claim)
    member_client(client, network, Role.DIRECTOR)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        claim.get_absolute_url(),
        {"action": "payout", "paid_on": tomorrow.isoformat(), "paid_amount": "999", "version": "2"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "La date du versement ne peut pas être dans le futur." in page and 'value="999"' in page
    claim.refresh_from_db()
    assert claim.status == "acceptee"


def test_a_payout_above_the_balance_is_refused_with_the_balance(client, fund, claim, network):
    claim.loss_amount = claim.amount_claimed = D("60000")
    _accepted(claim, granted="60000")  # the fund holds 51 500 €
    member_client(client, network, Role.DIRECTOR)
    response = client.post(
        claim.get_absolute_url(),
        {"action": "payout", "paid_on": "2025-06-01", "paid_amount": "51500,01", "version": "2"},
    )
    assert response.status_code == 400
    assert "dépasse le solde du fonds (51\u202f500,00\u00a0€)" in response.content.decode()


def test_a_contribution_received_in_the_future_is_refused(client, fund, network):
    member_client(client, network, Role.DIRECTOR)
    url = reverse("www:fund_contributions", args=[fund.pk])
    token = client.get(url).context["once"].token
    contributor = fund.contributors.first()
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {"once": token, "contributor": contributor.pk, "kind": "cotisation", "year": "2026",
            "amount": "1 500", "received_on": tomorrow.isoformat()}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    assert "La date de réception ne peut pas être dans le futur." in response.content.decode()
    assert fund.contributions.count() == 2


def test_a_claim_above_the_households_debt_is_refused_on_the_form(client, fund, operator):
    lease = LeaseFactory(
        stay=StayFactory(household__organisation=operator, exited=True, entry_date=date(2023, 1, 1))
    )
    member_client(client, operator, Role.DIRECTOR)
    url = reverse("www:fund_claim_create", args=[fund.pk])
    token = client.get(url).context["once"].token
    data = {"once": token, "kind": "impayes", "stay": lease.stay_id, "loss_amount": "1 196,04",
            "amount_claimed": "1 000", "declared_on": "2026-03-02", "description": ""}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "dépasse ce que porte le compte du ménage au 02/03/2026" in page and 'value="1 196,04"' in page
    assert not fund.claims.filter(stay=lease.stay).exists()


def _log(user, **filters):
    return AccessLogEntry.objects.filter(user=user, context=AccessLogEntry.Context.GARANTIE, **filters)


@pytest.mark.parametrize("ended", [1, 4])
def test_the_claim_form_lists_only_candidate_stays_and_logs_the_names(
    client, fund, operator, django_assert_num_queries, ended
):
    stays = [
        StayFactory(household__organisation=operator, exited=True, entry_date=date(2022, 1, 1))
        for _ in range(ended)
    ]
    housed = StayFactory(household__organisation=operator)
    user = member_client(client, operator, Role.RENTAL_MANAGER).membership.user
    url = reverse("www:fund_claim_create", args=[fund.pk])
    client.get(url)
    with django_assert_num_queries(14):
        response = client.get(url)
    choices = [stay.pk for stay in response.context["form"].fields["stay"].queryset]
    assert sorted(choices) == sorted(stay.pk for stay in stays) and housed.pk not in choices
    assert sorted(_log(user).values_list("household_id", flat=True)) == sorted(
        2 * [stay.household_id for stay in stays]
    )


def test_the_visale_form_logs_the_households_it_lists(client, operator):
    guarantee = VisaleGuaranteeFactory(
        lease__stay__household__organisation=operator, valid_from=date(2024, 1, 1)
    )
    user = member_client(client, operator, Role.DIRECTOR).membership.user
    assert client.get(reverse("www:visale_create")).status_code == 200
    assert list(_log(user).values_list("household_id", flat=True)) == [guarantee.lease.stay.household_id]


@pytest.mark.parametrize("who", ["manager", "dreets"])
def test_the_fund_and_the_state_reading_a_claim_or_its_document_are_logged(client, claim, network, who):
    document = FundClaimDocumentFactory(claim=claim)
    organisation = network if who == "manager" else OrganisationFactory(state=True)
    role = Role.DIRECTOR if who == "manager" else Role.STATE_COORDINATOR
    user = member_client(client, organisation, role).membership.user
    assert client.get(claim.get_absolute_url()).status_code == 200
    response = client.get(reverse("www:fund_claim_document", args=[document.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    rows = _log(user, subject_type="guarantees.fundclaim", subject_id=claim.pk, organisation=organisation)
    assert list(rows.values_list("household_id", flat=True)) == 2 * [claim.stay.household_id]
