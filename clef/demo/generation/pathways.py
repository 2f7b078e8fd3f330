"""Stays in each dwelling, and the households they belong to: a new household for most stays, the
household of an earlier stay for an internal move (the pathway goes on) or a re-entry (a new pathway)."""

import random
from collections import defaultdict
from datetime import date, timedelta

from clef.demo import calibration as cal
from clef.demo.specs import REAL_EXIT_PENDING, DwellingSpec, HouseholdSpec, StaySpec
from clef.stays.enums import Destination

DAYS_PER_MONTH = 30.4375


def stays(rng: random.Random, dwellings: list[DwellingSpec]) -> list[StaySpec]:
    """Stays one after the other in each dwelling, from its entry in the park to its exit or the horizon."""
    result: list[StaySpec] = []
    for dwelling in dwellings:
        own: list[StaySpec] = []
        end = min(dwelling.exit_date or cal.HORIZON, cal.HORIZON)
        cursor = dwelling.entry_date + timedelta(days=rng.randint(*cal.FIRST_ENTRY_DELAY_DAYS))
        while cursor < end:
            months = rng.gammavariate(cal.GAMMA_SHAPE, 1 / cal.GAMMA_SHAPE) * _mean_months(cursor)
            exit_date = cursor + timedelta(days=max(cal.MIN_STAY_DAYS, int(months * DAYS_PER_MONTH)))
            if exit_date >= end:
                # Still there at the horizon, or leaves with the dwelling (lease slide, end of mandate).
                leaves_with_dwelling = dwelling.exit_date and dwelling.exit_date <= cal.HORIZON
                last_exit = dwelling.exit_date if leaves_with_dwelling else None
                own.append(StaySpec(len(result) + len(own) + 1, dwelling, cursor, last_exit))
                break
            own.append(StaySpec(len(result) + len(own) + 1, dwelling, cursor, exit_date))
            cursor = exit_date + timedelta(days=rng.randint(*cal.VACANCY_DAYS))
        dwelling.stays = own
        result.extend(own)
    return result


def _mean_months(entry: date) -> float:
    return cal.MEAN_MONTHS_BY_ENTRY_YEAR[entry.year]


def households(rng: random.Random, stays: list[StaySpec]) -> list[HouseholdSpec]:
    """The household of every stay, in order of entry. Stays left for a real exit while linking are
    marked REAL_EXIT_PENDING (see clear_pending_exits)."""
    result: list[HouseholdSpec] = []
    by_operator_exit: dict[int, list[StaySpec]] = defaultdict(list)
    for stay in sorted(stays, key=lambda s: (s.entry_date, s.index)):
        operator = stay.dwelling.operator
        stay.household = None
        if rng.random() < cal.INTERNAL_MOVE_RATE + cal.RE_ENTRY_RATE:
            stay.household = _link_previous(rng, stay, by_operator_exit[operator.index])
        if stay.household is None:
            household = HouseholdSpec(index=len(result) + 1, operator=operator)
            result.append(household)
            stay.household = household
            stay.pathway_start = stay.entry_date
            household.last_stay = stay
        if stay.exit_date:
            by_operator_exit[operator.index].append(stay)
    return result


def _link_previous(rng: random.Random, stay: StaySpec, previous: list[StaySpec]) -> HouseholdSpec | None:
    """Internal move (a stay of the same operator that ended just before, on another dwelling) or
    re-entry (a household whose pathway ended months ago)."""
    dwelling_previous_exit = max(
        (s.exit_date for s in stay.dwelling.stays if s.exit_date and s.exit_date <= stay.entry_date),
        default=stay.dwelling.entry_date,
    )
    for candidate in reversed(previous[-cal.RECENT_EXITS_LOOKED_AT :]):
        if (
            candidate.destination
            or candidate.dwelling is stay.dwelling
            or candidate.exit_date > stay.entry_date
        ):
            continue
        household = candidate.household
        if household.busy_after(candidate):
            continue
        gap = (stay.entry_date - candidate.exit_date).days
        if candidate.exit_date >= dwelling_previous_exit and gap <= cal.INTERNAL_MOVE_MAX_GAP_DAYS:
            stay.entry_date = candidate.exit_date
            candidate.destination = Destination.MUTATION_INTERNE_IML
            stay.pathway_start = candidate.pathway_start
            household.last_stay = stay
            return household
        # Re-entry after a real exit (never twice in the same year, so that a household counts once
        # among the entries of a year and its attributes follow that year's quotas exactly).
        if (
            gap > cal.RE_ENTRY_MIN_GAP_DAYS
            and rng.random() < cal.RE_ENTRY_ACCEPT_RATE
            and candidate.pathway_start.year != stay.entry_date.year
        ):
            candidate.destination = REAL_EXIT_PENDING
            stay.pathway_start = stay.entry_date
            household.last_stay = stay
            return household
    return None


def clear_pending_exits(stays: list[StaySpec]) -> None:
    for stay in stays:
        if stay.destination == REAL_EXIT_PENDING:
            stay.destination = ""
