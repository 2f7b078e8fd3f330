"""Chart axes in French (found trying Clef: « 2.5, 5.0, 7.5 » structures and « 1500 »)."""

import re

from clef.bilan import charts


def test_line_chart_axes_use_french_numbers_and_whole_counts():
    svg = charts.lines("Logements", [2022, 2023, 2024], {"Logements": [1200, 1500, 1850]})
    ticks = re.findall(r">([0-9\u202f,]+)</text>", svg)
    assert any("\u202f" in t for t in ticks)  # « 1 500 »
    small = charts.lines("Structures actives", [2022, 2023, 2024], {"Structures": [3, 4, 5]})
    texts = re.findall(r">([^<]+)</text>", small)
    assert not any(re.fullmatch(r"\d+[.,]\d", t.strip()) for t in texts)  # no « 3,5 » structures
    assert not any("." in t and t.strip()[0].isdigit() for t in texts)
    assert charts._axis_fr(2.5) == "2,5" and charts._axis_fr(12500) == "12\u202f500"
