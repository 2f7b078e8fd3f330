"""Times are shown in Europe/Paris time (found trying Clef: the history showed UTC, one hour behind)."""

from datetime import UTC, datetime

from clef.www.templatetags.clef_tags import date_fr


def test_history_times_are_shown_in_paris_time():
    assert date_fr(datetime(2026, 11, 26, 22, 33, tzinfo=UTC)) == "26/11/2026 à 23:33"  # winter: UTC+1
    assert date_fr(datetime(2026, 7, 14, 8, 0, tzinfo=UTC)) == "14/07/2026 à 10:00"  # summer: UTC+2
