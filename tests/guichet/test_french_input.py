"""French lists and French numbers: one sort key (the public form, the rules page), one reading of a
typed amount."""

import pytest

from clef.guichet.rules import french_sort_key, plain_number


def test_french_order_folds_accents_case_and_hyphens():
    names = ["La Motte-Servolex", "Barby", "École", "La Motte-en-Bauges", "Éteaux", "la Ravoire", "Drumettaz"]
    assert sorted(names, key=french_sort_key) == [
        "Barby",
        "Drumettaz",
        "École",
        "Éteaux",
        "La Motte-en-Bauges",
        "La Motte-Servolex",
        "la Ravoire",
    ]
    assert sorted(names) != sorted(names, key=french_sort_key)  # the byte order puts « École » last


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("560,50 €", "560,50"),
        ("1 234,5", "1234,5"),
        ("1\u202f234,5", "1234,5"),
        ("42,5 m²", "42,5"),
        ("560", "560"),
    ],
)
def test_a_typed_number_loses_its_spaces_and_unit(typed, plain):
    assert plain_number(typed) == plain
