"""Operators and the park: dwellings entering and leaving year by year, then their attributes, with the
2024 park and the dwellings entered in 2024 following the report's shares exactly."""

import random
from collections import defaultdict
from datetime import date

from clef.demo import calibration as cal
from clef.demo import names
from clef.demo.generation.draws import assign_by_quotas, draw, quotas, random_day
from clef.demo.specs import DwellingSpec, OperatorSpec
from clef.dwellings.enums import Conventionnement, Parc

Communes = dict[str, list[str]]  # department code → commune codes, largest first


def operators(rng: random.Random) -> list[OperatorSpec]:
    slots = [dep for dep, n in cal.OPERATORS_PER_DEPARTMENT.items() for _ in range(n)]
    rng.shuffle(slots)
    for dep in cal.DEMO_OPERATOR_DEPARTMENTS:
        slots.remove(dep)
    slots = [*cal.DEMO_OPERATOR_DEPARTMENTS, *slots]
    years = [y for y, n in cal.NEW_OPERATORS_BY_YEAR.items() for _ in range(n)]
    stems_used: dict[tuple[str, str], int] = defaultdict(int)
    result = []
    for i, (dep, year) in enumerate(zip(slots, years, strict=True)):
        stem = names.OPERATOR_STEMS[i % len(names.OPERATOR_STEMS)]
        stems_used[(stem, dep)] += 1
        suffix = f" {stems_used[(stem, dep)]}" if stems_used[(stem, dep)] > 1 else ""
        name = f"{stem} {cal.DEPARTMENT_LABELS[dep]}{suffix}"
        result.append(OperatorSpec(index=i + 1, department=dep, founded=year, name=name))
    return result


def park(rng: random.Random, operators: list[OperatorSpec], communes: Communes) -> list[DwellingSpec]:
    """Every dwelling of the history, with exactly PARK_AT_END[year] in the park at the end of each year."""
    dwellings: list[DwellingSpec] = []
    in_park: list[DwellingSpec] = []
    demo_operators = len(cal.DEMO_OPERATOR_DEPARTMENTS)
    weights = {
        op.index: rng.uniform(0.4, 2.5) * (cal.DEMO_OPERATOR_WEIGHT if op.index <= demo_operators else 1.0)
        for op in operators
    }
    previous_park = 0
    for year in cal.YEARS:
        start, year_end = date(year, 1, 1), min(date(year, 12, 31), cal.HORIZON)
        leaving = cal.EXITS_BY_YEAR[year]
        # Exits first: chosen among dwellings entered before this year and not protected.
        candidates = [d for d in in_park if d.entry_date < start and not d.protected]
        for dwelling in rng.sample(candidates, leaving):
            dwelling.exit_date = random_day(rng, start, year_end)
            in_park.remove(dwelling)
        entering = cal.PARK_AT_END[year] - previous_park + leaving
        for op, protected in _owners(rng, operators, weights, year, entering):
            dwelling = DwellingSpec(
                index=len(dwellings) + 1,
                operator=op,
                entry_date=random_day(rng, start, year_end),
                protected=protected,
            )
            op.dwellings.append(dwelling)
            dwellings.append(dwelling)
            in_park.append(dwelling)
        previous_park = cal.PARK_AT_END[year]
    _dwelling_attributes(rng, dwellings, communes)
    return dwellings


def _owners(
    rng: random.Random, operators: list[OperatorSpec], weights: dict[int, float], year: int, entering: int
) -> list[tuple[OperatorSpec, bool]]:
    """The operator of each dwelling entering the park in `year`, and whether it is protected: every
    operator founded that year gets its first dwellings (the first one protected), the rest go to the
    open operators by weight."""
    open_ops = [op for op in operators if op.founded <= year]
    new_ops = [op for op in operators if op.founded == year]
    owners = [op for op in new_ops for _ in range(cal.FIRST_DWELLINGS_OF_NEW_OPERATOR)]
    owners += rng.choices(open_ops, weights=[weights[op.index] for op in open_ops], k=entering - len(owners))
    first_of = {op.index for op in new_ops}
    result = []
    for op in owners:
        result.append((op, op.index in first_of))
        first_of.discard(op.index)
    return result


def _dwelling_attributes(rng: random.Random, dwellings: list[DwellingSpec], communes: Communes) -> None:
    end_2024 = date(cal.BILAN_YEAR, 12, 31)
    park_2024 = [
        d for d in dwellings if d.entry_date <= end_2024 and (d.exit_date is None or d.exit_date > end_2024)
    ]
    park_set = set(park_2024)
    others = [d for d in dwellings if d not in park_set]
    _codes(rng, park_2024, others)
    others_set = set(others)
    for dwelling in dwellings:
        if dwelling in others_set and dwelling.parc == Parc.PRIVE:
            dwelling.conventionnement = draw(rng, cal.CONVENTION_SHARES_PRIVATE)
        if dwelling.conventionnement != Conventionnement.AUCUN:
            dwelling.rent_level = rng.choice(cal.RENT_LEVEL_DRAW)
        size_and_rent(rng, dwelling)
        department_communes = communes[dwelling.operator.department]
        # Dwellings concentrate in the larger communes of the department.
        dwelling.commune_code = department_communes[
            min(int(rng.expovariate(1 / 12)), len(department_communes) - 1)
        ]
        dwelling.address = f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}"
    _meet_places_target(rng, park_2024)


