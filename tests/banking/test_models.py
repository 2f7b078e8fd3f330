"""Database constraints of the statements and their lines."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from clef.banking.enums import LineStatus
from tests.factories.banking import BankLineFactory, BankStatementFactory

pytestmark = pytest.mark.django_db


def test_the_same_file_is_stored_once_per_organisation():
    statement = BankStatementFactory()
    BankStatementFactory(file_sha256=statement.file_sha256)  # another organisation
    with pytest.raises(IntegrityError), transaction.atomic():
        BankStatementFactory(organisation=statement.organisation, file_sha256=statement.file_sha256)


@pytest.mark.parametrize(
    "fields",
    [
        {"amount": Decimal("0")},
        {"amount": Decimal("1000000.01")},
        {"status": "autre"},
        {"kind": "autre"},
        {"status": LineStatus.RAPPROCHEE},  # matched without lease nor entry
        {"status": LineStatus.IGNOREE, "ignored_reason": ""},
    ],
)
def test_line_constraints(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        BankLineFactory(**fields)


def test_a_line_number_is_stored_once_per_statement():
    line = BankLineFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BankLineFactory(statement=line.statement, line_number=line.line_number)


def test_factories_build_valid_lines():
    assert BankLineFactory(debit=True).status == LineStatus.IGNOREE
    assert BankLineFactory(ignored=True).ignored_reason
