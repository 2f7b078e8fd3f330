"""Captation figures on hand-computed fixtures: conversion and time per stage, campaign yield, next actions,
the pipeline by typology."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from clef.captation import queries
from clef.captation.enums import ClosedReason, Origin, Stage
from clef.captation.models import Landlord, Lead
from tests.factories.captation import (
    CampaignFactory,
    LandlordFactory,
    LeadFactory,
    OfferedDwellingFactory,
    StageChangeFactory,
)
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


def history(lead, *steps):
    """steps: (to_stage, date); the first one is the creation."""
    previous = ""
    for to_stage, on in steps:
        StageChangeFactory(lead=lead, from_stage=previous, to_stage=to_stage, on=on)
        previous = to_stage


def test_conversion_counts_entries_moves_closures_and_days(operator):
    # Three leads entered « prospect » in 2026:
    #   A: prospect 01/02 → premier contact 11/02 (10 days) → visite 21/02 (10 days) → proposition 03/03
    #   B: prospect 01/03 → premier contact 05/03 (4 days) → refusé 25/03 (20 days in premier contact)
    #   C: prospect 10/03, still there.
    # D entered in 2025 (prospect 20/12/2025 → premier contact 04/01/2026): counted in 2025 only for prospect,
    #   but its entry in « premier contact » (04/01/2026) is of 2026.
    a, b, c, d = (LeadFactory(landlord__organisation=operator) for _ in range(4))
    history(
        a,
        (Stage.PROSPECT, date(2026, 2, 1)),
        (Stage.PREMIER_CONTACT, date(2026, 2, 11)),
        (Stage.VISITE, date(2026, 2, 21)),
        (Stage.PROPOSITION, date(2026, 3, 3)),
    )
    history(
        b,
        (Stage.PROSPECT, date(2026, 3, 1)),
        (Stage.PREMIER_CONTACT, date(2026, 3, 5)),
        (Stage.REFUSE, date(2026, 3, 25)),
    )
    history(c, (Stage.PROSPECT, date(2026, 3, 10)))
    history(d, (Stage.PROSPECT, date(2025, 12, 20)), (Stage.PREMIER_CONTACT, date(2026, 1, 4)))
    LeadFactory()  # another operator's lead
    figures = {row.stage: row for row in queries.conversion(operator.pk, 2026)}

    prospect = figures[Stage.PROSPECT]
    assert (prospect.entered, prospect.moved_on, prospect.closed) == (3, 2, 0)
    assert prospect.rate == Decimal("66.7")
    assert prospect.mean_days == Decimal("7.0")  # (10 + 4) / 2
    assert prospect.median_days == Decimal("7.0")

    contact = figures[Stage.PREMIER_CONTACT]  # A, B and D entered it in 2026; A moved on, B refused
    assert (contact.entered, contact.moved_on, contact.closed) == (3, 1, 1)
    assert contact.rate == Decimal("33.3")
    assert contact.mean_days == Decimal("15.0")  # (10 + 20) / 2
    assert contact.median_days == Decimal("15.0")

    visit = figures[Stage.VISITE]
    assert (visit.entered, visit.moved_on, visit.mean_days, visit.median_days) == (
        1,
        1,
        Decimal("10.0"),
        Decimal("10.0"),
    )
    assert figures[Stage.PROPOSITION].entered == 1 and figures[Stage.PROPOSITION].rate == Decimal("0.0")
    assert figures[Stage.ENGAGEMENT_SIGNE].entered == 0 and figures[Stage.ENGAGEMENT_SIGNE].rate is None

    assert {row.stage: row.entered for row in queries.conversion(operator.pk, 2025)}[Stage.PROSPECT] == 1


def test_median_differs_from_mean_on_an_odd_count(operator):
    for days in (1, 2, 30):
        lead = LeadFactory(landlord__organisation=operator)
        history(
            lead, (Stage.PROSPECT, date(2026, 1, 1)), (Stage.VISITE, date(2026, 1, 1) + timedelta(days=days))
        )
    prospect = queries.conversion(operator.pk, 2026)[0]
    assert (prospect.mean_days, prospect.median_days) == (Decimal("11.0"), Decimal("2.0"))


def test_a_signature_counts_as_moving_on(operator):
    lead = LeadFactory(landlord__organisation=operator, signed=True)
    history(
        lead,
        (Stage.PROSPECT, date(2026, 1, 1)),
        (Stage.PROPOSITION, date(2026, 1, 11)),
        (Stage.ENGAGEMENT_SIGNE, date(2026, 1, 31)),
    )
    figures = {row.stage: row for row in queries.conversion(operator.pk, 2026)}
    assert figures[Stage.PROPOSITION].moved_on == 1 and figures[Stage.PROPOSITION].mean_days == Decimal(
        "20.0"
    )
    assert figures[Stage.ENGAGEMENT_SIGNE].entered == 1


def test_campaign_yield_counts_leads_visits_and_signatures_of_the_year(operator):
    letter = CampaignFactory(organisation=operator, name="Lettre")
    poster = CampaignFactory(organisation=operator, name="Affiches", started_on=date(2026, 2, 1))
    old = CampaignFactory(organisation=operator, started_on=date(2024, 1, 1), ended_on=date(2024, 12, 31))
    brought = [
        LeadFactory(landlord__organisation=operator, origin=Origin.CAMPAGNE, campaign=letter)
        for _ in range(3)
    ]
    history(brought[0], (Stage.PROSPECT, date(2026, 1, 10)))
    history(brought[1], (Stage.PROSPECT, date(2026, 1, 12)), (Stage.PROPOSITION, date(2026, 2, 1)))
    signed = brought[2]
    signed.stage, signed.signed_on = Stage.ENGAGEMENT_SIGNE, date(2026, 3, 1)
    signed.save()
    history(
        signed,
        (Stage.PROSPECT, date(2026, 1, 15)),
        (Stage.VISITE, date(2026, 2, 1)),
        (Stage.ENGAGEMENT_SIGNE, date(2026, 3, 1)),
    )
    last_year = LeadFactory(landlord__organisation=operator, origin=Origin.CAMPAGNE, campaign=letter)
    history(last_year, (Stage.PROSPECT, date(2025, 12, 1)))
    rows = {
        c.name: (c.lead_count, c.visit_count, c.signed_count)
        for c in queries.campaign_yield(operator.pk, 2026)
    }
    assert rows == {"Lettre": (3, 2, 1), "Affiches": (0, 0, 0)}
    assert old.name not in rows and poster.name in rows


def test_a_campaign_of_last_year_counts_its_leads_of_this_year_in_both_tables(operator):
    """One definition for both tables: leads opened in the year, whatever the action's dates."""
    autumn = CampaignFactory(
        organisation=operator, name="Automne 2025", started_on=date(2025, 9, 1), ended_on=date(2025, 12, 31)
    )
    late = LeadFactory(landlord__organisation=operator, origin=Origin.CAMPAGNE, campaign=autumn)
    history(late, (Stage.PROSPECT, date(2026, 1, 20)), (Stage.VISITE, date(2026, 2, 3)))
    CampaignFactory(
        organisation=operator, name="Sans suite 2025", started_on=date(2025, 3, 1), ended_on=date(2025, 4, 1)
    )
    rows = {c.name: (c.lead_count, c.visit_count) for c in queries.campaign_yield(operator.pk, 2026)}
    origins = {
        row["origin"]: (row["leads"], row["visits"]) for row in queries.origin_yield(operator.pk, 2026)
    }
    assert rows == {"Automne 2025": (1, 1)}
    assert origins == {Origin.CAMPAGNE: (1, 1)}


