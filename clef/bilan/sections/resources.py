"""Resource category of a household (docs/spec/bilan-indicators.md, "Resource category of a
household"), counted in the database: each household's sources summed into a bitmask, one GROUP BY."""

from __future__ import annotations

from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When

from clef.households.enums import ResourceSource
from clef.households.models import HouseholdResource

RESOURCE_CATEGORIES = [
    "rsa_seul",
    "salaire_sans_rsa",
    "rsa_et_salaire",
    "aah",
    "chomage",
    "sans_ressources",
    "autres",
]
RESOURCE_BITS = {
    ResourceSource.SALAIRE: 1,
    ResourceSource.RSA: 2,
    ResourceSource.AAH: 4,
    ResourceSource.CHOMAGE: 8,
    ResourceSource.RETRAITE: 16,
    ResourceSource.PENSION_INVALIDITE: 32,
}


def resource_category_of_mask(mask: int) -> str:
    """The spec's rules (first match wins) for a household that has at least one resource source."""
    salaire, rsa, aah, chomage = mask & 1, mask & 2, mask & 4, mask & 8
    if rsa and salaire:
        return "rsa_et_salaire"
    if salaire:
        return "salaire_sans_rsa"
    if rsa and not mask & (4 | 8 | 16 | 32):
        return "rsa_seul"
    if aah:
        return "aah"
    if chomage:
        return "chomage"
    return "autres"


def resource_categories(households: QuerySet, total: int) -> dict[str, int]:
    """Households of `households` by resource category; `total` is their number (the households with
    no resource row are `sans_ressources`)."""
    masks = (
        HouseholdResource.objects.filter(household__in=households.values("pk"))
        .values("household")
        .annotate(
            mask=Sum(
                Case(*[When(source=s, then=Value(bit)) for s, bit in RESOURCE_BITS.items()], default=Value(0))
            )
        )
    )
    by_category: dict[str, list[int]] = {}
    for mask in range(64):
        by_category.setdefault(resource_category_of_mask(mask), []).append(mask)
    counts = masks.aggregate(
        with_resources=Count("household"),
        **{
            category: Count("household", filter=Q(mask__in=values))
            for category, values in by_category.items()
        },
    )
    result = {category: counts[category] or 0 for category in by_category}
    result["sans_ressources"] = total - (counts["with_resources"] or 0)
    return result
