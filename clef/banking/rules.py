"""The rules of a bank line's life after its matching (the matching itself is `clef.banking.matching`).

« Remettre à traiter »: a matched line whose payment was wrong (the wrong household, a transfer the bank
returned) goes back to the queue. The payment entry it posted is never edited: it is counter-passed
(`clef.rental.services.reverse_entry`, with who and why), unless it already was by hand on the ledger page
(`entry_reversed`): then the line goes back without a second counter-entry. Each later posting of the same
line gets its own ledger key (`payment_source_key`), so a line matched again is posted again, once."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from clef.banking.enums import LineStatus


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
