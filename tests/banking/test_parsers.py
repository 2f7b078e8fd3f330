"""Reading statement files: good files in both formats and hostile ones (encoding, size, XML attacks)."""

from datetime import date
from decimal import Decimal

import pytest

from clef.banking.bounds import MAX_BYTES, MAX_LINES
from clef.banking.lines import StatementFileError, parse_amount, parse_date
from clef.banking.parsers import parse_statement

CAMT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <Stmt>
      <Ntry>
        <Amt Ccy="EUR">{amount}</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <BookgDt><Dt>2026-03-05</Dt></BookgDt>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <RltdPties><Dbtr><Nm>CAF DE L'ISERE</Nm></Dbtr></RltdPties>
          <RmtInf><Ustrd>APL MARS 2026</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">45.10</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <BookgDt><DtTm>2026-03-06T10:00:00</DtTm></BookgDt>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>E2E-1</EndToEndId></Refs>
          <RltdPties><Cdtr><Nm>EDF</Nm></Cdtr></RltdPties>
        </TxDtls></NtryDtls>
        <AddtlNtryInf>PRLV EDF</AddtlNtryInf>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
"""


def refused(name, data) -> list[str]:
    with pytest.raises(StatementFileError) as caught:
        parse_statement(name, data)
    return caught.value.errors


def test_french_csv_with_bom_semicolons_and_decimal_commas():
    data = (
        "\ufeffDate;Libellé;Montant;Contrepartie;Référence\n"
        "05/03/2026;VIR LOYER MARS CLEF-12;1 234,56;M. DUPONT JEAN;REF1\n"
        "06/03/2026;PRLV EDF;-45,10;EDF;\n"
    ).encode()
    kind, lines = parse_statement("releve.csv", data)
    assert kind == "csv"
    assert [(x.line_number, x.booked_on, x.amount) for x in lines] == [
        (2, date(2026, 3, 5), Decimal("1234.56")),
        (3, date(2026, 3, 6), Decimal("-45.10")),
    ]
    assert lines[0].label == "VIR LOYER MARS CLEF-12"
    assert lines[0].counterparty == "M. DUPONT JEAN"
    assert lines[0].reference == "REF1"


def test_comma_separated_csv_with_iso_dates_and_debit_credit_columns():
    data = b"date,libelle,debit,credit\n2026-03-05,VIR CAF,,350.00\n2026-03-06,FRAIS,12.5,\n"
    _, lines = parse_statement("export.csv", data)
    assert [x.amount for x in lines] == [Decimal("350.00"), Decimal("-12.5")]


def test_windows_1252_csv_is_read():
    data = "Date;Libellé;Montant\n05/03/2026;Virement reçu;10,00\n".encode("cp1252")
    _, lines = parse_statement("banque.csv", data)
    assert lines[0].label == "Virement reçu"


def test_utf16_file_is_refused_in_french():
    data = "Date;Libellé;Montant\n05/03/2026;x;10,00\n".encode("utf-16")
    assert "CSV UTF-8" in refused("releve.csv", data)[0]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1 234,56", "1234.56"),
        ("1\u202f234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("-45.1", "-45.1"),
        ("12,50-", "-12.50"),
        ("+3", "3"),
    ],
)
def test_amounts_in_french_and_dot_notations(raw, expected):
    assert parse_amount(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["abc", "1,234", "12.345", "1e5", "NaN", "", "2 000 000,00"])
def test_bad_amounts_are_refused(raw):
    with pytest.raises(ValueError):
        parse_amount(raw)


def test_bad_date_names_file_line_column_and_value():
    data = b"Date;Libelle;Montant\n05/03/2026;ok;10\n31/02/2026;x;10\n"
    assert refused("releve.csv", data) == [
        "releve.csv, ligne 3, colonne « date » (valeur « 31/02/2026 ») : date attendue au format jj/mm/aaaa "
        "(ou aaaa-mm-jj)."
    ]


def test_bad_amount_names_its_column():
    errors = refused("releve.csv", b"Date;Libelle;Montant\n05/03/2026;x;douze\n")
    assert errors[0].startswith(
        "releve.csv, ligne 2, colonne « montant » (valeur « douze ») : montant attendu"
    )


def test_dates_out_of_bounds_are_refused():
    assert parse_date("2026-03-05") == date(2026, 3, 5)
    with pytest.raises(ValueError, match="comprise entre"):
        parse_date("01/01/1990")


def test_unknown_header_is_refused_with_the_expected_columns():
    errors = refused("releve.csv", b"jour;quoi;combien\n05/03/2026;x;10\n")
    assert "Colonnes attendues : date ; montant" in errors[0]


def test_empty_file_and_header_only_file_are_refused():
    assert refused("vide.csv", b"  \n") == ["vide.csv : le fichier est vide."]
    assert refused("entete.csv", b"Date;Libelle;Montant\n") == [
        "entete.csv : aucune opération dans le fichier."
    ]


def test_oversize_file_is_refused_before_reading():
    errors = refused("gros.csv", b"x" * (MAX_BYTES + 1))
    assert "dépasse 2 Mo" in errors[0]


def test_5000_lines_are_read_and_5001_refused():
    row = b"05/03/2026;x;1\n"
    _, lines = parse_statement("ok.csv", b"Date;Libelle;Montant\n" + row * MAX_LINES)
    assert len(lines) == MAX_LINES
    assert (
        "plus de 5\u202f000 opérations"
        in refused("trop.csv", b"Date;Libelle;Montant\n" + row * (MAX_LINES + 1))[0]
    )


def test_control_characters_are_removed_from_texts():
    _, lines = parse_statement("r.csv", "Date;Libelle;Montant\n05/03/2026;VIR\u202eX\x07Y;1\n".encode())
    assert lines[0].label == "VIR X Y"


def test_camt053_credit_and_debit():
    kind, lines = parse_statement("releve.xml", CAMT.format(amount="350.00").encode())
    assert kind == "camt053"
    credit, debit = lines
    assert (credit.line_number, credit.booked_on, credit.amount) == (5, date(2026, 3, 5), Decimal("350.00"))
    assert (credit.label, credit.counterparty, credit.reference) == ("APL MARS 2026", "CAF DE L'ISERE", "")
    assert (debit.amount, debit.label, debit.counterparty, debit.reference) == (
        Decimal("-45.10"),
        "PRLV EDF",
        "EDF",
        "E2E-1",
    )


def test_camt053_bad_amount_names_line_element_and_value():
    errors = refused("releve.xml", CAMT.format(amount="3x0").encode())
    assert errors[0].startswith("releve.xml, ligne 5, colonne « Amt » (valeur « 3x0 ») : montant attendu")


def test_xml_entity_expansion_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b"<Document>&lol2;</Document>"
    )
    assert "refusé par sécurité" in refused("bombe.xml", bomb)[0]


def test_xml_external_entity_is_refused():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document>&x;</Document>'
    )
    assert "refusé par sécurité" in refused("xxe.xml", xxe)[0]


def test_malformed_xml_and_other_xml_documents_are_refused():
    assert refused("casse.xml", b"<Document><a></Document>")[0].startswith("casse.xml, ligne 1, colonne")
    assert "BkToCstmrStmt" in refused("autre.xml", b"<Document><Autre/></Document>")[0]


def test_camt053_with_too_many_entries_is_refused():
    entry = "<Ntry><Amt>1</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-03-05</Dt></BookgDt></Ntry>"
    data = f"<Document><BkToCstmrStmt><Stmt>{entry * (MAX_LINES + 1)}</Stmt></BkToCstmrStmt></Document>"
    assert "plus de 5\u202f000" in refused("gros.xml", data.encode())[0]


def test_out_of_bounds_messages_end_with_one_full_stop_and_agree():
    errors = refused("r.csv", b"Date;Libelle;Montant\n31/12/9999;LOYER;10,00\n05/03/2026;LOYER;2000000,00\n")
    assert errors == [
        "r.csv, ligne 2, colonne « date » (valeur « 31/12/9999 ») : "
        "La date de l'opération doit être comprise entre 01/01/2000 et 31/12/2100.",
        "r.csv, ligne 3, colonne « montant » (valeur « 2000000,00 ») : La valeur du montant d'une ligne de relevé "
        "doit être comprise entre -1\u202f000\u202f000 € et 1\u202f000\u202f000 €.",
    ]
