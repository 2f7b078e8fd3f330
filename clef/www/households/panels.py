"""The parts of a household's page that other areas own (orientation, occupancy, support, exit).

Each area has a `panels.py` with `household_panel(request, household, today)` returning a `Panel` (or None
when the member may not see that part): the household page shows them in this order, one template each.
An area computes what its panel needs in a constant number of queries and decides what the member may
see with its own permission rules (never by comparing roles in a template).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

PANEL_AREAS = ("orientation", "occupancy", "rental", "recovery", "damages", "support", "exits")


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


def household_panels(request, household, today) -> list[Panel]:
    panels = []
    for area in PANEL_AREAS:
        try:
            module = import_module(f"clef.www.{area}.panels")
        except ModuleNotFoundError:
            continue  # the area shows nothing on the household page
        panel = module.household_panel(request, household, today)
        if panel is not None:
            panels.append(panel)
    return panels
