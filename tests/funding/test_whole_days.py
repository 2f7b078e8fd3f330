"""Day counts read from SQL (floats on SQLite) are rounded half up to the whole day, never by Python's
banker's `round` on binary floats."""

from clef.funding.queries import _whole


def test_day_counts_round_half_up():
    assert [_whole(v) for v in (None, 0, 364.9999999, 2.5, 3.5, 730)] == [0, 0, 365, 3, 4, 730]
