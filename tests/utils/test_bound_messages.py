"""Every `Bound` of Clef gives its French message when a value is refused, whatever its unit: Django
%-formats a ValidationError's message when it carries params, so a « % » unit once raised a TypeError (500)."""

import importlib
import pkgutil

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

import clef
from clef.utils.bounds import Bound


def every_bound() -> list[Bound]:
    found: dict[int, Bound] = {}
    for module in pkgutil.walk_packages(clef.__path__, "clef."):
        if ".migrations" in module.name or ".management" in module.name or ".demo" in module.name:
            continue
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, Bound):
                found[id(value)] = value
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for validator in getattr(field, "validators", ()):
                if isinstance(validator, Bound):
                    found[id(validator)] = validator
    return list(found.values())


BOUNDS = every_bound()
PERCENT_BOUNDS = [bound for bound in BOUNDS if "%" in bound.unit]


def outside(bound: Bound):
    if isinstance(bound.maximum, int):
        return bound.maximum + 1
    try:
        return bound.maximum + 1  # Decimal
    except TypeError:  # a date
        from datetime import timedelta

        return bound.maximum + timedelta(days=1)


def test_the_percent_bounds_are_found():
    assert len(BOUNDS) > 20
    assert PERCENT_BOUNDS, "no Bound with a « % » unit: the loop below would test nothing"


@pytest.mark.parametrize("bound", PERCENT_BOUNDS, ids=lambda bound: bound.name)
def test_a_refused_value_gives_the_french_message_with_its_percent_sign(bound):
    with pytest.raises(ValidationError) as refused:
        bound.check(outside(bound))
    assert refused.value.messages == [bound.message]
    assert bound.message.endswith(" %.")
    assert "%%" not in refused.value.messages[0]


@pytest.mark.parametrize("bound", BOUNDS, ids=lambda bound: bound.name)
def test_every_bound_renders_its_message(bound):
    with pytest.raises(ValidationError) as refused:
        bound.check(outside(bound))
    assert refused.value.messages == [bound.message]
