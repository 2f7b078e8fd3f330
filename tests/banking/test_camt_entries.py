"""CAMT.053: the entry's status (only BOOK is read), the reversal indicator and the bank's own reference."""

from decimal import Decimal

import pytest

from clef.banking import rules, services
from clef.banking.enums import LineStatus
from clef.banking.lines import StatementFileError
from clef.banking.parsers import read_statement
from clef.rental.enums import EntrySource
from clef.rental.models import LedgerEntry
from tests.banking.conftest import make_lease

DOCUMENT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">
  <BkToCstmrStmt><Stmt>
    <Acct><Id><IBAN>{iban}</IBAN></Id></Acct>
    {entries}
  </Stmt></BkToCstmrStmt>
</Document>
"""


def entry(
    amount="650.00", side="CRDT", status="<Sts>BOOK</Sts>", day="2026-03-05", label="VIR LOYER", extra=""
):
    return (
        f'<Ntry>{extra}<Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{side}</CdtDbtInd>{status}'
        f"<BookgDt><Dt>{day}</Dt></BookgDt>"
        f"<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>M. MARTIN PAUL</Nm></Dbtr></RltdPties>"
        f"<RmtInf><Ustrd>{label}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
    )


def camt(*entries, version="02", iban="FR7630001007941234567890185") -> bytes:
    return DOCUMENT.format(version=version, iban=iban, entries="".join(entries)).encode()


def test_pending_and_information_entries_are_skipped_and_counted():
    data = camt(
        entry(),
        entry(amount="10.00", status="<Sts>PDNG</Sts>"),
        entry(amount="11.00", status="<Sts>INFO</Sts>"),
        entry(amount="12.00", status="<Sts><Cd>PDNG</Cd></Sts>"),
        entry(amount="13.00", status="<Sts><Cd>BOOK</Cd></Sts>"),
        entry(amount="14.00", status=""),
    )
    kind, lines, not_booked = read_statement("releve.xml", data)
    assert kind == "camt053" and not_booked == 3
    assert [x.amount for x in lines] == [Decimal("650.00"), Decimal("13.00"), Decimal("14.00")]
    assert {x.account for x in lines} == {"FR7630001007941234567890185"}


def test_a_file_on_one_line_numbers_its_entries_by_rank():
    _, lines, _ = read_statement("r.xml", camt(entry(), entry(amount="1.00")).replace(b"\n", b""))
    assert [x.line_number for x in lines] == [1, 2]


def test_a_pending_entry_is_not_checked():
    """A pending entry may have no booking date yet: it is skipped, not refused."""
    data = camt(entry(), "<Ntry><Amt>1</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts></Ntry>")
    assert len(read_statement("r.xml", data)[1]) == 1


def test_a_file_of_pending_entries_only_is_refused():
    with pytest.raises(StatementFileError) as caught:
        read_statement("r.xml", camt(entry(status="<Sts>PDNG</Sts>")))
    assert caught.value.errors == [
        "r.xml : aucune opération comptabilisée (statut BOOK) dans le fichier : rien n'a été enregistré."
    ]


def test_reversal_indicator_and_bank_reference_are_read():
    data = camt(
        entry(extra="<NtryRef>N1</NtryRef><AcctSvcrRef>A1</AcctSvcrRef><RvslInd>true</RvslInd>"),
        entry(extra="<NtryRef>N2</NtryRef><RvslInd>false</RvslInd>"),
        entry(),
    )
    first, second, third = read_statement("r.xml", data)[1]
    assert (first.bank_ref, first.reversal) == ("A1", True)
    assert (second.bank_ref, second.reversal) == ("N2", False)
    assert (third.bank_ref, third.reversal) == ("", False)


@pytest.mark.django_db
def test_import_a_returned_debit_is_never_a_households_payment(operator, manager):
    martin = make_lease(operator, "Martin")
    ref = martin.payment_reference
    data = camt(
        entry(label=f"RETOUR PRLV {ref}", extra="<RvslInd>true</RvslInd>"),
        entry(amount="650.00", side="DBIT", label=f"REJET VIR {ref}", extra="<RvslInd>true</RvslInd>"),
        entry(amount="5.00", status="<Sts>PDNG</Sts>"),
    )
    summary = services.import_statement(
        organisation=operator, file_name="r.xml", data=data, acting_user=manager
    )
    assert summary.message == (
        "r.xml : 2 lignes, 0 rapprochée, 0 à traiter, 2 ignorées (débits, dont 2 annulations de la banque). "
        "1 opération non comptabilisée (statut autre que BOOK) : non reprise."
    )
    lines = list(summary.statement.lines.order_by("line_number"))
    assert [(x.status, x.ignored_reason) for x in lines] == [
        (LineStatus.IGNOREE, rules.REVERSAL_OF_DEBIT),
        (LineStatus.IGNOREE, rules.REVERSAL_OF_CREDIT),
    ]
    assert summary.statement.not_booked_count == 1
    assert not LedgerEntry.objects.filter(source=EntrySource.RELEVE_BANCAIRE).exists()


@pytest.mark.django_db
def test_the_banks_reference_identifies_the_operation_across_files(operator, manager):
    martin = make_lease(operator, "Martin")
    ref = martin.payment_reference
    first = camt(entry(label=f"VIR {ref}", extra="<AcctSvcrRef>A1</AcctSvcrRef>"))
    # the next export gives the same entry a longer label: the bank's reference is the same
    second = camt(
        entry(label=f"VIR {ref} LOYER MARS", extra="<AcctSvcrRef>A1</AcctSvcrRef>"),
        entry(day="2026-04-05", label=f"VIR {ref}", extra="<AcctSvcrRef>A2</AcctSvcrRef>"),
    )
    services.import_statement(organisation=operator, file_name="a.xml", data=first, acting_user=manager)
    summary = services.import_statement(
        organisation=operator, file_name="b.xml", data=second, acting_user=manager
    )
    assert (summary.lines, summary.matched, summary.known) == (1, 1, 1)
    amounts = LedgerEntry.objects.filter(lease=martin, source=EntrySource.RELEVE_BANCAIRE).values_list(
        "amount", flat=True
    )
    assert list(amounts) == [Decimal("-650.00")] * 2
    # the same reference on another account is another operation
    other = camt(
        entry(label=f"VIR {ref}", extra="<AcctSvcrRef>A1</AcctSvcrRef>"), iban="FR7612345000010000000000001"
    )
    assert (
        services.import_statement(
            organisation=operator, file_name="c.xml", data=other, acting_user=manager
        ).known
        == 0
    )
