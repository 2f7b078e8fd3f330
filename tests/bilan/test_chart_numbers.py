"""Chart axes and numbers (found trying Clef: « 2.5, 5.0, 7.5 » structures, « 1500 », one structure drawn
on an axis from 0,94 to 1,06, decimal points in the charts)."""

import json

from clef.bilan import charts, pdf_charts
from clef.bilan.charts import BARS, COLUMNS, PIE, Chart


def test_french_numbers():
    assert charts.french_number(2.5) == "2,5"
    assert charts.french_number(12500) == "12\u202f500"
    assert charts.french_number(1234.56, 1) == "1\u202f234,6"


def test_a_single_structure_series_is_drawn_from_zero_on_a_whole_axis():
    one = Chart(
        "structures", "Structures actives", COLUMNS, ["2022", "2023", "2024"], [("Structures", [1, 1, 1])]
    )
    assert one.integral and one.axis_max == 10  # not 0,94 → 1,06
    attributes = one.component()
    assert attributes["y_min"] == "0" and attributes["y_max"] == "10"
    fig, ax = pdf_charts._columns(one)
    assert ax.get_ylim() == (0, 10)
    ticks = [t for t in ax.get_yticks() if 0 <= t <= 10]
    assert all(float(t).is_integer() for t in ticks)  # no « 2,5 » structures


def test_large_counts_get_a_round_top_and_french_ticks():
    park = Chart("series", "Logements", COLUMNS, ["2023", "2024"], [("Logements", [2390, 2507])])
    assert park.axis_max == 3000
    fig, ax = pdf_charts._columns(park)
    assert ax.yaxis.get_major_formatter()(1500) == "1\u202f500"


def test_percentages_never_go_above_100_and_keep_decimals_in_french():
    shares = Chart(
        "destinations", "Destinations", BARS, ["Parc social", "Parc privé"], [("Part", [96.4, 3.6])], "%"
    )
    assert shares.axis_max == 100
    assert shares.component()["x_max"] == "100" and shares.component()["horizontal"] == "true"
    small = Chart("x", "x", BARS, ["a", "b"], [("Part", [12.5, 3.0])], "%")
    assert small.axis_max == 15
    pie = Chart("modes", "Modes", PIE, ["Bail glissant", "Mandat"], [("Part", [12.5, 87.5])], "%")
    assert json.loads(pie.component()["name"]) == ["Bail glissant : 12,5 %", "Mandat : 87,5 %"]


def test_secret_and_undefined_values_are_listed_but_not_drawn():
    chart = Chart(
        "ages",
        "Âges",
        BARS,
        ["Moins de 25 ans", "25 à 30 ans", "31 à 59 ans"],
        [("Part", [40.0, "secret", None])],
        "%",
    )
    drawn = chart.drawn
    assert drawn.categories == ["Moins de 25 ans"]
    assert chart.table_rows() == [
        ("Moins de 25 ans", [40.0]),
        ("25 à 30 ans", ["secret"]),
        ("31 à 59 ans", [None]),
    ]
    assert Chart("a", "a", BARS, ["x"], [("Part", ["secret"])], "%").drawn is None


def test_pdf_charts_are_images_with_their_title_as_text_alternative():
    chart = Chart(
        "origines", "Situation avant l'entrée", BARS, ["Rue", "Hébergement"], [("Part", [25.0, 75.0])], "%"
    )
    image = pdf_charts.draw(chart)
    assert image.startswith('<img src="data:image/png;base64,')
    assert 'alt="Situation avant l&#x27;entrée"' in image
