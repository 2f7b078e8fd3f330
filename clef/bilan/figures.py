"""The accumulator the section modules write their indicators into.

Every figure is recorded with what makes it additive over operators (see `indicators.combine`): a count
is itself; a percentage has its numerator (`parts`) and the population it is computed on (`wholes`);
a mean duration has its total of days (`parts`) and its number of exits (`wholes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clef.bilan.conventions import days, months, pct


@dataclass
class Figures:
    values: dict[str, object] = field(default_factory=dict)
    wholes: dict[str, int] = field(default_factory=dict)
    parts: dict[str, float] = field(default_factory=dict)

    def count(self, key: str, value: int) -> None:
        self.values[key] = value

    def share(self, key: str, part: int | None, whole: int) -> None:
        """A percentage of a population: 100 × part / whole."""
        self.parts[key] = part or 0
        self.wholes[key] = whole
        self.values[key] = pct(part, whole)

    def evolution(self, key: str, current: int, previous: int) -> None:
        """Change since the previous year, in % of the previous year."""
        self.parts[key] = current - previous
        self.wholes[key] = previous
        self.values[key] = pct(current - previous, previous)

    def mean_months(self, key: str, mean_days: float | None, total_days: float | None, whole: int) -> None:
        self.parts[key] = total_days or 0
        self.wholes[key] = whole
        self.values[key] = months(mean_days)

    def mean_days(self, key: str, mean: float | None, total: float | None, whole: int) -> None:
        """A mean in days (or minutes, hours): its total (`parts`) over its population (`wholes`)."""
        self.parts[key] = total or 0
        self.wholes[key] = whole
        self.values[key] = days(mean)

    def counted(self, key: str, value: float | int, whole: int) -> None:
        """A count (or a total) that adds up over operators, computed on `whole` households."""
        self.wholes[key] = whole
        self.values[key] = value

    def other(self, key: str, value: object, whole: int) -> None:
        """A figure that cannot be rebuilt from parts (a median)."""
        self.wholes[key] = whole
        self.values[key] = value
