"""Visale reads: the guarantees of an operator with their claims, and the claims due (« Visale : impayés à
déclarer »). A claim is due when a lease under a guarantee in force has an unpaid (its household balance, a
late housing benefit included: Visale counts what the owner did not receive) above
`rules.visale_threshold` and no unpaid-rent claim was declared since the unpaid crossed it; the deadline is
the crossing day + visale_claim_window_days (⚠ a setting). The housing benefit's status is shown: a late
CAF/MSA can force a claim that would have resolved itself (the reference text)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, Max, Q, Sum, Window

from clef.guarantees import rules
from clef.guarantees.enums import VisaleClaimKind, VisaleClaimStatus
from clef.guarantees.models import VisaleClaim, VisaleGuarantee
from clef.rental.enums import Account, BenefitStatus
from clef.rental.models import Lease, LedgerEntry
from clef.rental.queries import lease_figures
from clef.rental.rules import monthly_due

ZERO = Decimal("0.00")


def guarantees_in_force(organisation_id: int, on: date):
    return VisaleGuarantee.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on),
        organisation_id=organisation_id,
        valid_from__lte=on,
    )


def months_claimed(lease_ids) -> dict[int, int]:
    """Instalments of unpaid rent already declared (not refused) per lease, over the whole occupation."""
    rows = (
        VisaleClaim.objects.filter(guarantee__lease_id__in=lease_ids, kind=VisaleClaimKind.IMPAYES)
        .exclude(status=VisaleClaimStatus.REFUSEE)
        .values("guarantee__lease_id")
        .annotate(n=Sum("months"))
        .order_by()
    )
    return {row["guarantee__lease_id"]: row["n"] for row in rows}


def crossed_on(thresholds: dict[int, Decimal], on: date) -> dict[int, date]:
    """Per lease, the day its household balance last went from at most its threshold to above it (among
    the leases whose balance at `on` is above it). One query: the running balance of each lease."""
    entries = (
        LedgerEntry.objects.filter(lease_id__in=list(thresholds), account=Account.MENAGE, booked_on__lte=on)
        .annotate(
            running=Window(Sum("amount"), partition_by=[F("lease_id")], order_by=[F("booked_on"), F("pk")])
        )
        .values_list("lease_id", "booked_on", "running")
        .order_by("lease_id", "booked_on", "pk")
    )
    result: dict[int, date] = {}
    previous: dict[int, Decimal] = {}
    for lease_id, booked_on, running in entries:
        if running > thresholds[lease_id] >= previous.get(lease_id, ZERO):
            result[lease_id] = booked_on
        previous[lease_id] = running
    return result


@dataclass(frozen=True)
class VisaleDue:
    guarantee: VisaleGuarantee
    lease: Lease
    unpaid: Decimal
    benefit_pending: Decimal
    threshold: Decimal
    crossed_on: date
    deadline: date
    last_claim_on: date | None
    months_claimed: int

    @property
    def benefit_late(self) -> bool:
        """The housing benefit paid to the manager is not flowing: part of the unpaid may resolve itself."""
        return self.lease.benefit_tiers_payant and self.lease.benefit_status != BenefitStatus.VERSEE

    @property
    def months_left(self) -> int:
        return max(0, rules.VISALE_MAX_INSTALMENTS - self.months_claimed)


def visale_claims_due(organisation_id: int, on: date) -> list[VisaleDue]:
    """The claims to declare on `on`, earliest deadline first (constant number of queries)."""
    guarantees = {
        g.lease_id: g
        for g in guarantees_in_force(organisation_id, on)
        .select_related("lease__stay__household", "lease__stay__dwelling__commune")
        .prefetch_related("lease__stay__household__members")
        .annotate(
            last_claim_on=Max("claims__declared_on", filter=Q(claims__kind=VisaleClaimKind.IMPAYES)),
        )
        .order_by("pk")
    }
    if not guarantees:
        return []
    figures = {
        lease.pk: lease
        for lease in lease_figures(Lease.objects.filter(pk__in=list(guarantees)), on).select_related(None)
    }
    thresholds = {pk: rules.visale_threshold(lease.net_due) for pk, lease in figures.items()}
    over = {pk: t for pk, t in thresholds.items() if figures[pk].balance > t}
    crossings = crossed_on(over, on) if over else {}
    claimed = months_claimed(list(over)) if over else {}
    due = []
    for lease_id, day in crossings.items():
        guarantee = guarantees[lease_id]
        if guarantee.last_claim_on and guarantee.last_claim_on >= day:
            continue
        due.append(
            VisaleDue(
                guarantee=guarantee,
                lease=guarantee.lease,
                unpaid=figures[lease_id].balance,
                benefit_pending=figures[lease_id].benefit_pending,
                threshold=over[lease_id],
                crossed_on=day,
                deadline=rules.visale_claim_deadline(day),
                last_claim_on=guarantee.last_claim_on,
                months_claimed=claimed.get(lease_id, 0),
            )
        )
    return sorted(due, key=lambda item: (item.deadline, item.lease.pk))


def claim_context(guarantee: VisaleGuarantee, on: date) -> dict:
    """What `rules.check_claim` needs for a claim on `guarantee` declared on `on` (two queries)."""
    lease = lease_figures(Lease.objects.filter(pk=guarantee.lease_id), on).get()
    return {
        "unpaid": max(lease.balance, ZERO),
        "monthly_due": monthly_due(lease),
        "net_monthly_due": lease.net_due,
        "months_already_claimed": months_claimed([lease.pk]).get(lease.pk, 0),
        "guarantee_in_force": guarantee.in_force_on(on),
    }


__all__ = ["claim_context", "crossed_on", "guarantees_in_force", "visale_claims_due"]
