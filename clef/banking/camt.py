"""CAMT.053 (ISO 20022 « relevé de compte », any version camt.053.001.xx): one `StatementLine` per <Ntry>.

Read with defusedxml: a DTD, an entity declaration or an external reference refuses the file. Elements are
matched by their local name (the namespace changes with the version). Per entry: Amt, CdtDbtInd (CRDT/DBIT),
BookgDt/Dt (or DtTm), RmtInf/Ustrd (the label; AddtlNtryInf when absent), Dbtr/Nm or Dbtr/Pty/Nm (the
payer of a credit), Refs/EndToEndId (the reference, « NOTPROVIDED » ignored), AcctSvcrRef (else NtryRef: the
bank's own reference of the entry, for the line's natural key), RvslInd (« true »: the bank cancels an earlier
entry) and the statement's account (Stmt/Acct/Id/IBAN, or Othr/Id). Only booked entries are read: an entry
whose Sts (or Sts/Cd from camt.053.001.09 on) is not BOOK (PDNG, INFO, FUTR) is skipped and counted.
A line's number is the XML line of its <Ntry>, or its rank in the file when entries share a line (a file
written on one line).
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from clef.banking.bounds import MAX_LINES
from clef.banking.lines import (
    StatementFileError,
    StatementLine,
    make_line,
    parse_amount,
    parse_date,
    refuse_if_errors,
    too_many,
    where,
)


class _Parser(DefusedXMLParser):
    """Keeps each element's line in the file (for the error messages)."""

    def __init__(self):
        self.builder = _LineBuilder(self)
        super().__init__(target=self.builder, forbid_dtd=True)


class _LineBuilder(TreeBuilder):
    def __init__(self, owner: _Parser):
        super().__init__()
        self.owner = owner
        self.lines: dict[Element, int] = {}

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        if tag.endswith("Ntry"):
            self.lines[element] = self.owner.parser.CurrentLineNumber
        return element


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(element: Element, *path: str) -> Element | None:
    """The first descendant along the path of local names (each step searched at any depth)."""
    current: Element | None = element
    for step in path:
        if current is None:
            return None
        current = next((e for e in current.iter() if e is not current and _local(e.tag) == step), None)
    return current


def _text(element: Element, *path: str) -> str:
    found = _find(element, *path)
    return (found.text or "").strip() if found is not None else ""


def _root(name: str, data: bytes) -> tuple[Element, dict[Element, int]]:
    """The document and the line of each <Ntry>."""
    parser = _Parser()
    try:
        parser.feed(data)
        return parser.close(), parser.builder.lines
    except DefusedXmlException:
        raise StatementFileError(
            [
                f"{name} : le fichier XML déclare une DTD ou des entités : refusé par sécurité (CAMT.053 n'en a pas)."
            ]
        ) from None
    except ParseError as exc:
        line, column = exc.position
        raise StatementFileError([f"{name}, ligne {line}, colonne {column + 1} : XML mal formé."]) from None


def _child(element: Element, name: str) -> Element | None:
    return next((e for e in element if _local(e.tag) == name), None)


def _child_text(element: Element, name: str) -> str:
    found = _child(element, name)
    return (found.text or "").strip() if found is not None else ""


def booked(entry: Element) -> bool:
    """The entry's status is BOOK (or is not given): a pending or informative entry is not money yet."""
    status = _child(entry, "Sts")
    if status is None:
        return True
    code = (status.text or "").strip() or _child_text(status, "Cd")
    return code.upper() in ("", "BOOK")


def _account(statement: Element) -> str:
    return _text(statement, "Acct", "Id", "IBAN") or _text(statement, "Acct", "Id", "Othr", "Id")


def _entry(
    name: str, entry: Element, number: int, errors: list[str], account: str = ""
) -> StatementLine | None:
    raw_amount, indicator = _text(entry, "Amt"), _text(entry, "CdtDbtInd")
    raw_date = _text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm")
    try:
        booked_on = parse_date(raw_date)
    except ValueError as exc:
        errors.append(f"{where(name, number, 'BookgDt', raw_date)} : {exc}.")
        return None
    if indicator not in ("CRDT", "DBIT"):
        errors.append(f"{where(name, number, 'CdtDbtInd', indicator)} : CRDT ou DBIT attendu.")
        return None
    try:
        amount = parse_amount(raw_amount)
        if amount <= 0:
            raise ValueError("montant positif attendu (le sens est donné par CdtDbtInd)")
    except ValueError as exc:
        errors.append(f"{where(name, number, 'Amt', raw_amount)} : {exc}.")
        return None
    label = " ".join(e.text.strip() for e in entry.iter() if _local(e.tag) == "Ustrd" and e.text)
    payer = _text(entry, "Dbtr", "Nm") if indicator == "CRDT" else _text(entry, "Cdtr", "Nm")
    reference = _text(entry, "EndToEndId")
    if reference.upper() == "NOTPROVIDED":
        reference = ""
    return make_line(
        number,
        booked_on,
        amount if indicator == "CRDT" else -amount,
        label or _text(entry, "AddtlNtryInf"),
        payer,
        reference,
        bank_ref=_child_text(entry, "AcctSvcrRef") or _child_text(entry, "NtryRef"),
        account=account,
        reversal=_child_text(entry, "RvslInd").lower() in ("true", "1"),
    )


def _entries(root: Element) -> list[tuple[Element, str]]:
    """Each <Ntry> with the account of its <Stmt> (a file may hold several accounts)."""
    found: list[tuple[Element, str]] = []
    for statement in (e for e in root.iter() if _local(e.tag) == "Stmt"):
        account = _account(statement)
        found.extend((e, account) for e in statement.iter() if _local(e.tag) == "Ntry")
    return found


def read_camt053(name: str, data: bytes) -> tuple[list[StatementLine], int]:
    """(the booked entries' lines, the number of entries skipped as not booked)."""
    root, numbers = _root(name, data)
    if _local(root.tag) != "Document" or _find(root, "BkToCstmrStmt") is None:
        raise StatementFileError(
            [f"{name} : ce n'est pas un relevé CAMT.053 (élément BkToCstmrStmt absent)."]
        )
    entries = _entries(root)
    if len(entries) > MAX_LINES:
        raise too_many(name)
    if len({numbers.get(entry, 0) for entry, _ in entries}) < len(entries):  # a minified file: one XML line
        numbers = {entry: rank for rank, (entry, _) in enumerate(entries, start=1)}
    kept = [(entry, account) for entry, account in entries if booked(entry)]
    errors: list[str] = []
    lines = [
        line
        for entry, account in kept
        if (line := _entry(name, entry, numbers.get(entry, 0), errors, account)) is not None
    ]
    if not lines and not errors and len(kept) < len(entries):
        raise StatementFileError(
            [
                f"{name} : aucune opération comptabilisée (statut BOOK) dans le fichier : rien n'a été enregistré."
            ]
        )
    return refuse_if_errors(name, errors, lines), len(entries) - len(kept)
