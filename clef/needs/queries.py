"""The needs and targets figures: aggregate queries only, one definition each, read by the pages, their
exports and the bilan (`clef.bilan.sections.captation`).

- `needs_vs_supply(area, on)`: per department × EPCI × typology, households waiting (the SIAO's latest
  declaration in force + candidates proposed by the SIAO still pending that day) against the supply
  (dwellings in the park, vacant ones, open captation leads with an offered dwelling:
  `clef.captation.queries.pipeline_by_typology`).
- `targets_progress(oversight, year)`: per operator, the new dwellings of the year by mode and park
  against its target; totals per department and for the whole.
- `territory_figures(organisation, year)`: `clef.needs.territory`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils import timezone

from clef.captation.queries import pipeline_by_typology
from clef.dwellings.enums import ManagementMode, Parc, Typology
from clef.dwellings.models import Dwelling
from clef.needs.figures import pct
from clef.needs.models import CaptationTarget, NeedDeclaration
from clef.needs.rules import achievement_percent, park_day
from clef.needs.scope import Area
from clef.needs.territory import territory_figures
from clef.organisations.perms import Oversight
from clef.orientation.enums import Decision
from clef.orientation.models import Proposal
from clef.territories.models import Department, Epci

__all__ = ["needs_vs_supply", "pending_proposals", "pipeline", "targets_progress", "territory_figures"]

MEASURES = ("declared", "proposed", "park", "vacant", "pipeline")


@dataclass
class NeedRow:
    """One line of the état des lieux (an EPCI code "" for the communes outside any EPCI, or a SIAO
    declaration for the whole department)."""

    department_code: str
    department_name: str
    epci_code: str
    epci_name: str
    typology: str
    declared: int = 0
    proposed: int = 0
    park: int = 0
    vacant: int = 0
    pipeline: int = 0

    @property
    def typology_label(self) -> str:
        return Typology(self.typology).label

    @property
    def waiting(self) -> int:
        return self.declared + self.proposed

    @property
    def gap(self) -> int:
        """Households waiting that neither a vacant dwelling nor a dwelling in the pipeline answers."""
        return max(self.waiting - self.vacant - self.pipeline, 0)


def _grouped(queryset, dept: str, epci: str, typology: str, value) -> dict[tuple, int]:
    rows = queryset.values(dept, epci, typology).annotate(n=value).order_by()
    return {(r[dept], r[epci] or "", r[typology]): r["n"] for r in rows}


def pending_proposals(area: Area, on: date):
    """Candidates proposed by the SIAO on or before `on` and not decided that day, for dwellings of the area."""
    return Proposal.objects.filter(
        area.commune_q("availability__dwelling__commune__"), proposed_on__lte=on
    ).filter(Q(decision=Decision.PENDING) | Q(decided_on__gt=on))


def pipeline(area: Area) -> dict[tuple, int]:
    """Open captation leads (before the signature) with an offered dwelling in the area, by (department,
    EPCI, typology): `clef.captation.queries.pipeline_by_typology`, the pipeline's one definition."""
    counts: dict[tuple, int] = defaultdict(int)
    for row in pipeline_by_typology(**area.lookups("offered_dwelling__commune__")):
        key = (
            row["offered_dwelling__commune__department_id"],
            row["offered_dwelling__commune__epci_id"] or "",
            row["offered_dwelling__typology"],
        )
        counts[key] += row["leads"]
    return counts


def _measures(area: Area, on: date) -> dict[str, dict[tuple, int]]:
    """Each measure grouped by (department, EPCI, typology): five aggregate queries."""
    declared = NeedDeclaration.objects.in_force_on(on).filter(area.department_q(), area.epci_q())
    park = Dwelling.objects.in_park_on(on).filter(area.commune_q("commune__"))
    vacant = Dwelling.objects.vacant_on(on).filter(area.commune_q("commune__"))
    where = ("commune__department_id", "commune__epci_id", "typology")
    return {
        "declared": _grouped(declared, "department_id", "epci_id", "typology", Sum("households_waiting")),
        "proposed": _grouped(
            pending_proposals(area, on),
            "availability__dwelling__commune__department_id",
            "availability__dwelling__commune__epci_id",
            "availability__dwelling__typology",
            Count("pk"),
        ),
        "park": _grouped(park, *where, Count("pk")),
        "vacant": _grouped(vacant, *where, Count("pk")),
        "pipeline": pipeline(area),
    }


