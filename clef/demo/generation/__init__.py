"""Generation of the synthetic Auvergne-Rhône-Alpes, calibrated so that its 2024 bilan gives back the
figures of the regional report (clef/demo/calibration.py).

How the figures are met:
- the park is built year by year with exact entry and exit counts and operators founded year by year
  (park.py);
- every distribution quoted by the report is assigned by exact quotas (largest remainder) over the
  population the indicator reads (park at D, dwellings entered in Y, households entered / present in Y,
  exits in Y); outside those populations the same shares are drawn at random (draws.py);
- stay durations are drawn from a gamma law whose mean follows the report (pathways.py) and are then
  checked by the test suite (tests/demo/test_seed_demo.py), not assumed.

One `random.Random(seed)` is drawn from in a fixed order: the region, hence the demo's export, depends on
the seed only. Reordering the steps below (or the draws inside them) changes the export.
"""

import random

from clef.demo import calibration as cal
from clef.demo.generation import exits, households, park, pathways
from clef.demo.specs import DemoRegion


def generate(communes_by_department: dict[str, list[str]], seed: int = cal.SEED) -> DemoRegion:
    rng = random.Random(seed)
    operators = park.operators(rng)
    dwellings = park.park(rng, operators, communes_by_department)
    stays = pathways.stays(rng, dwellings)
    region_households = pathways.households(rng, stays)
    pathways.clear_pending_exits(stays)
    households.assign_attributes(rng, region_households, stays)
    exits.assign_exits(rng, stays)
    exits.exit_reasons_of_never_occupied(rng, dwellings)
    demo_operators = operators[: len(cal.DEMO_OPERATOR_DEPARTMENTS)]
    dwellings += park.recently_captured(rng, demo_operators, len(dwellings) + 1, communes_by_department)
    return DemoRegion(operators, dwellings, region_households, stays)