def test_origin_yield_groups_by_origin(operator):
    for origin in (Origin.RESEAU, Origin.RESEAU, Origin.GUICHET):
        history(
            LeadFactory(landlord__organisation=operator, origin=origin), (Stage.PROSPECT, date(2026, 1, 5))
        )
    rows = {
        row["origin"]: (row["label"], row["leads"], row["visits"], row["signed"])
        for row in queries.origin_yield(operator.pk, 2026)
    }
    assert rows == {
        "guichet": ("Guichet unique", 1, 0, 0),
        "reseau": ("Bouche-à-oreille, partenaire", 2, 0, 0),
    }


def test_next_actions_due_within_a_week_open_leads_only(operator):
    on = date(2026, 3, 10)
    late = LeadFactory(
        landlord__organisation=operator, next_action="Rappeler", next_action_on=date(2026, 3, 1)
    )
    soon = LeadFactory(
        landlord__organisation=operator, next_action="Visiter", next_action_on=date(2026, 3, 17)
    )
    LeadFactory(landlord__organisation=operator, next_action="Plus tard", next_action_on=date(2026, 3, 18))
    LeadFactory(
        landlord__organisation=operator,
        next_action="Clos",
        next_action_on=date(2026, 3, 1),
        stage=Stage.ABANDONNE,
        closed_reason=ClosedReason.AUTRE,
    )
    LeadFactory(next_action="Ailleurs", next_action_on=date(2026, 3, 1))
    assert list(queries.next_actions_due(operator.pk, on)) == [late, soon]


