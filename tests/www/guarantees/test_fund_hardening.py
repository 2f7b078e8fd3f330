"""Fund pages hardened after the probes of issue 10: the projection's « % » bound (a 500), future dates, the
claim checked against the ledger, payouts bounded by the fund's balance, the reads of names logged."""

import pytest
from django.urls import reverse

from clef.organisations.models import Role
from tests.conftest import member_client

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
