"""The measure's funding in figures: the days actually supported (from the stays) and, per operator, the
subsidy against them (cost per person-day and per household-day, beside the reference cost of the
setting `CLEF_RENTAL["reference_cost_per_person_day"]`, « environ 6 € … certainement très insuffisant »).

Days supported. A stay supports its household from its entry day to the day before its exit (nights:
the exit day belongs to the next stay of an internal move, so a move counts no day twice); a stay still
open at the end of the year counts through 31/12. The stays are those the bilan counts as present in the
year (`StayQuerySet.present_between`), clipped to the year. Person-days: household-days × the household's
members (its current composition: Clef keeps no history of members). All in one aggregate query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, DateField, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from clef.funding.models import Subsidy
from clef.households.models import Person
from clef.organisations.perms import Oversight
from clef.stays.models import Stay
from clef.utils.sql import DayNumber

ZERO = Decimal("0")


@dataclass(frozen=True)
class Days:
    households: int = 0  # household-days
    persons: int = 0  # person-days


@dataclass(frozen=True)
class OperatorFunding:
    organisation_id: int
    name: str
    subsidy_id: int | None
    captation: Decimal
    gla: Decimal
    support: Decimal
    total: Decimal
    household_days: int
    person_days: int
    cost_per_person_day: Decimal | None
    cost_per_household_day: Decimal | None


@dataclass(frozen=True)
class FundingFigures:
    year: int
    rows: list[OperatorFunding]
    total: OperatorFunding
    reference_cost: Decimal


def _date(value: date) -> Value:
    return Value(value, output_field=DateField())


def days_supported(operator_ids, year: int) -> dict[int, Days]:
    """Household-days and person-days supported in `year`, per operator of `operator_ids` (a list or a
    queryset of primary keys); an operator with no stay is absent."""
    start, end, after = date(year, 1, 1), date(year, 12, 31), date(year + 1, 1, 1)
    members = (
        Person.objects.filter(household=OuterRef("household"))
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    first = Greatest("entry_date", _date(start))
    last = Least(Coalesce("exit_date", _date(after)), _date(after))
    rows = (
        Stay.objects.filter(organisation__in=operator_ids)
        .present_between(start, end)
        .annotate(
            n_days=DayNumber(last) - DayNumber(first),
            n_members=Coalesce(Subquery(members, output_field=IntegerField()), 0),
        )
        .order_by()
        .values("organisation")
        .annotate(households=Sum("n_days"), persons=Sum(F("n_days") * F("n_members")))
    )
    return {row["organisation"]: Days(_whole(row["households"]), _whole(row["persons"])) for row in rows}


def _whole(value) -> int:
    """A day count read from SQL (a float on SQLite's julianday) to the whole day, half up: no banker's
    rounding of Python's `round` on binary floats."""
    return int(Decimal(str(value or 0)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def per_day(amount: Decimal, n_days: int) -> Decimal | None:
    """`amount` / `n_days`, to the cent (half up); None when no day was supported."""
    if not n_days:
        return None
    return (amount / Decimal(n_days)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _row(organisation_id, name, subsidy_id, parts, days: Days) -> OperatorFunding:
    total = sum(parts, ZERO)
    return OperatorFunding(
        organisation_id=organisation_id,
        name=name,
        subsidy_id=subsidy_id,
        captation=parts[0],
        gla=parts[1],
        support=parts[2],
        total=total,
        household_days=days.households,
        person_days=days.persons,
        cost_per_person_day=per_day(total, days.persons),
        cost_per_household_day=per_day(total, days.households),
    )


def funding_figures(over: Oversight, year: int) -> FundingFigures:
    """Per operator of `over` (the operators, their subsidy of `year`, their days): the subsidy's parts
    and total, the days supported and the costs per day, with the total of the territory. Three queries."""
    operators = over.operators()
    subsidies = {
        s.organisation_id: s
        for s in Subsidy.objects.filter(organisation__in=operators, year=year).only(
            "organisation_id", "captation_amount", "gla_amount", "support_amount", "version"
        )
    }
    days = days_supported(operators.values("pk"), year)
    rows = []
    for pk, name in operators.order_by("name").values_list("pk", "name"):
        subsidy = subsidies.get(pk)
        parts = (
            (subsidy.captation_amount, subsidy.gla_amount, subsidy.support_amount) if subsidy else (ZERO,) * 3
        )
        rows.append(_row(pk, name, subsidy.pk if subsidy else None, parts, days.get(pk, Days())))
    totals = Days(sum(r.household_days for r in rows), sum(r.person_days for r in rows))
    parts = tuple(sum((getattr(r, f) for r in rows), ZERO) for f in ("captation", "gla", "support"))
    return FundingFigures(
        year=year,
        rows=rows,
        total=_row(None, "Total", None, parts, totals),
        reference_cost=settings.CLEF_RENTAL["reference_cost_per_person_day"],
    )


def funding_totals(operator_ids, year: int) -> OperatorFunding:
    """The subsidies and the days of `operator_ids` (a queryset of primary keys) in `year`, added up (the
    bilan's « financement » section). Two aggregate queries."""
    agg = Subsidy.objects.filter(organisation__in=operator_ids, year=year).aggregate(
        captation=Sum("captation_amount"), gla=Sum("gla_amount"), support=Sum("support_amount")
    )
    days = days_supported(operator_ids, year).values()
    totals = Days(sum(d.households for d in days), sum(d.persons for d in days))
    parts = tuple(agg[name] or ZERO for name in ("captation", "gla", "support"))
    return _row(None, "Total", None, parts, totals)
