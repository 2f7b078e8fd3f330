"""A registry holding only test sections (the built-in ones read other apps' records: their own tests)."""

from datetime import date, timedelta

import pytest

from clef.agenda import sections as registry
from clef.households.models import Household

DUE = date(2026, 11, 30)


def households_due(organisation_id: int, on: date):
    """Every household of the organisation, due `DUE` (one query)."""
    return [
        registry.Item(
            subject=household,
            household_id=household.pk,
            label=f"Point test n° {index}",
            due_on=DUE + timedelta(days=index),
            url_name="www:household_detail",
            url_args=(household.pk,),
        )
        for index, household in enumerate(
            Household.objects.filter(organisation_id=organisation_id).order_by("pk")
        )
    ]


@pytest.fixture
def test_registry(monkeypatch):
    monkeypatch.setattr(registry, "_REGISTRY", {})
    return registry


@pytest.fixture(autouse=True)
def meeting_reference_day(monkeypatch):
    """The tests' meetings are dated around the demo's day (27/11/2026): the meeting-date window is
    measured from that day, not from the day the tests run (else they would fail a year later)."""
    monkeypatch.setattr("clef.agenda.rules._today", lambda: date(2026, 11, 27))
