"""Exact query counts of the pages not counted elsewhere, with one and with four records of each kind: the
counts do not grow with the data (a second request, so that the session and the content types are warm)."""

from datetime import date

import pytest
from django.urls import reverse

from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.guarantees import (
    FundClaimDocumentFactory,
    FundClaimFactory,
    SecurityFundFactory,
    VisaleClaimFactory,
    VisaleGuaranteeFactory,
)
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def _count(client, django_assert_num_queries, url, expected):
    client.get(url)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("extra", [0, 3])
def test_pages_keep_their_number_of_queries(
    client, fund, claim, network, operator, django_assert_num_queries, extra
):
    guarantee = VisaleGuaranteeFactory(
        lease__stay__household__organisation=operator, valid_from=date(2024, 1, 1)
    )
    for _ in range(extra):
        FundClaimDocumentFactory(claim=claim)
        FundClaimFactory(fund=fund, operator=operator, stay=StayFactory(household__organisation=operator))
        SecurityFundFactory(manager=network)
        VisaleClaimFactory(guarantee=guarantee)
    visale_claim = VisaleClaimFactory(guarantee=guarantee)
    one_fund = extra == 0  # the home goes straight to the only fund; else it lists them
    member_client(client, operator, Role.DIRECTOR)
    expected = {
        reverse("www:fund_claim_detail", args=[claim.pk]): 10,
        reverse("www:fund_claim_create", args=[fund.pk]): 12,  # no stay to list: see test_fund_hardening
        reverse("www:fund_detail", args=[fund.pk]): 8,
        reverse("www:fund_home"): 5 if one_fund else 6,
        reverse("www:visale_create"): 11,  # the leases listed: their ids, the access log
        reverse("www:visale_edit", args=[guarantee.pk]): 9,
        reverse("www:visale_claim_create", args=[guarantee.pk]): 10,
        reverse("www:visale_claim_edit", args=[visale_claim.pk]): 7,
    }
    for url, count in expected.items():
        _count(client, django_assert_num_queries, url, count)
    member_client(client, network, Role.DIRECTOR)
    _count(client, django_assert_num_queries, reverse("www:fund_claim_detail", args=[claim.pk]), 7)  # logged
    _count(client, django_assert_num_queries, reverse("www:fund_home"), 4 if one_fund else 5)
