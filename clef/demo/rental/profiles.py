"""Who is who in the demo's rent ledgers: a profile for each lease of the two demo operators, drawn once
from the stays (deterministic: the order of the stays and the seed). Most households pay on time, some late;
the rest are the cases every page of rental management needs: arrears at every age, the CAF paying late,
a suspended benefit, a benefit awaited after the entry, rent differentials, repayment plans kept and broken,
litigation cases. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from clef.demo.rental.context import RentalContext, StayRow

# Arrears profiles: the household's debt today in months of rent and charges (one per ageing bucket).
ARREARS = {
    "moins_1_mois": Decimal("0.5"),
    "1_2_mois": Decimal("1.5"),
    "2_3_mois": Decimal("2.4"),
    "3_mois_et_plus": Decimal("4.2"),
}
# How many leases of each special profile, per operator key (the rest pay on time or late).
SPECIAL = {
    "op2": [
        *["moins_1_mois"] * 3,
        *["1_2_mois"] * 3,
        *["2_3_mois"] * 2,
        *["3_mois_et_plus"] * 3,
        *["caf_en_retard"] * 3,
        "caf_suspendue",
        "caf_attendue",
        "plan_respecte",
        "plan_respecte",
        "plan_rompu",
        *["differentiel"] * 2,
    ],
    "op1": ["moins_1_mois", "1_2_mois", "2_3_mois", "3_mois_et_plus", "caf_en_retard", "plan_respecte"],
}
# Profiles whose household has no housing benefit paid to the manager (their debt is the balance).
WITHOUT_TIERS_PAYANT = {*ARREARS, "plan_respecte", "plan_rompu"}
# The first arrears of these ages is drawn in a management mandate (Visale: one claim due, two declared).
MANDATE_KINDS = ("1_2_mois", "2_3_mois", "3_mois_et_plus")
LATE_SHARE = 6  # one household in six of the others pays late in the month


@dataclass(eq=False)
class Profile:
    stay: StayRow
    kind: str  # "a_jour", "en_retard_du_mois", a key of ARREARS, "caf_*", "plan_*", "differentiel", "sorti"
    tiers_payant: bool
    benefit_share: Decimal  # the benefit as a share of rent + charges (0 without benefit)
    due_day: int
    late_days: int  # paid this many days after the due day (negative: before)


def draw_profiles(ctx: RentalContext) -> list[Profile]:
    profiles = []
    for key, org in ctx.operators.items():
        stays = [s for s in ctx.stays if s.organisation_id == org.pk]
        present = [s for s in stays if s.present]
        # The awaited benefit goes to the latest entry; the other special cases to stays entered at least
        # a year ago (their story needs months of ledger), in a shuffled but fixed order.
        present.sort(key=lambda s: (s.entry_date, s.pk))
        special = list(SPECIAL.get(key, []))
        kinds: dict[int, str] = {}
        if "caf_attendue" in special:
            special.remove("caf_attendue")
            kinds[present[-1].pk] = "caf_attendue"
        older = [s for s in present if (ctx.first_month - s.entry_date).days > 0 and s.pk not in kinds]
        ctx.rng("order", key).shuffle(older)
        for kind in special:
            stay = _pick(older, kind, kind in MANDATE_KINDS and kind not in kinds.values())
            if stay is not None:
                kinds[stay.pk] = kind
                older.remove(stay)
        for stay in stays:
            profiles.append(_profile(ctx, stay, kinds.get(stay.pk)))
    return profiles


def _pick(stays: list[StayRow], kind: str, mandate: bool) -> StayRow | None:
    """The next stay for a special case; the first of a Visale case in a management mandate."""
    if mandate:
        found = next((s for s in stays if s.management_mode == "mandat_gestion"), None)
        if found is not None:
            return found
    return stays[0] if stays else None


def _profile(ctx: RentalContext, stay: StayRow, kind: str | None) -> Profile:
    rng = ctx.rng("profile", stay.pk)
    if kind is None:
        kind = (
            "sorti"
            if not stay.present
            else ("en_retard_du_mois" if rng.randrange(LATE_SHARE) == 0 else "a_jour")
        )
    poor = bool({"rsa", "aah", "chomage"} & set(stay.resources)) or not stay.resources
    reported = kind in ("2_3_mois", "3_mois_et_plus")  # over the CAF threshold: a benefit to report
    has_benefit = kind.startswith("caf_") or reported or poor or rng.random() < 0.3
    tiers_payant = has_benefit and kind not in WITHOUT_TIERS_PAYANT
    share = Decimal(rng.choice(["0.30", "0.40", "0.45", "0.55"])) if has_benefit else Decimal(0)
    late = rng.randint(8, 18) if kind == "en_retard_du_mois" else -rng.randint(0, 4)
    return Profile(stay, kind, tiers_payant, share, due_day=5, late_days=late)
