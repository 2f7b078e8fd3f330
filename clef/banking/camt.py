"""CAMT.053 (ISO 20022 « relevé de compte », any version camt.053.001.xx): one `StatementLine` per <Ntry>.

Read with defusedxml: a DTD, an entity declaration or an external reference refuses the file. Elements are
matched by their local name (the namespace changes with the version). Per entry: Amt, CdtDbtInd (CRDT/DBIT),
BookgDt/Dt (or DtTm), RmtInf/Ustrd (the label; AddtlNtryInf when absent), Dbtr/Nm or Dbtr/Pty/Nm (the
payer of a credit), Refs/EndToEndId (the reference, « NOTPROVIDED » ignored).
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


def _entry(name: str, entry: Element, number: int, errors: list[str]) -> StatementLine | None:
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
    )


def parse_camt053(name: str, data: bytes) -> list[StatementLine]:
    root, numbers = _root(name, data)
    if _local(root.tag) != "Document" or _find(root, "BkToCstmrStmt") is None:
        raise StatementFileError(
            [f"{name} : ce n'est pas un relevé CAMT.053 (élément BkToCstmrStmt absent)."]
        )
    entries = [e for e in root.iter() if _local(e.tag) == "Ntry"]
    if len(entries) > MAX_LINES:
        raise too_many(name)
    errors: list[str] = []
    lines = [
        line for entry in entries if (line := _entry(name, entry, numbers.get(entry, 0), errors)) is not None
    ]
    return refuse_if_errors(name, errors, lines)
