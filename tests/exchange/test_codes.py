"""The exchange format owns its code lists: every stored value has its code, and the codes are those of
docs/spec/exchange-format.md (a renamed enum value must not silently change the files)."""

import re
from pathlib import Path

import pytest

from clef.exchange import codes
from clef.exchange.exporter import _exchange_code
from clef.exchange.spec import FILES

SPEC = (Path(__file__).resolve().parents[2] / "docs" / "spec" / "exchange-format.md").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize("name", sorted(codes.LISTS))
def test_every_stored_value_has_exactly_one_exchange_code(name):
    mapping, enum = codes.LISTS[name]
    assert sorted(str(member.value) for member in mapping.values()) == sorted(enum.values)
    assert len(set(mapping.values())) == len(mapping)


@pytest.mark.parametrize("name", sorted(codes.LISTS))
def test_the_exchange_codes_are_the_documented_ones(name):
    mapping, _enum = codes.LISTS[name]
    for code in mapping:
        assert re.search(rf"`{re.escape(code)}`|^\| {re.escape(code)} \|", SPEC, re.MULTILINE), code


def test_the_format_columns_take_their_codes_from_the_exchange_lists():
    coded = {c.name: c.codes for spec in FILES for c in spec.columns if c.kind in {"code", "codes"}}
    assert coded == {name: tuple(mapping) for name, (mapping, _enum) in codes.LISTS.items()}


def test_export_writes_the_exchange_code_of_a_stored_value():
    renamed = {"stored_rsa": "rsa", "stored_aah": "aah"}
    assert _exchange_code(renamed, "stored_rsa|stored_aah") == "aah|rsa"
    assert _exchange_code(renamed, "") == ""
