"""Indicators of the annual bilan (shared/spec/bilan-indicators.md), as aggregate database queries.

`compute(year, perimeter)` returns an ordered dict with every key of the spec (None when undefined).
No function here loads the rows of a population into Python: populations are querysets, measures
are COUNT / SUM / AVG with filters, and the median reads one or two rows by OFFSET.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Case, Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractYear

from clef.bilan.db import DayNumber
from clef.dwellings.enums import Conventionnement, ManagementMode, Parc, Typology
from clef.dwellings.models import Dwelling
from clef.households.enums import ORIGIN_GROUP_OF, Composition, OriginGroup, PersonRole, ResourceSource, Sex
from clef.households.models import Household, HouseholdResource, Person
from clef.organisations.models import Organisation
from clef.referential.models import ExitScheme
from clef.stays.enums import EXIT_DESTINATIONS
from clef.stays.models import Stay
from clef.utils.dates import DAYS_PER_MONTH

TYPOLOGY_KEYS = {
    Typology.T1: "t1",
    Typology.T2: "t2",
    Typology.T3: "t3",
    Typology.T4: "t4",
    Typology.T5_PLUS: "t5_plus",
}
RESOURCE_CATEGORIES = [
    "rsa_seul",
    "salaire_sans_rsa",
    "rsa_et_salaire",
    "aah",
    "chomage",
    "sans_ressources",
    "autres",
]


# ---------------------------------------------------------------- conventions


def pct(part: int | None, whole: int | None) -> float | None:
    """100 × part / whole rounded half-up to one decimal; None when the whole is 0."""
    if not whole:
        return None
    return float(
        (Decimal(100 * (part or 0)) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )


def months(days: float | None) -> float | None:
    if days is None:
        return None
    return float(
        (Decimal(str(days)) / Decimal(str(DAYS_PER_MONTH))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )


@dataclass(frozen=True)
class Perimeter:
    """Whole database, a region, a department (of the structure's head office) or one structure."""

    kind: str = "tout"
    code: str = ""

    @classmethod
    def parse(cls, text: str | None) -> Perimeter:
        if not text:
            return cls()
        kind, _, code = text.partition(":")
        if kind not in {"region", "departement", "structure"} or not code or len(code) > 100:
            raise ValueError(
                f"Périmètre « {text} » invalide : attendu region:CODE, departement:CODE ou structure:ID."
            )
        return cls(kind, code)

    @property
    def label(self) -> str:
        return "tout" if self.kind == "tout" else self.kind

    def organisations(self) -> QuerySet[Organisation]:
        queryset = Organisation.objects.operators()
        if self.kind == "region":
            return queryset.filter(head_office_department__region_id=self.code)
        if self.kind == "departement":
            return queryset.filter(head_office_department_id=self.code)
        if self.kind == "structure":
            return (
                queryset.filter(pk=self.code)
                if self.code.isdigit() and len(self.code) <= 18  # a primary key, not a 4 301-digit number
                else queryset.filter(external_id=self.code)
            )
        return queryset


# ---------------------------------------------------------------- populations


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def dwellings(perimeter: Perimeter) -> QuerySet[Dwelling]:
    if perimeter.kind == "tout":
        return Dwelling.objects.all()
    return Dwelling.objects.filter(organisation__in=perimeter.organisations())


def stays(perimeter: Perimeter) -> QuerySet[Stay]:
    if perimeter.kind == "tout":
        return Stay.objects.all()
    return Stay.objects.filter(organisation__in=perimeter.organisations())


def households_present(perimeter: Perimeter, year: int) -> QuerySet[Household]:
    start, end = year_bounds(year)
    overlapping = (
        stays(perimeter)
        .filter(household=OuterRef("pk"), entry_date__lte=end)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=start))
    )
    return Household.objects.filter(Exists(overlapping))


def parcours_entries(perimeter: Perimeter, year: int) -> QuerySet[Stay]:
    """First stays of the parcours starting in `year` (one row per household entry)."""
    return stays(perimeter).filter(pathway_start__year=year, entry_date=F("pathway_start"))


