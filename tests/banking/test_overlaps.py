"""Overlapping statements (H4): each operation has a natural key, unique per organisation; an import skips
the operations already imported by an earlier statement and says how many, all or nothing."""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from clef.banking import rules, services
from clef.banking.enums import LineStatus
from clef.banking.lines import StatementFileError, StatementLine
from clef.banking.models import BankLine, BankStatement
from clef.rental.enums import EntrySource
from clef.rental.models import LedgerEntry
from tests.banking.conftest import make_lease
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = "Date;Libellé;Montant;Contrepartie;Référence\n"


def rows(*lines: str) -> bytes:
    return (HEADER + "".join(f"{x}\n" for x in lines)).encode()


def do_import(operator, manager, data: bytes, name="releve.csv"):
    return services.import_statement(organisation=operator, file_name=name, data=data, acting_user=manager)


def payments(lease) -> list[Decimal]:
    return list(
        LedgerEntry.objects.filter(lease=lease, source=EntrySource.RELEVE_BANCAIRE).values_list(
            "amount", flat=True
        )
    )


def test_first_half_then_whole_month_posts_the_shared_transfer_once(operator, manager):
    martin = make_lease(operator, "Martin")
    ref = martin.payment_reference
    first_half = rows(
        f"05/03/2026;VIR LOYER MARS {ref};650,00;M. MARTIN PAUL;", "08/03/2026;PRLV EDF;-45,10;EDF;"
    )
    whole_month = rows(
        f"05/03/2026;VIR LOYER MARS {ref};650,00;M. MARTIN PAUL;",
        "08/03/2026;PRLV EDF;-45,10;EDF;",
        "20/03/2026;FRAIS;-3,00;BANQUE;",
    )
    do_import(operator, manager, first_half, "1-15-mars.csv")
    summary = do_import(operator, manager, whole_month, "1-31-mars.csv")
    assert payments(martin) == [Decimal("-650.00")]
    assert (summary.lines, summary.matched, summary.ignored, summary.known) == (1, 0, 1, 2)
    assert summary.message == (
        "1-31-mars.csv : 1 ligne, 0 rapprochée, 0 à traiter, 1 ignorée (débits). "
        "2 opérations déjà importées par un relevé précédent : non reprises."
    )
    second = summary.statement
    assert (second.lines_count, second.known_count) == (1, 2)
    assert list(second.lines.values_list("label", flat=True)) == ["FRAIS"]
    assert BankLine.objects.count() == 3


def test_two_identical_transfers_of_one_file_both_count_and_are_found_again(operator, manager):
    martin = make_lease(operator, "Martin")
    same = f"05/03/2026;VIR {martin.payment_reference};100,00;M. MARTIN PAUL;"
    summary = do_import(operator, manager, rows(same, same), "a.csv")
    assert (summary.lines, summary.matched) == (2, 2)
    # a later export with the same two and a third identical one: only the third is new
    again = do_import(operator, manager, rows(same, same, same), "b.csv")
    assert (again.lines, again.matched, again.known) == (1, 1, 2)
    assert payments(martin) == [Decimal("-100.00")] * 3


def test_a_statement_with_only_known_operations_is_refused_and_nothing_is_written(operator, manager):
    do_import(operator, manager, rows("05/03/2026;VIR;10,00;X;", "06/03/2026;VIR;11,00;X;"), "a.csv")
    with pytest.raises(StatementFileError) as caught:
        do_import(operator, manager, rows("06/03/2026;VIR;11,00;X;", "05/03/2026;VIR;10,00;X;"), "b.csv")
    assert caught.value.errors == [
        "b.csv : les 2 opérations de ce relevé ont déjà été importées par des relevés précédents : "
        "rien n'a été enregistré."
    ]
    assert BankStatement.objects.count() == 1


def test_keys_are_per_organisation(operator, manager):
    data = rows("05/03/2026;VIR;10,00;X;")
    do_import(operator, manager, data)
    other = OrganisationFactory()
    summary = do_import(other, manager, data)
    assert (summary.lines, summary.known) == (1, 0)


def test_a_different_label_date_amount_or_payer_is_another_operation(operator, manager):
    do_import(operator, manager, rows("05/03/2026;VIR;10,00;X;"), "a.csv")
    summary = do_import(
        operator,
        manager,
        rows("05/03/2026;VIR;10,00;X;", "05/03/2026;VIR 2;10,00;X;", "06/03/2026;VIR;10,00;X;")
        + b"05/03/2026;VIR;10,01;X;\n05/03/2026;VIR;10,00;Y;\n",
        "b.csv",
    )
    assert (summary.lines, summary.known) == (4, 1)


def test_the_database_refuses_an_operation_twice_in_one_organisation(operator, manager):
    summary = do_import(operator, manager, rows("05/03/2026;VIR;10,00;X;"))
    line = summary.statement.lines.get()
    copy = BankLine(
        statement=line.statement,
        organisation=operator,
        line_number=99,
        natural_key=line.natural_key,
        booked_on=line.booked_on,
        amount=line.amount,
        status=LineStatus.A_TRAITER,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_a_concurrent_import_of_the_same_operation_gets_a_french_message(operator, manager):
    do_import(operator, manager, rows("05/03/2026;VIR;10,00;X;"), "a.csv")
    # the other import committed between this one's check and its write
    real = BankLine.objects.filter
    with (
        mock.patch.object(
            services,
            "_new_operations",
            side_effect=lambda org, name, parsed: (
                list(zip(parsed, rules.natural_keys(parsed), strict=True)),
                0,
            ),
        ),
        pytest.raises(ValidationError) as caught,
    ):
        do_import(operator, manager, rows("05/03/2026;VIR;10,00;X;", "07/03/2026;VIR;12,00;X;"), "b.csv")
    assert "vient d'être importée par un autre relevé : rien n'a été enregistré" in caught.value.messages[0]
    assert real(organisation=operator).count() == 1 and BankStatement.objects.count() == 1


def line(**fields) -> StatementLine:
    values = {
        "line_number": 2,
        "booked_on": date(2026, 3, 5),
        "amount": Decimal("10.00"),
        "label": "VIR",
        "counterparty": "X",
        "reference": "",
    }
    return StatementLine(**{**values, **fields})


def test_natural_keys_rule():
    one, two = rules.natural_keys([line(), line(line_number=3)])
    assert one != two and len(one) == 64
    # the line number and the payer's reference are not the operation's identity, the rank is
    assert rules.natural_keys([line(line_number=40, reference="E2E")]) == [one]
    assert rules.natural_keys([line(amount=Decimal("10"))]) == [one]
    # the bank's reference, when given, is the identity (with the account)
    by_ref = rules.natural_keys(
        [line(bank_ref="B1", account="FR76"), line(bank_ref="B1", label="autre", account="FR76")]
    )
    assert by_ref[0] == rules.natural_keys([line(bank_ref="B1", label="changé", account="FR76")])[0]
    assert by_ref[1] != by_ref[0]
    assert rules.natural_keys([line(bank_ref="B1", account="FR77")])[0] != by_ref[0]
    assert rules.natural_keys([line(account="FR76")]) != [one]


def test_ignored_reason_rule():
    assert rules.ignored_reason(line()) == ""
    assert rules.ignored_reason(line(amount=Decimal("-1"))) == "débit"
    assert rules.ignored_reason(line(reversal=True)) == rules.REVERSAL_OF_DEBIT
    assert rules.ignored_reason(line(amount=Decimal("-1"), reversal=True)) == rules.REVERSAL_OF_CREDIT
