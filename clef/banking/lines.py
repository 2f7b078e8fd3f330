"""The records every statement format gives (`StatementLine`), the refusal (`StatementFileError`) and the
typed values both formats share (amounts, dates, single-line texts), with French errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from clef.banking.bounds import BOOKED_ON, COUNTERPARTY_MAX, LABEL_MAX, LINE_AMOUNT, MAX_LINES, REFERENCE_MAX
from clef.utils.bounds import SINGLE_LINE_FORBIDDEN

MAX_ERRORS = 20


@dataclass(frozen=True)
class StatementLine:
    line_number: int  # in the file (CSV line; XML line of the <Ntry>)
    booked_on: date
    amount: Decimal  # > 0 credit, < 0 debit
    label: str
    counterparty: str
    reference: str
    bank_ref: str = ""  # the bank's own reference of the entry (CAMT AcctSvcrRef, else NtryRef)
    account: str = ""  # the account the statement is of (CAMT Acct/Id: IBAN or other), when the file says
    reversal: bool = False  # CAMT RvslInd: the bank cancels an earlier entry (not a household's payment)


class StatementFileError(Exception):
    """The file was refused: nothing was written. `errors` are French sentences."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# --- values shared by both formats ------------------------------------------------------------------


def int_fr(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def where(name: str, line: int, column: str, value: str) -> str:
    shown = value if len(value) <= 40 else value[:40] + "…"
    return f"{name}, ligne {line}, colonne « {column} » (valeur « {shown} »)"


def bound_reason(exc: ValidationError) -> str:
    """A bound's message without its final full stop: the caller's sentence adds one."""
    return exc.messages[0].rstrip(".")


def parse_amount(raw: str) -> Decimal:
    """« 1 234,56 », « -1234.56 », « 1.234,56 », « +12 » → Decimal; ValueError with a French reason."""
    text = raw.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "")
    if text.endswith("-"):  # « 12,50- »
        text = "-" + text[:-1]
    if "," in text and "." in text:
        text = text.replace(".", "") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d{1,2})?", text):
        raise ValueError("montant attendu, deux décimales au plus (exemples : 1 234,56 ou -45.10)")
    amount = Decimal(text)
    try:
        LINE_AMOUNT.check(amount)
    except ValidationError as exc:
        raise ValueError(bound_reason(exc)) from None
    return amount


def parse_date(raw: str) -> date:
    """« 31/12/2025 », « 31-12-2025 », « 31.12.2025 », « 2025-12-31 » (or an ISO date-time) → date."""
    text = raw.strip()
    found = None
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y"):
        try:
            found = datetime.strptime(text, pattern).date()
            break
        except ValueError:
            continue
    if found is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.+\-Z]+", text):
        try:
            found = datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            found = None
    if found is None:
        raise ValueError("date attendue au format jj/mm/aaaa (ou aaaa-mm-jj)")
    try:
        BOOKED_ON.check(found)
    except ValidationError as exc:
        raise ValueError(bound_reason(exc)) from None
    return found


def clean_text(raw: str, limit: int) -> str:
    """A single line: control and invisible characters replaced by a space, spaces collapsed, cut."""
    text = " ".join(SINGLE_LINE_FORBIDDEN.sub(" ", raw or "").split())
    return text[:limit]


def make_line(
    number: int, booked_on: date, amount: Decimal, label: str, counterparty: str, ref: str, **bank
) -> StatementLine:
    """`bank`: the CAMT extras `bank_ref`, `account` (cleaned like the texts) and `reversal`."""
    return StatementLine(
        number,
        booked_on,
        amount,
        clean_text(label, LABEL_MAX),
        clean_text(counterparty, COUNTERPARTY_MAX),
        clean_text(ref, REFERENCE_MAX),
        bank_ref=clean_text(bank.get("bank_ref", ""), REFERENCE_MAX),
        account=clean_text(bank.get("account", ""), REFERENCE_MAX),
        reversal=bool(bank.get("reversal", False)),
    )


def refuse_if_errors(name: str, errors: list[str], lines: list[StatementLine]) -> list[StatementLine]:
    if errors:
        raise StatementFileError(errors[:MAX_ERRORS])
    if not lines:
        raise StatementFileError([f"{name} : aucune opération dans le fichier."])
    return lines


def too_many(name: str) -> StatementFileError:
    return StatementFileError(
        [f"{name} : plus de {int_fr(MAX_LINES)} opérations ; découpez le relevé (par mois, par exemple)."]
    )
