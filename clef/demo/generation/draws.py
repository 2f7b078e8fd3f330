"""Deterministic draws: exact quotas (largest remainder) where a figure must be met, weighted draws
elsewhere. Every function takes the generation's one `random.Random`, so the region depends on the seed
only (and on the order of the calls: change it and the demo export changes)."""

import random
from collections.abc import Callable, Hashable, Sequence
from datetime import date, timedelta
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


def quotas(shares: dict[K, int], total: int) -> list[K]:
    """Exactly `total` labels split by `shares` with the largest-remainder method (deterministic)."""
    weight = sum(shares.values())
    raw = {k: total * v / weight for k, v in shares.items()}
    counts = {k: int(r) for k, r in raw.items()}
    for k in sorted(raw, key=lambda k: (raw[k] - counts[k], shares[k]), reverse=True)[
        : total - sum(counts.values())
    ]:
        counts[k] += 1
    return [k for k, c in counts.items() for _ in range(c)]


def assign_by_quotas(
    rng: random.Random, population: Sequence[T], shares: dict[K, int], setter: Callable[[T, K], None]
) -> None:
    """Give each item of `population` a label so that the labels follow `shares` exactly, in random order."""
    labels = quotas(shares, len(population))
    rng.shuffle(labels)
    for item, label in zip(population, labels, strict=True):
        setter(item, label)


def draw(rng: random.Random, shares: dict[K, int]) -> K:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def yes_no(share: int) -> dict[bool, int]:
    """Shares of True and False for a percentage of True."""
    return {True: share, False: 100 - share}
