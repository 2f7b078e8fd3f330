"""The household account at the household's exit: the calls as the exit leaves them.

Calls are booked on the 1st of their month, and may be generated a month ahead, while the household leaves
whenever it leaves. At the exit (day `on`, the household present that day):
- every call of a month after the exit's month is counter-passed;
- every call of the exit's month that differs from what the monthly calls compute with the lease ending on
  `on` (`clef.rental.calls._lease_calls`: THE proration, days occupied / days in the month, per item) is
  counter-passed and posted again as computed (key `…:sortie`), both booked on the exit day.
So rent 600 + charges 50 called for November, exit on 10/11: November's calls become 200,00 + 16,67.

`exit_settlement` only computes (the exit form's preview: `queries.debt_at_exit`); `services.close_at_exit`
writes it."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from clef.rental import rules
from clef.rental.calls import _lease_calls
from clef.rental.enums import EntryKind
from clef.rental.models import Lease, LedgerEntry

CALL_KINDS = (EntryKind.APPEL_LOYER, EntryKind.APPEL_CHARGES, EntryKind.DIFFERENTIEL)
EXIT_KEY_SUFFIX = ":sortie"


@dataclass(frozen=True)
class ExitSettlement:
    on: date
    reverse: list[LedgerEntry] = field(default_factory=list)  # calls to counter-pass
    repost: list[dict] = field(default_factory=list)  # the exit month's calls as computed (post_entry's args)

    def amount(self, booked_until: date | None = None) -> Decimal:
        """Effect on the household's balance (negative: a credit); with `booked_until`, only of the entries
        booked until that day (the calls of later months are not in a balance on the exit day)."""
        reversed_amount = sum(
            (e.amount for e in self.reverse if booked_until is None or e.booked_on <= booked_until),
            rules.ZERO,
        )
        return rules.cents(sum((c["amount"] for c in self.repost), rules.ZERO) - reversed_amount)

    def expected(self, booked_until: date | None = None) -> Decimal:
        """Effect on the housing benefit expected from the CAF/MSA (tiers payant)."""
        reversed_expected = sum(
            (e.benefit_expected for e in self.reverse if booked_until is None or e.booked_on <= booked_until),
            rules.ZERO,
        )
        reposted = sum((c.get("benefit_expected", rules.ZERO) for c in self.repost), rules.ZERO)
        return rules.cents(reposted - reversed_expected)


def _same(entry: LedgerEntry, call: dict) -> bool:
    return entry.amount == call["amount"] and entry.benefit_expected == call.get(
        "benefit_expected", rules.ZERO
    )


def exit_settlement(lease: Lease, on: date) -> ExitSettlement:
    """What the exit on `on` changes to the lease's calls (nothing written; two queries)."""
    period = rules.month_start(on)
    booked = list(
        LedgerEntry.objects.filter(
            lease=lease,
            kind__in=CALL_KINDS,
            period__gte=period,
            source_key__startswith=f"appel:{lease.pk}:",
            reversed_by__isnull=True,
        ).order_by("period", "pk")
    )
    closed = copy.copy(lease)
    closed.ends_on = on
    computed = {call["source_key"]: call for call in _lease_calls(closed, period)}
    reverse, repost = [], []
    for entry in booked:
        if entry.period > period:
            reverse.append(entry)
            continue
        key = entry.source_key.removesuffix(EXIT_KEY_SUFFIX)
        call = computed.get(key)
        if call is not None and _same(entry, call):
            continue
        reverse.append(entry)
        if call is not None:
            repost.append(
                {
                    **call,
                    "on": max(on, call["on"]),
                    "source_key": key + EXIT_KEY_SUFFIX,
                    "label": f"{call['label']} (sortie le {on:%d/%m/%Y})",
                }
            )
    return ExitSettlement(on=on, reverse=reverse, repost=repost)
