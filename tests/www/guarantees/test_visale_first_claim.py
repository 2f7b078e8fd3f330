"""The claim page refuses a first Visale claim for charges only (French message, status 400, typed values kept),
then accepts the claim with its rent; the charges' part is stored and journaled."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from clef.guarantees.models import VisaleClaim
from clef.journal.models import JournalEntry
from clef.organisations.models import Role
from tests.conftest import member_client
from tests.factories.guarantees import VisaleGuaranteeFactory
from tests.factories.rental import LedgerEntryFactory

pytestmark = pytest.mark.django_db


def test_a_first_claim_for_charges_only_is_refused_on_the_page(client, operator):
    guarantee = VisaleGuaranteeFactory(
        lease__stay__household__organisation=operator, valid_from=date(2024, 1, 1)
    )
    for day in (date(2025, 1, 5), date(2025, 2, 5)):
        LedgerEntryFactory(lease=guarantee.lease, booked_on=day, period=day.replace(day=1), amount=D("650"))
    member_client(client, operator, Role.RENTAL_MANAGER)
    url = reverse("www:visale_claim_create", args=[guarantee.pk])
    token = client.get(url).context["once"].token
    data = {
        "once": token, "kind": "impayes", "declared_on": "2025-02-10", "months": "1", "amount": "650,00",
        "charges_amount": "650,00",
    }  # fmt: skip
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Le premier sinistre Visale ne peut pas porter sur les seules charges" in page
    assert 'value="650,00"' in page and not VisaleClaim.objects.exists()
    token = client.get(url).context["once"].token
    assert client.post(url, data | {"once": token, "charges_amount": "50,00"}).status_code == 302
    claim = VisaleClaim.objects.get(guarantee=guarantee)
    assert claim.charges_amount == D("50.00")
    entry = JournalEntry.objects.get(object_id=claim.pk, content_type__model="visaleclaim")
    assert entry.changes["charges_amount"]["new"] == "50,00\u00a0€"
