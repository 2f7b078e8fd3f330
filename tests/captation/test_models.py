"""The database keeps the captation invariants whoever writes (forms, services, imports, raw SQL)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from clef.captation.enums import ClosedReason, Origin, Stage
from tests.factories.captation import (
    ActivityFactory,
    CampaignFactory,
    LandlordFactory,
    LeadFactory,
    OfferedDwellingFactory,
)
from tests.factories.dwellings import DwellingFactory

pytestmark = pytest.mark.django_db


def refused(factory, **kwargs) -> bool:
    try:
        with transaction.atomic():
            factory(**kwargs)
    except IntegrityError:
        return True
    return False


def test_factories_build_valid_rows():
    lead = LeadFactory(with_next_action=True)
    ActivityFactory(lead=lead)
    assert lead.offered_dwelling.landlord == lead.landlord
    assert str(lead).startswith(f"Dossier n° {lead.pk} — Claire Bailleur")


def test_do_not_contact_needs_its_date_and_withdraws_consent():
    assert refused(LandlordFactory, do_not_contact=True)
    assert refused(
        LandlordFactory,
        do_not_contact=True,
        do_not_contact_since=date(2026, 1, 1),
        consent_to_contact=True,
        consent_on=date(2026, 1, 1),
    )
    assert refused(LandlordFactory, consent_to_contact=True)
    assert not refused(LandlordFactory, not_to_contact=True)


def test_closed_stages_need_a_reason_and_open_ones_have_none():
    assert refused(LeadFactory, stage=Stage.ABANDONNE)
    assert refused(LeadFactory, stage=Stage.REFUSE, closed_reason="")
    assert refused(LeadFactory, stage=Stage.VISITE, closed_reason=ClosedReason.LOYER)
    assert not refused(LeadFactory, stage=Stage.REFUSE, closed_reason=ClosedReason.CONDITIONS)


def test_stage_and_origin_values_are_checked():
    assert refused(LeadFactory, stage="gagne")
    assert refused(LeadFactory, origin="radio")


def test_signed_stage_and_signature_date_go_together():
    assert refused(LeadFactory, stage=Stage.ENGAGEMENT_SIGNE)
    assert refused(LeadFactory, signed_on=date(2026, 5, 1))


def test_only_a_recaptation_lead_may_lack_its_landlord():
    assert refused(
        LeadFactory, landlord=None, organisation=LandlordFactory().organisation, offered_dwelling=None
    )
    dwelling = DwellingFactory()
    assert not refused(
        LeadFactory,
        landlord=None,
        organisation=dwelling.organisation,
        offered_dwelling=None,
        origin=Origin.RECAPTATION,
        source_dwelling=dwelling,
    )


def test_one_open_recaptation_lead_per_dwelling():
    dwelling = DwellingFactory(out_of_park=True)
    fields = {
        "origin": Origin.RECAPTATION,
        "source_dwelling": dwelling,
        "landlord__organisation": dwelling.organisation,
    }
    LeadFactory(**fields)
    assert refused(LeadFactory, **fields)
    assert not refused(LeadFactory, **fields, abandoned=True)


def test_offered_dwelling_values_are_bounded():
    assert refused(OfferedDwellingFactory, surface_m2=Decimal("0.5"))
    assert refused(OfferedDwellingFactory, annexes_m2=Decimal("1000.1"))
    assert refused(OfferedDwellingFactory, rent_asked=Decimal("10000.01"))
    assert refused(OfferedDwellingFactory, charges_asked=Decimal("-1"))
    assert refused(OfferedDwellingFactory, dpe_class="H")


def test_campaign_ends_after_it_starts_and_costs_are_bounded():
    assert refused(CampaignFactory, ended_on=date(2026, 1, 4))
    assert refused(CampaignFactory, cost=Decimal("-1"))
    assert refused(CampaignFactory, kind="radio")


def test_a_next_action_date_needs_its_action():
    assert refused(LeadFactory, next_action_on=date(2026, 3, 1))