def needs_vs_supply(
    area: Area, on: date, *, department: str | None = None, epci: str | None = None
) -> list[NeedRow]:
    """The état des lieux of `area` on `on` (filtered by `department` / `epci` code), sorted by department,
    EPCI name and typology. Seven queries whatever the area."""
    measures = _measures(area, on)
    keys = {key for values in measures.values() for key in values}
    if department:
        keys = {k for k in keys if k[0] == department}
    if epci is not None:  # "": the communes outside any EPCI and the department-wide declarations
        keys = {k for k in keys if k[1] == epci}
    departments = dict(Department.objects.filter(code__in={k[0] for k in keys}).values_list("code", "name"))
    epcis = dict(Epci.objects.filter(code__in={k[1] for k in keys if k[1]}).values_list("code", "name"))
    order = {t: i for i, t in enumerate(Typology.values)}
    rows = [
        NeedRow(
            department_code=d,
            department_name=departments.get(d, d),
            epci_code=e,
            epci_name=epcis.get(e, "Hors EPCI ou non ventilé"),
            typology=t,
            **{name: measures[name].get((d, e, t), 0) for name in MEASURES},
        )
        for d, e, t in keys
    ]
    return sorted(rows, key=lambda r: (r.department_code, r.epci_code == "", r.epci_name, order[r.typology]))


def totals_by_typology(rows: list[NeedRow]) -> list[NeedRow]:
    """The rows summed per typology (the chart and its data table)."""
    totals = {t: NeedRow("", "", "", "", t) for t in Typology.values}
    for row in rows:
        for name in MEASURES:
            setattr(totals[row.typology], name, getattr(totals[row.typology], name) + getattr(row, name))
    return list(totals.values())


# --- Targets -------------------------------------------------------------------------------------------

NEW_COUNTS = ("new", "new_with_target", "new_mandat", "new_sous_location", "new_prive", "park")


@dataclass
class Progress:
    """The new dwellings of one operator (or a group of operators) in a year, against the target."""

    name: str
    department_code: str = ""
    organisation_id: int | None = None
    target: CaptationTarget | None = None
    target_new: int = 0
    new: int = 0
    new_with_target: int = 0  # the new dwellings of the operators that have a target (the achievement's)
    new_mandat: int = 0
    new_sous_location: int = 0
    new_prive: int = 0
    park: int = 0
    mandate_target_percent: int | None = None
    private_target_percent: int | None = None
    operators: list[Progress] = field(default_factory=list)
    park_on: date | None = None  # `clef.needs.rules.park_day`: 31/12, or today for the current year

    @property
    def achievement_pct(self) -> float | None:
        """Over the operators that have a target only (an operator without one adds nothing achieved)."""
        return achievement_percent(self.new_with_target, self.target_new)

    @property
    def mandat_pct(self) -> float | None:
        return pct(self.new_mandat, self.new)

    @property
    def sous_location_pct(self) -> float | None:
        return pct(self.new_sous_location, self.new)

    @property
    def prive_pct(self) -> float | None:
        return pct(self.new_prive, self.new)

    def add(self, other: Progress) -> None:
        for name in (*NEW_COUNTS, "target_new"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def new_dwellings_q(year: int) -> dict:
    """The aggregates of the new dwellings of `year` by mode and park (shared with the bilan)."""
    entered = Q(entry_date__year=year)
    sous_location = [ManagementMode.SOUS_LOCATION, ManagementMode.BAIL_GLISSANT]
    return {
        "new": Count("pk", filter=entered),
        "new_mandat": Count("pk", filter=entered & Q(management_mode=ManagementMode.MANDAT_GESTION)),
        "new_sous_location": Count("pk", filter=entered & Q(management_mode__in=sous_location)),
        "new_prive": Count("pk", filter=entered & Q(parc=Parc.PRIVE)),
    }


def targets_progress(oversight: Oversight, year: int, today: date | None = None) -> Progress:
    """The operators of `oversight` with their progress in `year` (`operators` of each department in
    `.operators` of the returned whole; three queries); the park on `rules.park_day(year, today)`."""
    operators = list(
        oversight.operators()
        .select_related("head_office_department")
        .order_by("head_office_department", "name")
    )
    end = park_day(year, today or timezone.localdate())
    in_park = Q(entry_date__lte=end) & (Q(exit_date__isnull=True) | Q(exit_date__gt=end))
    counts = {
        row.pop("organisation_id"): row
        for row in Dwelling.objects.filter(organisation__in=[o.pk for o in operators])
        .values("organisation_id")
        .annotate(**new_dwellings_q(year), park=Count("pk", filter=in_park))
        .order_by()
    }
    targets = {
        t.organisation_id: t
        for t in CaptationTarget.objects.filter(organisation__in=[o.pk for o in operators], year=year)
    }
    whole = Progress("Total", park_on=end)
    departments: dict[str, Progress] = defaultdict(lambda: Progress(""))
    for operator in operators:
        target = targets.get(operator.pk)
        row = Progress(
            operator.name,
            department_code=operator.head_office_department_id or "",
            organisation_id=operator.pk,
            target=target,
            target_new=target.new_dwellings if target else 0,
            mandate_target_percent=target.mandate_share_percent if target else None,
            private_target_percent=target.private_share_percent if target else None,
            **counts.get(operator.pk, {}),
        )
        row.new_with_target = row.new if target else 0
        group = departments[row.department_code]
        group.name = str(operator.head_office_department or "Sans département")
        group.department_code = row.department_code
        group.operators.append(row)
        group.add(row)
        whole.add(row)
    whole.operators = list(departments.values())
    return whole
