"""THE matching rule of a bank statement's credit to a household's lease (`match_line`).

In this order, the first rule that finds exactly one lease wins:
1. the lease's payment reference (« CLEF-<pk> ») in the line's label or reference;
2. a housing-benefit payer (« CAF » or « MSA » in the counterparty or the label) and an amount equal to the
   monthly benefit of exactly one lease whose benefit is paid to the manager (`rental.rules.
   benefit_paid_to_manager`: tiers payant, not suspended), by that payer when the lease names it;
3. a household member's last name in the counterparty and an amount equal to the lease's net monthly due
   (`clef.rental.rules.net_monthly_due`), for exactly one lease.
A rule that finds several leases stops there: the line is ambiguous and goes to the queue with the reason
(never a guess). A reference to a lease the organisation does not hold matches nothing. Only the leases
given are considered: the caller passes the leases of the statement's organisation (`candidate_leases`);
rules 2 and 3 only consider those in force around the line's date (`in_force_around`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from clef.banking.enums import MatchRule, PaymentKind
from clef.rental.models import Lease
from clef.rental.rules import add_months, benefit_paid_to_manager, month_start, net_monthly_due
from clef.utils.text import search_key

REFERENCE = re.compile(r"\bCLEF[\s_-]?0*(\d{1,9})\b", re.IGNORECASE)
BENEFIT_PAYERS = {"caf": re.compile(r"\bCAF\b", re.IGNORECASE), "msa": re.compile(r"\bMSA\b", re.IGNORECASE)}
MIN_NAME_LENGTH = 2


@dataclass(frozen=True)
class Match:
    lease: Lease | None
    kind: str = PaymentKind.PAIEMENT
    rule: str = MatchRule.NONE
    reason: str = ""  # why the line stays in the queue (French)
    ambiguous: bool = False  # the rule found several leases: stop there, never guess


def candidate_leases(organisation_id: int):
    """The organisation's leases with their household members (2 queries)."""
    return (
        Lease.objects.for_organisation(organisation_id)
        .select_related("stay__household")
        .prefetch_related("stay__household__members")
        .order_by("pk")
    )


def in_force_around(lease: Lease, day: date) -> bool:
    """Started by `day` and not ended before the first day of the previous month (a last payment after the
    exit): the leases rules 2 and 3 consider. Rule 1 (an explicit reference) considers every lease."""
    since = add_months(month_start(day), -1)
    return lease.starts_on <= day and (lease.ends_on is None or lease.ends_on >= since)


def _payer(line) -> str:
    text = f"{line.counterparty} {line.label}"
    return next((payer for payer, pattern in BENEFIT_PAYERS.items() if pattern.search(text)), "")


def _names(lease: Lease) -> set[str]:
    household = lease.stay.household
    return {key for p in household.members.all() if len(key := search_key(p.last_name)) >= MIN_NAME_LENGTH}


def _name_in(name: str, counterparty: str) -> bool:
    return f" {name} " in f" {counterparty} "


def _kind_for(lease: Lease, payer: str) -> str:
    return PaymentKind.AIDE_LOGEMENT if payer and lease.benefit_tiers_payant else PaymentKind.PAIEMENT


def _by_reference(line, leases: list[Lease], payer: str) -> Match | None:
    numbers = {int(n) for n in REFERENCE.findall(f"{line.label} {line.reference}")}
    if not numbers:
        return None
    found = [lease for lease in leases if lease.pk in numbers]
    if len(numbers) > 1:
        return Match(None, reason=f"plusieurs références dans le libellé ({_refs(numbers)})", ambiguous=True)
    if not found:
        return Match(
            None, reason=f"la référence {_refs(numbers)} ne correspond à aucun titre de la structure"
        )
    return Match(found[0], _kind_for(found[0], payer), MatchRule.REFERENCE)


def _refs(numbers) -> str:
    return ", ".join(f"CLEF-{n}" for n in sorted(numbers))


def _by_benefit(line, leases: list[Lease], payer: str) -> Match | None:
    if not payer:
        return None
    found = [
        lease
        for lease in leases
        if benefit_paid_to_manager(lease)
        and lease.benefit_amount == line.amount
        and lease.benefit_payer in ("", payer)
    ]
    if len(found) > 1:
        return Match(
            None,
            reason=f"{len(found)} titres ont une aide de ce montant versée par ce payeur",
            ambiguous=True,
        )
    return Match(found[0], PaymentKind.AIDE_LOGEMENT, MatchRule.BENEFIT) if found else None


def _by_name_and_amount(line, leases: list[Lease], payer: str) -> Match | None:
    counterparty = search_key(line.counterparty)
    if not counterparty:
        return None
    named = [lease for lease in leases if any(_name_in(n, counterparty) for n in _names(lease))]
    found = [lease for lease in named if net_monthly_due(lease) == line.amount]
    if len(found) > 1:
        return Match(
            None, reason=f"{len(found)} ménages de ce nom doivent ce montant chaque mois", ambiguous=True
        )
    if found:
        return Match(found[0], PaymentKind.PAIEMENT, MatchRule.NAME_AMOUNT)
    if named:
        return Match(None, reason="le nom correspond, pas le montant dû chaque mois")
    return None


def match_line(line, leases) -> Match:
    """The lease a credit line pays (kind and rule), or no lease and the reason it stays in the queue.
    `line` has booked_on, amount, label, counterparty, reference; `leases` are the organisation's."""
    if Decimal(line.amount) <= 0:
        return Match(None, reason="débit")
    leases = list(leases)
    payer = _payer(line)
    current = [lease for lease in leases if in_force_around(lease, line.booked_on)]
    hint: Match | None = None  # a rule that found no lease but can say why (shown in the queue)
    for rule in (_by_reference, _by_benefit, _by_name_and_amount):
        found = rule(line, leases if rule is _by_reference else current, payer)
        if found is not None and (found.lease is not None or found.ambiguous):
            return found
        hint = hint or found
    return hint or Match(None, reason="aucun titre trouvé (ni référence, ni aide, ni nom et montant)")


def candidates(line, leases) -> list[Lease]:
    """The leases to offer first when a person assigns a queued credit by hand, best first: the lease its
    reference names, then those in force around its date whose household's name is in the counterparty and
    those owing its amount each month (net due, or a benefit paid to the manager by the payer named), a
    lease meeting both before one meeting either. The same tests as `match_line`, without its « exactly
    one » (that is why the line is queued). `leases` are the organisation's (`candidate_leases`)."""
    leases = list(leases)
    payer = _payer(line)
    numbers = {int(n) for n in REFERENCE.findall(f"{line.label} {line.reference}")}
    counterparty = search_key(line.counterparty)
    scored = []
    for lease in leases:
        score = 4 if lease.pk in numbers else 0
        if in_force_around(lease, line.booked_on):
            named = bool(counterparty) and any(_name_in(n, counterparty) for n in _names(lease))
            benefit = payer and benefit_paid_to_manager(lease) and lease.benefit_amount == line.amount
            owing = net_monthly_due(lease) == line.amount or benefit
            score += 2 * named + 2 * bool(owing)
        if score:
            scored.append((-score, lease.pk, lease))
    return [lease for *_, lease in sorted(scored, key=lambda item: item[:2])]
