"""Records of other apps built for the figures of a territory (owners' requests, conventions, bonuses),
created directly: what the figures count, not how the workflows write them (tested in their apps)."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from clef.contracts.enums import ConventionStatus
from clef.contracts.models import AnahConvention
from clef.guichet.models import Desk, OwnerRequest
from clef.locavantages.models import BonusGrant, LocalBonusScheme
from tests.factories.accounts import UserFactory
from tests.factories.captation import LandlordFactory

_tokens = itertools.count(1)


def desk_of(platform) -> Desk:
    return Desk.objects.get_or_create(
        platform=platform, defaults={"slug": f"guichet-{platform.pk}", "title": "Louer Solidaire"}
    )[0]


def owner_request(platform, *, commune_id="73065", received=date(2026, 2, 1), **fields) -> OwnerRequest:
    request = OwnerRequest.objects.create(
        desk=desk_of(platform),
        platform=platform,
        commune_id=commune_id,
        typology="T2",
        surface_m2=Decimal("45"),
        rent_asked=Decimal("600"),
        available_from=date(2026, 5, 1),
        first_name="Anne",
        last_name="Propriétaire",
        email="anne@example.org",
        consent=True,
        token_hash=hashlib.sha256(str(next(_tokens)).encode()).hexdigest(),
        **fields,
    )
    at = timezone.make_aware(datetime.combine(received, datetime.min.time().replace(hour=12)))
    OwnerRequest.objects.filter(pk=request.pk).update(created_at=at)
    return request


def convention(
    dwelling, *, signed_on=date(2026, 4, 1), works="sans_travaux", starts_on=None, ends_on=None
) -> AnahConvention:
    return AnahConvention.objects.create(
        organisation=dwelling.organisation,
        dwelling=dwelling,
        landlord=LandlordFactory(organisation=dwelling.organisation),
        works=works,
        level="loc2",
        requested_on=min(signed_on or date(2026, 3, 1), date(2026, 3, 1)),
        starts_on=starts_on,
        ends_on=ends_on,
        signed_on=signed_on,
        status=ConventionStatus.SIGNEE if signed_on else ConventionStatus.DEMANDEE,
        duration_years=6,
        created_by=UserFactory(),
    )


def bonus_grant(dwelling, *, amount="1000", granted_on=date(2026, 4, 1), paid_on=None, authority=None):
    scheme = LocalBonusScheme.objects.create(
        authority=authority,
        name="Prime Louer Solidaire",
        epci_id=dwelling.commune.epci_id,
        amount=Decimal(amount),
        valid_from=date(2025, 1, 1),
        created_by=UserFactory(),
    )
    return BonusGrant.objects.create(
        scheme=scheme,
        dwelling=dwelling,
        organisation=dwelling.organisation,
        amount=Decimal(amount),
        granted_on=granted_on,
        paid_on=paid_on,
    )
