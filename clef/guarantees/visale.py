"""Visale reads: the guarantees of an operator with their claims, and the claims due (« Visale : impayés à
déclarer »). A claim is due when a lease under a guarantee in force has an unpaid above
`rules.visale_threshold` and no unpaid-rent claim was declared since the unpaid crossed it; the deadline is
the crossing day + visale_claim_window_days (⚠ a setting). The unpaid is the household's own debt
(clef.rental.debt): the housing benefit still expected from a late CAF/MSA is left out, since a late CAF/MSA
could otherwise force a claim that would have resolved itself (the reference text); the crossing day is THE
rule `clef.rental.debt.crossed_on`. The benefit's status and the part still expected are shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Max, Q, Sum

from clef.dwellings.enums import Parc
from clef.guarantees import rules
from clef.guarantees.enums import VisaleClaimKind, VisaleClaimStatus
from clef.guarantees.models import VisaleClaim, VisaleGuarantee
from clef.rental.debt import crossed_on
from clef.rental.enums import BenefitStatus
from clef.rental.models import Lease
from clef.rental.queries import lease_figures
from clef.rental.rules import cents, monthly_due

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
        return max(0, rules.visale_max_instalments(social_stock(self.lease)) - self.months_claimed)


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
    over = {pk: t for pk, t in thresholds.items() if figures[pk].household_debt > t}
    crossings = crossed_on(over, on, strict=True)
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
                unpaid=cents(figures[lease_id].household_debt),
                benefit_pending=figures[lease_id].benefit_pending,
                threshold=over[lease_id],
                crossed_on=day,
                deadline=rules.visale_claim_deadline(day),
                last_claim_on=guarantee.last_claim_on,
                months_claimed=claimed.get(lease_id, 0),
            )
        )
    return sorted(due, key=lambda item: (item.deadline, item.lease.pk))


def social_stock(lease: Lease) -> bool:
    """The dwelling is in the public (social) stock: Visale covers fewer instalments there (a setting)."""
    return lease.stay.dwelling.parc == Parc.PUBLIC


def damage_claimed(guarantee_id: int) -> Decimal:
    """Σ the damage already claimed on the guarantee (claims not refused): the cap is over all of them."""
    total = (
        VisaleClaim.objects.filter(guarantee_id=guarantee_id, kind=VisaleClaimKind.DEGRADATIONS)
        .exclude(status=VisaleClaimStatus.REFUSEE)
        .aggregate(total=Sum("amount"))["total"]
    )
    return cents(total or ZERO)


def claim_context(guarantee: VisaleGuarantee, on: date) -> dict:
    """What `rules.check_claim` needs for a claim on `guarantee` declared on `on`, read after locking the
    guarantee's row (called in the declaring service's transaction): two concurrent declarations cannot both
    pass the instalment or damage cap (M7). Five queries."""
    VisaleGuarantee.objects.select_for_update().filter(pk=guarantee.pk).values_list("pk").get()
    lease = (
        lease_figures(Lease.objects.filter(pk=guarantee.lease_id), on).select_related("stay__dwelling").get()
    )
    return {
        "social_stock": social_stock(lease),
        "damage_already_claimed": damage_claimed(guarantee.pk),
        "unpaid": cents(lease.household_debt),
        "monthly_due": monthly_due(lease),
        "net_monthly_due": lease.net_due,
        "months_already_claimed": months_claimed([lease.pk]).get(lease.pk, 0),
        "guarantee_in_force": guarantee.in_force_on(on),
    }


__all__ = ["claim_context", "guarantees_in_force", "visale_claims_due"]