def _codes(rng: random.Random, park_2024: list[DwellingSpec], others: list[DwellingSpec]) -> None:
    """Management mode, parc, typology (and conventionnement in the private park): exact shares in the
    2024 park, drawn elsewhere."""
    entered_2024 = [d for d in park_2024 if d.entry_date.year == cal.BILAN_YEAR]
    rest_of_park = [d for d in park_2024 if d.entry_date.year != cal.BILAN_YEAR]
    # Modes: exact for the dwellings entered in 2024, then for the rest of the park so that the whole
    # park has 17 / 57 / 26 too.
    assign_by_quotas(rng, entered_2024, cal.MODE_SHARES, _setter("management_mode"))
    park_modes = quotas(cal.MODE_SHARES, len(park_2024))
    for mode in (d.management_mode for d in entered_2024):
        park_modes.remove(mode)
    rng.shuffle(park_modes)
    for dwelling, mode in zip(rest_of_park, park_modes, strict=True):
        dwelling.management_mode = mode
    assign_by_quotas(rng, park_2024, cal.PARC_SHARES, _setter("parc"))
    assign_by_quotas(rng, park_2024, cal.TYPOLOGY_SHARES, _setter("typology"))
    for dwelling in others:
        dwelling.management_mode = draw(rng, cal.MODE_SHARES)
        dwelling.parc = draw(rng, cal.PARC_SHARES)
        dwelling.typology = draw(rng, cal.TYPOLOGY_SHARES)
    private_park = [d for d in park_2024 if d.parc == Parc.PRIVE]
    assign_by_quotas(rng, private_park, cal.CONVENTION_SHARES_PRIVATE, _setter("conventionnement"))


def _setter(attribute: str):
    def set_attribute(dwelling: DwellingSpec, value) -> None:
        setattr(dwelling, attribute, value)

    return set_attribute


def _meet_places_target(rng: random.Random, park_2024: list[DwellingSpec]) -> None:
    """Exact number of places in the 2024 park: nudge places by one within each typology's range."""
    gap = cal.PLACES_TARGET_2024 - sum(d.places for d in park_2024)
    order = park_2024[:]
    rng.shuffle(order)
    step = 1 if gap > 0 else -1
    while gap:
        moved = False
        for dwelling in order:
            low, high = cal.PLACES_RANGE[dwelling.typology]
            if low <= dwelling.places + step <= high:
                dwelling.places += step
                gap -= step
                moved = True
                if not gap:
                    break
        if not moved:
            raise RuntimeError("Impossible d'atteindre le nombre de places visé.")


def size_and_rent(rng: random.Random, dwelling: DwellingSpec) -> None:
    low, high = cal.PLACES_RANGE[dwelling.typology]
    dwelling.places = rng.randint(low, high)
    dwelling.surface = round(cal.BASE_SURFACE[dwelling.typology] * rng.uniform(0.8, 1.25), 1)
    dwelling.rent = round(dwelling.surface * rng.uniform(7.5, 11.5), 2)
    dwelling.charges = round(dwelling.surface * rng.uniform(0.9, 1.8), 2)


def recently_captured(
    rng: random.Random, operators: list[OperatorSpec], start_index: int, communes: Communes
) -> list[DwellingSpec]:
    """A few dwellings captured at the end of the history and still vacant, so that the demo users
    can place a household. Drawn last: they change none of the figures above."""
    result: list[DwellingSpec] = []
    for operator in operators:
        for _ in range(cal.RECENTLY_CAPTURED_PER_DEMO_OPERATOR):
            dwelling = DwellingSpec(
                index=start_index + len(result),
                operator=operator,
                entry_date=random_day(rng, cal.RECENTLY_CAPTURED_FROM, cal.HORIZON),
            )
            dwelling.management_mode = draw(rng, cal.MODE_SHARES)
            dwelling.parc = draw(rng, cal.PARC_SHARES)
            dwelling.typology = draw(rng, cal.TYPOLOGY_SHARES)
            size_and_rent(rng, dwelling)
            dwelling.commune_code = communes[operator.department][rng.randint(0, 5)]
            dwelling.address = f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}"
            operator.dwellings.append(dwelling)
            result.append(dwelling)
    return result