def exits(perimeter: Perimeter, year: int) -> QuerySet[Stay]:
    return stays(perimeter).exits_in(year)


# ---------------------------------------------------------------- sections


def _park(perimeter: Perimeter, year: int) -> dict:
    _, end = year_bounds(year)
    park = dwellings(perimeter).in_park_on(end)
    private = Q(parc=Parc.PRIVE)
    agg = park.aggregate(
        n=Count("pk"),
        places=Sum("places"),
        prive=Count("pk", filter=private),
        public=Count("pk", filter=Q(parc=Parc.PUBLIC)),
        conv_sans=Count("pk", filter=private & Q(conventionnement=Conventionnement.SANS_TRAVAUX)),
        conv_avec=Count("pk", filter=private & Q(conventionnement=Conventionnement.AVEC_TRAVAUX)),
        **{f"mode_{m.value}": Count("pk", filter=Q(management_mode=m)) for m in ManagementMode},
        **{f"typo_{k}": Count("pk", filter=Q(typology=t)) for t, k in TYPOLOGY_KEYS.items()},
    )
    agg["places"] = agg["places"] or 0
    return agg


def park_size(perimeter: Perimeter, year: int) -> tuple[int, int]:
    _, end = year_bounds(year)
    agg = dwellings(perimeter).in_park_on(end).aggregate(n=Count("pk"), places=Sum("places"))
    return agg["n"], agg["places"] or 0


def _evolution(current: int, previous: int) -> float | None:
    return pct(current - previous, previous)


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
    """Households of `households` by resource category, in one GROUP BY: each household's sources are
    summed into a bitmask, then counted by the masks of each category."""
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


def _group_counts(queryset: QuerySet, field: str) -> dict[str, int]:
    return {row[field]: row["n"] for row in queryset.values(field).annotate(n=Count("pk")).order_by()}


def _duration_days(start_field: str):
    return DayNumber(F("exit_date")) - DayNumber(F(start_field))


def _median(queryset: QuerySet, expression, count: int) -> float | None:
    """Median of `expression` over `queryset` in the database (ORDER BY … OFFSET, one or two rows)."""
    if not count:
        return None
    ordered = queryset.annotate(_m=expression).order_by("_m").values_list("_m", flat=True)
    middle = (count - 1) // 2
    values = list(ordered[middle : middle + (1 if count % 2 else 2)])
    return sum(values) / len(values)


def compute(year: int, perimeter: Perimeter | None = None) -> dict:
    """Every indicator of the spec for `year` over `perimeter`, keyed as in the JSON output."""
    return compute_detailed(year, perimeter)[0]


COUNT_KEYS = (
    "structures.actives",
    "parc.logements",
    "parc.places",
    "logements_entres.nombre",
    "logements_sortis.nombre",
    "menages.presents",
    "menages.entres",
    "menages.sortis",
)
SECRET = "secret"
MIN_COUNT, MIN_WHOLE = 5, 11


def apply_secrecy(values: dict, wholes: dict) -> dict:
    """Statistical secrecy (spec): counts below 5 and figures computed on a whole below 11 → "secret"."""
    masked = {}
    for key, value in values.items():
        if key in COUNT_KEYS:
            masked[key] = SECRET if value is not None and value < MIN_COUNT else value
        elif value is not None and wholes.get(key, 0) < MIN_WHOLE:
            masked[key] = SECRET
        else:
            masked[key] = value
    return masked


def compute_detailed(year: int, perimeter: Perimeter | None = None) -> tuple[dict, dict]:
    """The indicators and, for every derived figure, the size of the population it is computed on."""
    return _compute(year, perimeter)[:2]


def _share(parts: dict, key: str, part: int | None, whole: int | None) -> float | None:
    parts[key] = part or 0
    return pct(part, whole)


