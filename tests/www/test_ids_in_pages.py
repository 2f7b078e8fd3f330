"""Record ids in links, anchors and form values are written plainly: with the French thousands separator
switched on for figures, id 12345 became "12 345" and broke the journal links of a household, the anchor
of a stay and the organisation switch once a database passed a thousand rows (found in a full test run)."""

from datetime import date

import pytest
from django.urls import reverse

from clef.organisations.models import Role
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


def test_ids_over_a_thousand_are_written_plainly(client):
    operator = OrganisationFactory(pk=4321)
    membership = MembershipFactory(organisation=operator, role=Role.DIRECTOR)
    MembershipFactory(user=membership.user, organisation=OrganisationFactory(pk=5432), role=Role.DIRECTOR)
    household = HouseholdFactory(pk=12345, organisation=operator)
    StayFactory(pk=23456, household=household, dwelling__organisation=operator, entry_date=date(2023, 1, 1))
    client.force_login(membership.user)

    page = client.get(reverse("www:household_detail", args=[household.pk])).content.decode()

    assert 'id="sejour-23456"' in page
    assert f"{reverse('www:journal_access_log')}?household=12345" in page
    assert f"{reverse('www:journal_entries')}?household=12345" in page
    assert 'value="4321"' in page and 'value="5432"' in page  # the organisation switch
    access_log = client.get(reverse("www:journal_access_log")).content.decode()  # the visit just made
    assert f'href="{reverse("www:household_detail", args=[12345])}">Ménage n° 12345<' in access_log
