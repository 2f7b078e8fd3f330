"""Households present and entered: menages.presents, menages.entres, menages.sortis and menages.*_pct
(SIAO orientation, origin, DALO, resources, composition, sex and age of the reference person)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractYear

from clef.bilan.figures import Figures
from clef.bilan.perimeter import Perimeter
from clef.bilan.populations import exits, households_present, parcours_entries, present_stays
from clef.bilan.sections.resources import RESOURCE_CATEGORIES, resource_categories
from clef.households.enums import ORIGIN_GROUP_OF, Composition, OriginGroup, PersonRole, Sex
from clef.households.models import Person

AGE_KEYS = ("moins_25", "25_30", "31_59", "60_plus")


def _entries(perimeter: Perimeter, year: int) -> dict:
    return parcours_entries(perimeter, year).aggregate(
        n=Count("pk"),
        siao=Count("pk", filter=Q(household__siao_oriented=True)),
        **{
            f"origin_{group.value}": Count(
                "pk",
                filter=Q(
                    household__prior_situation__in=[code for code, g in ORIGIN_GROUP_OF.items() if g == group]
                ),
            )
            for group in OriginGroup
        },
    )


def _reference_persons(perimeter: Perimeter, year: int) -> dict:
    """Reference persons of the households present: men, and age reached in the year (INSEE)."""
    # A direct semi-join on the stays (not "household IN (…)"): PostgreSQL plans it well even before
    # statistics exist on freshly loaded tables.
    references = (
        Person.objects.filter(role=PersonRole.REFERENCE)
        .filter(Exists(present_stays(perimeter, year).filter(household=OuterRef("household_id"))))
        .annotate(birth_year=ExtractYear("birth_date"))
    )
    return references.aggregate(
        men=Count("pk", filter=Q(sex=Sex.M)),
        moins_25=Count("pk", filter=Q(birth_year__gt=year - 25)),
        **{"25_30": Count("pk", filter=Q(birth_year__lte=year - 25, birth_year__gte=year - 30))},
        **{"31_59": Count("pk", filter=Q(birth_year__lte=year - 31, birth_year__gte=year - 59))},
        **{"60_plus": Count("pk", filter=Q(birth_year__lte=year - 60))},
    )


def add_households(figures: Figures, perimeter: Perimeter, year: int) -> None:
    present = households_present(perimeter, year)
    entries = _entries(perimeter, year)
    present_agg = present.aggregate(
        n=Count("pk"),
        dalo=Count("pk", filter=Q(dalo=True)),
        **{f"comp_{c.value}": Count("pk", filter=Q(composition=c)) for c in Composition},
    )
    n_present, n_entries = present_agg["n"], entries["n"]
    figures.count("menages.presents", n_present)
    figures.count("menages.entres", n_entries)
    figures.count("menages.sortis", exits(perimeter, year).count())
    figures.share("menages.entres.orientation_siao_pct", entries["siao"], n_entries)
    for group in OriginGroup:
        figures.share(
            f"menages.entres.origine.{group.value}_pct", entries[f"origin_{group.value}"], n_entries
        )
    figures.share("menages.presents.dalo_pct", present_agg["dalo"], n_present)
    categories = resource_categories(present, n_present)
    for category in RESOURCE_CATEGORIES:
        figures.share(f"menages.presents.ressources.{category}_pct", categories.get(category, 0), n_present)
    for composition in Composition:
        figures.share(
            f"menages.presents.composition.{composition.value}_pct",
            present_agg[f"comp_{composition.value}"],
            n_present,
        )
    references = _reference_persons(perimeter, year)
    figures.share("menages.presents.reference_homme_pct", references["men"], n_present)
    for key in AGE_KEYS:
        figures.share(f"menages.presents.age.{key}_pct", references[key], n_present)
