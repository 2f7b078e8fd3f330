"""Delegation of the support to a partner organisation (section 5): the SUPPORT share and the partner's
agreement written together; « Mettre fin » revokes the share."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clef.journal.models import JournalEntry
from clef.organisations.models import Share
from clef.support import delegation
from clef.support.queries import support_organisation_id
from tests.factories.accounts import UserFactory
from tests.factories.households import HouseholdFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.support import SupportAgreementFactory

pytestmark = pytest.mark.django_db


def _delegate(household, partner, starts_on=date(2025, 1, 1), ends_on=None):
    return delegation.delegate_support(
        household=household,
        partner=partner,
        starts_on=starts_on,
        ends_on=ends_on,
        reason="Convention de partenariat 2025",
        acting_user=UserFactory(),
    )


def test_delegating_shares_the_household_and_gives_the_partner_the_agreement():
    household, partner = HouseholdFactory(), OrganisationFactory()
    agreement = _delegate(household, partner)
    share = Share.objects.get()
    assert (share.partner, share.access, share.object_id, share.starts_on) == (
        partner,
        Share.Access.SUPPORT,
        household.pk,
        date(2025, 1, 1),
    )
    assert (agreement.support_organisation, agreement.share, agreement.organisation) == (
        partner,
        share,
        household.organisation,
    )
    assert support_organisation_id(household, timezone.localdate()) == partner.pk
    assert JournalEntry.objects.filter(household_id=household.pk).count() == 2  # the share, the agreement


def test_the_owners_open_agreement_ends_the_day_before_the_delegation():
    owned = SupportAgreementFactory(signed_on=date(2024, 1, 15))
    _delegate(owned.household, OrganisationFactory(), starts_on=date(2025, 1, 1))
    owned.refresh_from_db()
    assert owned.ends_on == date(2024, 12, 31)


def test_a_delegation_starting_before_the_open_agreement_is_refused_and_writes_nothing():
    owned = SupportAgreementFactory(signed_on=date(2025, 1, 15))
    with pytest.raises(ValidationError, match="signé ce jour-là ou après"):
        _delegate(owned.household, OrganisationFactory(), starts_on=date(2025, 1, 1))
    assert not Share.objects.exists()
    owned.refresh_from_db()
    assert owned.ends_on is None


@pytest.mark.parametrize("kind", ["siao", "state", "own", "inactive"])
def test_the_partner_is_another_active_operator(kind):
    household = HouseholdFactory()
    partner = {
        "siao": lambda: OrganisationFactory(siao=True),
        "state": lambda: OrganisationFactory(state=True),
        "own": lambda: household.organisation,
        "inactive": lambda: OrganisationFactory(is_active=False),
    }[kind]()
    with pytest.raises(ValidationError, match="autre structure agréée"):
        _delegate(household, partner)


def test_a_second_delegation_while_one_is_in_force_is_refused():
    household = HouseholdFactory()
    _delegate(household, OrganisationFactory())
    with pytest.raises(ValidationError, match="déjà confié"):
        _delegate(household, OrganisationFactory(), starts_on=date(2025, 2, 1))


def test_a_delegation_starting_in_the_future_is_refused():
    with pytest.raises(ValidationError, match="au plus tard aujourd'hui"):
        _delegate(
            HouseholdFactory(), OrganisationFactory(), starts_on=timezone.localdate() + timedelta(days=1)
        )


def test_ending_the_delegation_revokes_the_share_and_the_owner_supports_again():
    household, partner = HouseholdFactory(), OrganisationFactory()
    agreement = _delegate(household, partner, starts_on=date(2025, 1, 1))
    today = timezone.localdate()
    ended = delegation.end_delegation(agreement=agreement, acting_user=UserFactory())
    assert Share.objects.get().revoked_at is not None
    assert ended.ends_on == max(date(2025, 1, 1), today - timedelta(days=1))
    assert support_organisation_id(household, today) == household.organisation_id
    with pytest.raises(ValidationError, match="n'est pas \\(ou plus\\) confié"):
        delegation.end_delegation(agreement=ended, acting_user=UserFactory())
    # after the end, a new delegation can start today
    _delegate(household, OrganisationFactory(), starts_on=today)