def test_a_platforms_lead_is_not_seen_by_its_managing_operator(operator):
    """Naming the managing operator opens nothing: only the sharing rule crosses organisations."""
    platform = OrganisationFactory(kind="captation_platform")
    lead = LeadFactory(
        landlord__organisation=platform,
        managing_operator=operator,
        next_action="Appeler",
        next_action_on=date(2026, 3, 1),
    )
    assert list(queries.next_actions_due(operator.pk, date(2026, 3, 1))) == []
    assert list(queries.next_actions_due(platform.pk, date(2026, 3, 1))) == [lead]
    assert not Lead.objects.for_organisation(operator.pk).exists()
    assert not Landlord.objects.for_organisation(operator.pk).exists()
    assert list(Landlord.objects.for_organisation(platform.pk)) == [lead.landlord]


def test_board_groups_open_leads_by_stage_in_one_query(operator, django_assert_num_queries):
    for stage in (Stage.PROSPECT, Stage.PROSPECT, Stage.VISITE):
        LeadFactory(landlord__organisation=operator, stage=stage)
    LeadFactory(landlord__organisation=operator, abandoned=True)
    signed = LeadFactory(landlord__organisation=operator, signed=True)
    with django_assert_num_queries(1):
        columns = queries.board(operator.pk, signed_since=date(2026, 1, 1))
        counts = {stage: len(leads) for stage, leads in columns.items()}
        [
            str(lead.landlord) + lead.offered_dwelling.commune.name
            for leads in columns.values()
            for lead in leads
        ]
    assert counts == {
        "prospect": 2,
        "premier_contact": 0,
        "visite": 1,
        "proposition": 0,
        "engagement_signe": 1,
    }
    assert columns[Stage.ENGAGEMENT_SIGNE] == [signed]


def test_pipeline_by_typology_counts_open_offered_dwellings(operator):
    for typology in ("T2", "T2", "T3"):
        landlord = LandlordFactory(organisation=operator)
        LeadFactory(
            landlord=landlord, offered_dwelling=OfferedDwellingFactory(landlord=landlord, typology=typology)
        )
    LeadFactory(landlord__organisation=operator, abandoned=True)
    LeadFactory(landlord__organisation=operator, offered_dwelling=None)
    rows = queries.pipeline_by_typology(organisation_id=operator.pk)
    assert [
        (r["offered_dwelling__typology"], r["offered_dwelling__commune_id"], r["leads"]) for r in rows
    ] == [
        ("T2", "69383", 2),
        ("T3", "69383", 1),
    ]
    assert rows[0]["offered_dwelling__commune__department_id"] == "69"


def test_campaign_audience_leaves_out_who_asked_not_to_be_contacted(operator):
    willing = LandlordFactory(organisation=operator, consenting=True)
    LandlordFactory(organisation=operator, not_to_contact=True)
    LandlordFactory(organisation=operator)  # no consent recorded
    assert list(queries.campaign_audience(operator.pk)) == [willing]
