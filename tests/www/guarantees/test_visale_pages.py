from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from clef.guarantees.models import VisaleClaim, VisaleGuarantee
from clef.journal.models import AccessLogEntry
from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.guarantees import VisaleClaimFactory, VisaleGuaranteeFactory
from tests.factories.rental import LeaseFactory, LedgerEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guarantee(operator):
    guarantee = VisaleGuaranteeFactory(
        lease__stay__household__organisation=operator,
        lease__tiers_payant=True,
        lease__benefit_status="en_retard",
        valid_from=date(2024, 1, 1),
    )
    for day in (date(2025, 1, 5), date(2025, 2, 5)):
        LedgerEntryFactory(lease=guarantee.lease, booked_on=day, amount=D("650"))
    return guarantee


def test_the_list_shows_claims_due_with_a_late_benefit_and_logs_the_read(
    client, operator, guarantee, django_assert_num_queries
):
    VisaleClaimFactory(guarantee=guarantee, declared_on=date(2024, 6, 1), months=1, amount=D("300"))
    other = VisaleGuaranteeFactory(lease__stay__household__organisation=operator, valid_from=date(2024, 1, 1))
    member_client(client, operator, Role.RENTAL_MANAGER)
    url = reverse("www:visale_list")
    client.get(url)
    with django_assert_num_queries(13):
        response = client.get(url)
    page = response.content.decode()
    assert "Versement en retard" in page and "l'impayé peut se résoudre au versement" in page
    assert str(guarantee.lease.stay.household) in page and other.contract_number in page
    logged = set(AccessLogEntry.objects.filter(context="garantie").values_list("household_id", flat=True))
    assert logged == {guarantee.lease.stay.household_id, other.lease.stay.household_id}


def test_a_guarantee_is_recorded_then_ended(client, operator):
    lease = LeaseFactory(stay__household__organisation=operator, mandate=True)
    member_client(client, operator, Role.DIRECTOR)
    url = reverse("www:visale_create")
    token = client.get(url, {"bail": lease.pk}).context["once"].token
    data = {
        "once": token,
        "lease": lease.pk,
        "contract_number": "V123456",
        "variant": "intermediation_locative",
        "valid_from": "2024-01-01",
    }
    assert client.post(url, data).status_code == 302
    guarantee = VisaleGuarantee.objects.get(contract_number="V123456")
    edit = reverse("www:visale_edit", args=[guarantee.pk])
    ended = data | {"valid_until": "2025-12-31", "version": "1"}
    assert client.post(edit, ended).status_code == 302
    guarantee.refresh_from_db()
    assert (guarantee.valid_until, guarantee.version) == (date(2025, 12, 31), 2)
    backwards = client.post(edit, ended | {"valid_until": "2023-12-31", "version": "2"})
    assert backwards.status_code == 400 and "ne peut précéder son début" in backwards.content.decode()
    stale = client.post(edit, ended | {"version": "1"})
    assert stale.status_code == 400 and "a été modifié depuis" in stale.content.decode()


def test_another_operators_lease_cannot_be_chosen(client, operator):
    member_client(client, operator, Role.DIRECTOR)
    url = reverse("www:visale_create")
    token = client.get(url).context["once"].token
    data = {
        "once": token,
        "lease": LeaseFactory().pk,
        "contract_number": "V1",
        "variant": "classique",
        "valid_from": "2024-01-01",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and not VisaleGuarantee.objects.filter(contract_number="V1").exists()


def test_a_claim_under_the_threshold_is_refused_in_french_and_kept(client, operator, guarantee):
    member_client(client, operator, Role.LITIGATION_OFFICER)
    url = reverse("www:visale_claim_create", args=[guarantee.pk])
    token = client.get(url).context["once"].token
    data = {"once": token, "kind": "impayes", "declared_on": "2025-01-04", "months": "1", "amount": "350,00"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "au-delà de 350,00" in response.content.decode()
    assert 'value="350,00"' in response.content.decode()
    token = client.get(url).context["once"].token
    assert client.post(url, data | {"once": token, "declared_on": "2025-02-10"}).status_code == 302
    claim = VisaleClaim.objects.get(guarantee=guarantee)
    update = reverse("www:visale_claim_edit", args=[claim.pk])
    paid = {"status": "indemnisee", "paid_on": "2025-04-01", "paid_amount": "350", "version": "1"}
    assert client.post(update, paid).status_code == 302
    too_much = client.post(update, paid | {"paid_amount": "351", "version": "2"})
    assert too_much.status_code == 400 and "ne peut dépasser le montant déclaré" in too_much.content.decode()
