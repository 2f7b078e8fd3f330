"""Exits: destinations and losses of the real exits (exact shares for the exits of 2024), and why each
dwelling left the park."""

import random

from clef.demo import calibration as cal
from clef.demo.generation.draws import draw, quotas
from clef.demo.specs import DwellingSpec, StaySpec
from clef.dwellings.enums import DwellingExitReason
from clef.stays.enums import Destination


def assign_exits(rng: random.Random, stays: list[StaySpec]) -> None:
    real_exits = [s for s in stays if s.exit_date and s.destination != Destination.MUTATION_INTERNE_IML]
    exits_2024 = [s for s in real_exits if s.exit_date.year == cal.BILAN_YEAR]
    destinations = quotas(cal.DESTINATION_SHARES, len(exits_2024))
    losses = quotas(cal.LOSS_SHARES, len(exits_2024))
    rng.shuffle(destinations)
    rng.shuffle(losses)
    for stay, destination, loss in zip(exits_2024, destinations, losses, strict=True):
        stay.destination = destination
        _set_loss(rng, stay, loss)
    for stay in real_exits:
        if stay.exit_date.year != cal.BILAN_YEAR:
            stay.destination = draw(rng, cal.DESTINATION_SHARES)
            _set_loss(rng, stay, draw(rng, cal.LOSS_SHARES))
    _exit_reasons_of_occupied_dwellings(rng, stays)


def _set_loss(rng: random.Random, stay: StaySpec, loss: str) -> None:
    stay.loss_unpaid = loss in cal.UNPAID_LOSSES
    stay.loss_damage = loss in cal.DAMAGE_LOSSES
    if stay.loss_unpaid:
        stay.debt = round(rng.uniform(*cal.DEBT_RANGE), 2)


def _exit_reasons_of_occupied_dwellings(rng: random.Random, stays: list[StaySpec]) -> None:
    """A dwelling left with its household follows the household's destination (lease slide, end of
    mandate, otherwise the owner takes it back); one left empty gets a drawn reason."""
    for stay in stays:
        dwelling = stay.dwelling
        if dwelling.exit_date and stay.exit_date == dwelling.exit_date:
            dwelling.exit_reason = cal.EXIT_REASON_OF_DESTINATION.get(
                stay.destination, DwellingExitReason.REPRISE_PROPRIETAIRE
            )
    for dwelling in {s.dwelling.index: s.dwelling for s in stays}.values():
        if dwelling.exit_date and not dwelling.exit_reason:
            dwelling.exit_reason = rng.choice(cal.EXIT_REASONS_OF_VACATED_DWELLING)


def exit_reasons_of_never_occupied(rng: random.Random, dwellings: list[DwellingSpec]) -> None:
    for dwelling in dwellings:
        if dwelling.exit_date and not dwelling.exit_reason:
            dwelling.exit_reason = rng.choice(cal.EXIT_REASONS_OF_NEVER_OCCUPIED_DWELLING)
