"""Fixtures of the IML meeting's pages."""

from datetime import date

import pytest


@pytest.fixture(autouse=True)
def meeting_reference_day(monkeypatch):
    """The tests' meetings are dated around the demo's day (27/11/2026): the meeting-date window is
    measured from that day, not from the day the tests run (else they would fail a year later)."""
    monkeypatch.setattr("clef.agenda.rules._today", lambda: date(2026, 11, 27))
