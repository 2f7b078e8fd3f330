"""The migration that keys the lines imported before the natural key (banking 0002): the CSV key of
`rules.natural_keys`, in file order per statement; an operation already imported twice keeps its key on the
first line only."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from clef.banking import rules
from clef.banking.lines import StatementLine
from clef.banking.models import BankLine
from tests.factories.banking import BankLineFactory, BankStatementFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("clef.banking.migrations.0002_requeue_and_natural_key")


def as_parsed(line: BankLine) -> StatementLine:
    return StatementLine(line.line_number, line.booked_on, line.amount, line.label, line.counterparty, "")


def test_existing_lines_get_the_keys_a_new_import_would_give():
    first = BankStatementFactory()
    a = BankLineFactory(statement=first, line_number=2)
    b = BankLineFactory(statement=first, line_number=3)  # a genuine identical transfer: rank 2
    c = BankLineFactory(statement=first, line_number=4, amount=Decimal("10.00"))
    # an overlapping statement imported twice the first operation (the defect): its copy stays unkeyed
    second = BankStatementFactory(organisation=first.organisation)
    copy = BankLineFactory(statement=second, line_number=2)
    migration.backfill_natural_keys(apps, None)
    keys = dict(BankLine.objects.values_list("pk", "natural_key"))
    assert [keys[a.pk], keys[b.pk], keys[c.pk]] == rules.natural_keys([as_parsed(x) for x in (a, b, c)])
    assert keys[copy.pk] is None
