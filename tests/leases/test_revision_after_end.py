"""W4: a rent revision is never proposed nor applied once the lease has ended (clef.leases.rules.revision_open,
used by the due list and the service), even for an anniversary that fell while the lease ran."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clef.leases import queries, rules, services
from clef.leases.models import RentRevision
from tests.factories.leases import IrlIndexFactory
from tests.factories.rental import LeaseFactory
from tests.factories.stays import StayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended(db):
    """Anniversary 01/04/2026 while the lease ran; the household left on 30/06/2026."""
    IrlIndexFactory(year=2024, quarter=1, value=Decimal("143.46"))
    IrlIndexFactory(year=2025, quarter=1, value=Decimal("145.47"))
    stay = StayFactory(exited=True, entry_date=date(2025, 4, 1), exit_date=date(2026, 6, 30))
    return LeaseFactory(stay=stay, ends_on=None, rent=Decimal("500.00"), irl_year=2024, irl_quarter=1)


def test_the_rule():
    assert rules.revision_open(date(2026, 4, 1), None, date(2027, 1, 1))
    assert rules.revision_open(date(2026, 4, 1), date(2026, 6, 30), date(2026, 6, 30))
    assert not rules.revision_open(date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 1))
    assert not rules.revision_open(date(2026, 6, 30), date(2026, 6, 30), date(2026, 6, 1))


def lease_dues(lease, on):
    return [p.due_on for p in queries.revisions_due(lease.organisation_id, on) if p.lease == lease]


def test_proposed_before_the_end_never_after(ended):
    assert lease_dues(ended, date(2026, 6, 15)) == [date(2026, 4, 1)]
    assert lease_dues(ended, date(2026, 7, 1)) == []
    assert lease_dues(ended, date(2026, 12, 1)) == []


def test_never_applied_after_the_end(ended, user):
    with pytest.raises(ValidationError, match="Le bail a pris fin le 30/06/2026"):
        services.apply_revision(
            organisation_id=ended.organisation_id,
            lease=ended,
            due_on=date(2026, 4, 1),
            on=date(2026, 7, 2),
            acting_user=user,
        )
    ended.refresh_from_db()
    assert ended.rent == Decimal("500.00") and not RentRevision.objects.exists()
    services.apply_revision(
        organisation_id=ended.organisation_id,
        lease=ended,
        due_on=date(2026, 4, 1),
        on=date(2026, 6, 20),
        acting_user=user,
    )
    ended.refresh_from_db()
    assert ended.rent == Decimal("507.01")
