"""The monthly calls (« appels de loyer »): for each lease of the operator occupied during the month, the
rent and the charges' provision (prorated on entry and exit months), the part of the housing benefit
expected from the CAF/MSA (tiers payant), the differential credits; in sous-location, the rent owed to
each owner of a main lease in force in the month, even when the dwelling is vacant.

Idempotent: every entry has a `source_key` (`appel:<lease>:2026-03:loyer`); a second run creates only
what is missing and says so."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q

from clef.contracts.enums import ContractKind
from clef.contracts.models import Contract
from clef.journal import services as journal
from clef.journal.models import JournalEntry
from clef.rental import rules
from clef.rental.enums import EntryKind, EntrySource
from clef.rental.models import Lease, LedgerEntry
from clef.rental.posting import post_entry
from clef.utils.writes import register_write


@dataclass(frozen=True)
class CallSummary:
    month: date
    created: int  # entries written by this run
    already: int  # entries found from a previous run (not doubled)
    leases: int  # households called
    contracts: int  # owners' rents (sous-location)

    @property
    def month_label(self) -> str:
        return rules.month_label(self.month)


def _lease_calls(lease: Lease, period: date) -> list[dict]:
    days = rules.occupied_days(lease.starts_on, rules.lease_end(lease), period)
    if days == 0:
        return []
    in_month = calendar.monthrange(period.year, period.month)[1]
    rent = rules.prorated(lease.rent, days, in_month)
    charges = rules.prorated(lease.charges, days, in_month)
    expected = rules.ZERO
    if rules.benefit_paid_to_manager(lease):
        expected = min(rules.prorated(lease.benefit_amount, days, in_month), rent + charges)
    key, month = f"appel:{lease.pk}:{period:%Y-%m}", rules.month_label(period)
    common = {"lease": lease, "period": period, "on": max(period, lease.starts_on)}
    calls = []
    if rent > 0:
        calls.append(
            {
                **common,
                "kind": EntryKind.APPEL_LOYER,
                "amount": rent,
                "benefit_expected": expected,
                "label": f"Loyer {rules.de(month)}",
                "source_key": f"{key}:loyer",
            }
        )
    if charges > 0:
        calls.append(
            {
                **common,
                "kind": EntryKind.APPEL_CHARGES,
                "amount": charges,
                "label": f"Provision pour charges {rules.de(month)}",
                "source_key": f"{key}:charges",
            }
        )
    for differential in lease.differentials.all():
        if differential.starts_on <= period <= differential.ends_on:
            amount = min(rules.prorated(differential.monthly_amount, days, in_month), rent)
            calls.append(
                {
                    **common,
                    "kind": EntryKind.DIFFERENTIEL,
                    "amount": -amount,
                    "label": f"Différentiel de loyer {rules.de(month)}",
                    "source_key": f"{key}:differentiel:{differential.pk}",
                }
            )
    return calls


def _owner_calls(contract: Contract, period: date) -> list[dict]:
    days = rules.occupied_days(contract.starts_on, contract.ended_on, period)
    in_month = calendar.monthrange(period.year, period.month)[1]
    amount = rules.prorated(contract.rent + contract.charges, days, in_month)
    if amount <= 0:
        return []
    return [
        {
            "contract": contract,
            "period": period,
            "on": max(period, contract.starts_on),
            "kind": EntryKind.LOYER_PROPRIETAIRE,
            "amount": amount,
            "label": f"Loyer dû au propriétaire {rules.de(rules.month_label(period))}",
            "source_key": f"proprietaire:{contract.pk}:{period:%Y-%m}",
        }
    ]


@dataclass(frozen=True)
class PlannedCalls:
    """The month's calls of an operator, not written: each a dict of `posting.post_entry`'s arguments."""

    calls: list[dict]
    leases: int  # households called
    contracts: int  # owners' rents (sous-location)


def planned_calls(organisation, month: date) -> PlannedCalls:
    """What `generate_calls` would post for the operator's month (nothing written, nothing checked against
    the entries already there): three queries."""
    period = rules.month_start(month)
    end = rules.month_end(period)
    leases = (
        Lease.objects.filter(organisation_id=organisation.pk, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period))
        .filter(Q(stay__exit_date__isnull=True) | Q(stay__exit_date__gte=period))
        .select_related("stay", "contract")
        .prefetch_related("differentials")
        .order_by("pk")
    )
    contracts = (
        Contract.objects.filter(
            organisation_id=organisation.pk, kind=ContractKind.BAIL_PRINCIPAL, starts_on__lte=end
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period))
        .order_by("pk")
    )
    planned, called, owners = [], 0, 0
    for lease in leases:
        calls = _lease_calls(lease, period)
        called += bool(calls)
        planned += calls
    for contract in contracts:
        calls = _owner_calls(contract, period)
        owners += bool(calls)
        planned += calls
    return PlannedCalls(calls=planned, leases=called, contracts=owners)


@register_write
def generate_calls(organisation, month: date, acting_user) -> CallSummary:
    """Posts the month's calls of the operator: only what a previous run did not post."""
    period = rules.month_start(month)
    if period > rules.add_months(rules.month_start(date.today()), 1):
        raise ValidationError("Les appels se génèrent au plus tard un mois à l'avance.")
    plan = planned_calls(organisation, period)
    planned, called, owners = plan.calls, plan.leases, plan.contracts
    done = set(
        LedgerEntry.objects.filter(source_key__in=[call["source_key"] for call in planned]).values_list(
            "source_key", flat=True
        )
    )
    created = 0
    for call in planned:
        if call["source_key"] in done:
            continue
        post_entry(
            organisation_id=organisation.pk,
            source=EntrySource.APPEL_MENSUEL,
            acting_user=acting_user,
            journaled=False,
            **call,
        )
        created += 1
    summary = CallSummary(month=period, created=created, already=len(done), leases=called, contracts=owners)
    if created:
        journal.record_action(
            acting_user=acting_user,
            organisation_id=organisation.pk,
            subject=organisation,
            action=JournalEntry.Action.CREATE,
            label=f"Appels de loyer {rules.de(summary.month_label)}",
            changes={
                "created": journal.change("Écritures passées", None, created),
                "already": journal.change("Écritures déjà passées (non doublées)", None, len(done)),
                "leases": journal.change("Ménages appelés", None, called),
                "contracts": journal.change("Loyers dus aux propriétaires", None, owners),
            },
        )
    return summary
