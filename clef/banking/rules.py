"""The rules of a bank line's life after its matching (the matching itself is `clef.banking.matching`).

« Remettre à traiter »: a matched line whose payment was wrong (the wrong household, a transfer the bank
returned) goes back to the queue. The payment entry it posted is never edited: it is counter-passed
(`clef.rental.services.reverse_entry`, with who and why), unless it already was by hand on the ledger page
(`entry_reversed`): then the line goes back without a second counter-entry. Each later posting of the same
line gets its own ledger key (`payment_source_key`), so a line matched again is posted again, once."""

from __future__ import annotations

import hashlib
from collections import Counter

from django.core.exceptions import ValidationError

from clef.banking.enums import DEBIT_REASON, LineStatus
from clef.rental.rules import CENT


def payment_source_key(line) -> str:
    """The ledger's idempotency key of the payment a line posts: « banque:<pk> » the first time, then
    « banque:<pk>:<n> » for its n-th posting after n − 1 returns to the queue."""
    if not line.requeued_count:
        return f"banque:{line.pk}"
    return f"banque:{line.pk}:{line.requeued_count + 1}"


def entry_reversed(line) -> bool:
    """The payment entry of a matched line was counter-passed (by hand on the ledger page, or by an earlier
    return to the queue). `line.entry` should come with `select_related("entry__reversed_by")`."""
    return line.entry_id is not None and hasattr(line.entry, "reversed_by")


def check_requeue(line, reason: str) -> str:
    """Only a matched line goes back to the queue, with a reason (returned with its spaces tidied)."""
    if line.status != LineStatus.RAPPROCHEE:
        raise ValidationError("Seule une ligne rapprochée se remet à traiter : rien n'a été enregistré.")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Indiquez pourquoi cette ligne est remise à traiter."})
    return reason


def natural_keys(lines) -> list[str]:
    """THE identity of each bank operation, whatever file brings it (`BankLine.natural_key`, unique per
    organisation): two overlapping statements (1–15 March, then 1–31 March) give their shared operations the
    same keys, so they are imported once.

    The bank's own reference of the entry when the file gives one (CAMT AcctSvcrRef, else NtryRef), with the
    account; otherwise the account, booking date, amount, label and counterparty. Either way with the
    occurrence rank of that identity within the file: two genuine identical transfers of one file (the same
    day, amount, label and payer) are both kept, and found again as the same two in a later file.
    A SHA-256 digest (64 hex characters): no payer's name is stored twice."""
    seen: Counter[str] = Counter()
    keys = []
    for line in lines:
        if line.bank_ref:
            identity = f"ref|{line.account}|{line.bank_ref}"
        else:
            amount = format(line.amount.quantize(CENT), "f")
            identity = "|".join(
                ("op", line.account, line.booked_on.isoformat(), amount, line.label, line.counterparty)
            )
        seen[identity] += 1
        keys.append(hashlib.sha256(f"{identity}|{seen[identity]}".encode()).hexdigest())
    return keys


REVERSAL_OF_DEBIT = "annulation d'un débit par la banque (RvslInd)"
REVERSAL_OF_CREDIT = "annulation d'un crédit par la banque (RvslInd) : si ce crédit avait été rapproché, remettez sa ligne à traiter"


def ignored_reason(line) -> str:
    """Why a new line is set aside at import (« » for a credit to match): a debit, or a cancellation by the
    bank (a returned debit comes back as a credit: it is no household's payment)."""
    if line.reversal:
        return REVERSAL_OF_DEBIT if line.amount > 0 else REVERSAL_OF_CREDIT
    return "" if line.amount > 0 else DEBIT_REASON