def compute_parts(year: int, perimeter: Perimeter | None = None) -> dict:
    """Additive building blocks of the bilan: for every figure its numerator ("part"), the population it is
    computed on ("whole"), or the count itself. Summing them over operators gives back the figures of a
    group of operators (what the campaign does with frozen submissions)."""
    values, wholes, parts = _compute(year, perimeter)
    return {"values": values, "wholes": wholes, "parts": parts}


def _compute(year: int, perimeter: Perimeter | None) -> tuple[dict, dict, dict]:
    perimeter = perimeter or Perimeter()
    start, end = year_bounds(year)
    out: dict[str, object] = {}
    parts: dict[str, float] = {}

    out["structures.actives"] = (
        dwellings(perimeter)
        .filter(entry_date__lte=end)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gt=start))
        .values("organisation")
        .distinct()
        .count()
    )

    park = _park(perimeter, year)
    prev_n, prev_places = park_size(perimeter, year - 1)
    n = park["n"]
    out["parc.logements"] = n
    out["parc.places"] = park["places"]
    out["parc.logements_evolution_pct"] = _evolution(n, prev_n)
    out["parc.places_evolution_pct"] = _evolution(park["places"], prev_places)
    parts["parc.logements_evolution_pct"] = n - prev_n
    parts["parc.places_evolution_pct"] = park["places"] - prev_places
    out["parc.prive_pct"] = _share(parts, "parc.prive_pct", park["prive"], n)
    out["parc.public_pct"] = _share(parts, "parc.public_pct", park["public"], n)
    for mode in ManagementMode:
        out[f"parc.mode.{mode.value}_pct"] = _share(
            parts, f"parc.mode.{mode.value}_pct", park[f"mode_{mode.value}"], n
        )
    for key in TYPOLOGY_KEYS.values():
        out[f"parc.typologie.{key}_pct"] = _share(parts, f"parc.typologie.{key}_pct", park[f"typo_{key}"], n)
    out["parc.prive.conventionne_pct"] = _share(
        parts, "parc.prive.conventionne_pct", park["conv_sans"] + park["conv_avec"], park["prive"]
    )
    out["parc.prive.conventionne_sans_travaux_pct"] = _share(
        parts, "parc.prive.conventionne_sans_travaux_pct", park["conv_sans"], park["prive"]
    )
    out["parc.prive.conventionne_avec_travaux_pct"] = _share(
        parts, "parc.prive.conventionne_avec_travaux_pct", park["conv_avec"], park["prive"]
    )

    entered = (
        dwellings(perimeter)
        .entered_in(year)
        .aggregate(
            n=Count("pk"), **{m.value: Count("pk", filter=Q(management_mode=m)) for m in ManagementMode}
        )
    )
    out["logements_entres.nombre"] = entered["n"]
    for mode in ManagementMode:
        out[f"logements_entres.mode.{mode.value}_pct"] = _share(
            parts, f"logements_entres.mode.{mode.value}_pct", entered[mode.value], entered["n"]
        )
    out["logements_sortis.nombre"] = dwellings(perimeter).left_in(year).count()

    present = households_present(perimeter, year)
    entries = parcours_entries(perimeter, year)
    exit_qs = exits(perimeter, year)

    entries_agg = entries.aggregate(
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
    present_agg = present.aggregate(
        n=Count("pk"),
        dalo=Count("pk", filter=Q(dalo=True)),
        **{f"comp_{c.value}": Count("pk", filter=Q(composition=c)) for c in Composition},
    )
    n_present, n_entries = present_agg["n"], entries_agg["n"]
    n_exits = exit_qs.count()
    out["menages.presents"] = n_present
    out["menages.entres"] = n_entries
    out["menages.sortis"] = n_exits
    out["menages.entres.orientation_siao_pct"] = _share(
        parts, "menages.entres.orientation_siao_pct", entries_agg["siao"], n_entries
    )
    for group in OriginGroup:
        out[f"menages.entres.origine.{group.value}_pct"] = _share(
            parts,
            f"menages.entres.origine.{group.value}_pct",
            entries_agg[f"origin_{group.value}"],
            n_entries,
        )
    out["menages.presents.dalo_pct"] = _share(
        parts, "menages.presents.dalo_pct", present_agg["dalo"], n_present
    )

    categories = resource_categories(present, n_present)
    for category in RESOURCE_CATEGORIES:
        out[f"menages.presents.ressources.{category}_pct"] = _share(
            parts, f"menages.presents.ressources.{category}_pct", categories.get(category, 0), n_present
        )
    for composition in Composition:
        out[f"menages.presents.composition.{composition.value}_pct"] = _share(
            parts,
            f"menages.presents.composition.{composition.value}_pct",
            present_agg[f"comp_{composition.value}"],
            n_present,
        )
    # A direct semi-join on the stays (not "household IN (…)"): PostgreSQL plans it well even before
    # statistics exist on freshly loaded tables.
    references = (
        Person.objects.filter(role=PersonRole.REFERENCE)
        .filter(
            Exists(
                stays(perimeter)
                .filter(household=OuterRef("household_id"), entry_date__lte=end)
                .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=start))
            )
        )
        .annotate(birth_year=ExtractYear("birth_date"))
    )
    ref_agg = references.aggregate(
        men=Count("pk", filter=Q(sex=Sex.M)),
        moins_25=Count("pk", filter=Q(birth_year__gt=year - 25)),
        a25_30=Count("pk", filter=Q(birth_year__lte=year - 25, birth_year__gte=year - 30)),
        a31_59=Count("pk", filter=Q(birth_year__lte=year - 31, birth_year__gte=year - 59)),
        a60_plus=Count("pk", filter=Q(birth_year__lte=year - 60)),
    )
    out["menages.presents.reference_homme_pct"] = _share(
        parts, "menages.presents.reference_homme_pct", ref_agg["men"], n_present
    )
    out["menages.presents.age.moins_25_pct"] = _share(
        parts, "menages.presents.age.moins_25_pct", ref_agg["moins_25"], n_present
    )
    out["menages.presents.age.25_30_pct"] = _share(
        parts, "menages.presents.age.25_30_pct", ref_agg["a25_30"], n_present
    )
    out["menages.presents.age.31_59_pct"] = _share(
        parts, "menages.presents.age.31_59_pct", ref_agg["a31_59"], n_present
    )
    out["menages.presents.age.60_plus_pct"] = _share(
        parts, "menages.presents.age.60_plus_pct", ref_agg["a60_plus"], n_present
    )

    in_dispositif, in_dwelling = _duration_days("pathway_start"), _duration_days("entry_date")
    durations = exit_qs.annotate(d_disp=in_dispositif, d_dw=in_dwelling).aggregate(
        mean_disp=Avg("d_disp"),
        mean_dw=Avg("d_dw"),
        sum_disp=Sum("d_disp"),
        sum_dw=Sum("d_dw"),
        short=Count("pk", filter=Q(d_disp__lt=6 * DAYS_PER_MONTH)),
        long=Count("pk", filter=Q(d_disp__gt=18 * DAYS_PER_MONTH)),
        none=Count("pk", filter=Q(loss_unpaid_rent=False, loss_damage=False)),
        unpaid=Count("pk", filter=Q(loss_unpaid_rent=True, loss_damage=False)),
        damage=Count("pk", filter=Q(loss_unpaid_rent=False, loss_damage=True)),
        both=Count("pk", filter=Q(loss_unpaid_rent=True, loss_damage=True)),
    )
    out["sorties.duree_moyenne_dispositif_mois"] = months(durations["mean_disp"])
    out["sorties.duree_mediane_dispositif_mois"] = months(_median(exit_qs, in_dispositif, n_exits))
    out["sorties.duree_moyenne_logement_mois"] = months(durations["mean_dw"])
    out["sorties.duree_moins_6_mois_pct"] = _share(
        parts, "sorties.duree_moins_6_mois_pct", durations["short"], n_exits
    )
    out["sorties.duree_plus_18_mois_pct"] = _share(
        parts, "sorties.duree_plus_18_mois_pct", durations["long"], n_exits
    )

    by_destination = _group_counts(exit_qs, "destination")
    for destination in EXIT_DESTINATIONS:
        out[f"sorties.destination.{destination.value}_pct"] = _share(
            parts, f"sorties.destination.{destination.value}_pct", by_destination.get(destination, 0), n_exits
        )
    schemes = list(ExitScheme.objects.prefetch_related("categories", "entries__category"))
    official = next((s for s in schemes if s.code == "officielle"), None)
    for scheme in schemes:
        mapping = {d.value: "non_classe" for d in EXIT_DESTINATIONS}
        mapping.update({e.destination: e.category.code for e in scheme.entries.all()})
        totals: dict[str, int] = {}
        for destination, count in by_destination.items():
            category = mapping.get(destination, "non_classe")
            totals[category] = totals.get(category, 0) + count
        for category in scheme.categories.all():
            out[f"sorties.categorisation.{scheme.code}.{category.code}_pct"] = _share(
                parts,
                f"sorties.categorisation.{scheme.code}.{category.code}_pct",
                totals.get(category.code, 0),
                n_exits,
            )
        if scheme is official:
            out["sorties.logement_perenne_pct"] = _share(
                parts, "sorties.logement_perenne_pct", totals.get("perenne", 0), n_exits
            )
    out.setdefault("sorties.logement_perenne_pct", None)
    out["sorties.sinistre.aucun_pct"] = _share(
        parts, "sorties.sinistre.aucun_pct", durations["none"], n_exits
    )
    out["sorties.sinistre.impaye_seul_pct"] = _share(
        parts, "sorties.sinistre.impaye_seul_pct", durations["unpaid"], n_exits
    )
    out["sorties.sinistre.degradation_seule_pct"] = _share(
        parts, "sorties.sinistre.degradation_seule_pct", durations["damage"], n_exits
    )
    out["sorties.sinistre.multiple_pct"] = _share(
        parts, "sorties.sinistre.multiple_pct", durations["both"], n_exits
    )

    wholes: dict[str, int] = {}
    for key in out:
        if key in COUNT_KEYS:
            continue
        if key == "parc.logements_evolution_pct":
            wholes[key] = prev_n
        elif key == "parc.places_evolution_pct":
            wholes[key] = prev_places
        elif key.startswith("parc.prive.conventionne"):
            wholes[key] = park["prive"]
        elif key.startswith("parc."):
            wholes[key] = n
        elif key.startswith("logements_entres."):
            wholes[key] = entered["n"]
        elif key.startswith("menages.entres."):
            wholes[key] = n_entries
        elif key.startswith("menages.presents."):
            wholes[key] = n_present
        elif key.startswith("sorties."):
            wholes[key] = n_exits
    parts["sorties.duree_moyenne_dispositif_mois"] = durations["sum_disp"] or 0
    parts["sorties.duree_moyenne_logement_mois"] = durations["sum_dw"] or 0
    return out, wholes, parts


def combine(items: list[dict]) -> dict:
    """The figures of a group of operators from their additive parts (see compute_parts).

    Counts add up; a percentage is the sum of its parts over the sum of its wholes; a mean duration is
    the total of the days over the number of exits. A median cannot be rebuilt from parts: None.
    """
    if not items:
        return {}
    keys = list(items[0]["values"])
    combined: dict[str, object] = {}
    for key in keys:
        if key in COUNT_KEYS:
            combined[key] = sum(item["values"].get(key) or 0 for item in items)
        elif key == "sorties.duree_mediane_dispositif_mois":
            combined[key] = None
        else:
            part = sum(item["parts"].get(key, 0) for item in items)
            whole = sum(item["wholes"].get(key, 0) for item in items)
            if key.endswith("_mois"):
                combined[key] = months(part / whole) if whole else None
            else:
                combined[key] = pct_float(part, whole)
    return combined


def pct_float(part: float, whole: float) -> float | None:
    if not whole:
        return None
    return float(
        (Decimal(str(100 * part)) / Decimal(str(whole))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )
