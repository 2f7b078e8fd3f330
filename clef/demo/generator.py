"""Synthetic Auvergne-Rhône-Alpes for the demo: deterministic, bulk-inserted, and calibrated so that its
2024 bilan gives back the figures of the regional report (spec/bilan-indicators.md, "AURA 2024").

How the figures are met:
- the park is built year by year with exact entry and exit counts (2 507 dwellings at 31/12/2024,
  2 321 a year before, 684 entries in 2024) and operators founded year by year (28 in 2018, 99 in 2024);
- every distribution quoted by the report is assigned by exact quotas (largest remainder) over the
  population the indicator reads (park at D, dwellings entered in Y, households entered / present
  in Y, exits in Y); outside those populations the same shares are drawn at random;
- stay durations are drawn from a gamma law whose mean follows the report (18 months for the exits of
  2023, 21 for 2024) and are then checked by the test suite, not assumed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from clef.demo import names

SEED = 20241231
HORIZON = date(2026, 10, 31)  # the demo's history stops here; later stays stay open
YEARS = list(range(2018, 2027))

AURA_DEPARTMENTS = ["01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"]
# Operators per department (sum 99) and the year each cohort was founded (28 in 2018 → 99 in 2024).
OPERATORS_PER_DEPARTMENT = {
    "01": 8,
    "03": 5,
    "07": 5,
    "15": 3,
    "26": 8,
    "38": 14,
    "42": 9,
    "43": 4,
    "63": 9,
    "69": 20,
    "73": 6,
    "74": 8,
}
NEW_OPERATORS_BY_YEAR = {2018: 28, 2019: 10, 2020: 11, 2021: 12, 2022: 13, 2023: 13, 2024: 12}
# Park at 31/12 of each year and dwellings leaving the park each year.
PARK_AT_END = {
    2018: 780,
    2019: 1050,
    2020: 1340,
    2021: 1660,
    2022: 1990,
    2023: 2321,
    2024: 2507,
    2025: 2640,
    2026: 2760,
}
EXITS_BY_YEAR = {
    2018: 0,
    2019: 120,
    2020: 170,
    2021: 230,
    2022: 300,
    2023: 380,
    2024: 498,
    2025: 520,
    2026: 430,
}

MODE_SHARES = {"mandat_gestion": 17, "sous_location": 57, "bail_glissant": 26}
PARC_SHARES = {"prive": 67, "public": 33}
TYPOLOGY_SHARES = {"T1": 34, "T2": 30, "T3": 22, "T4": 10, "T5+": 4}
PLACES_TARGET_2024 = 7894
CONVENTION_SHARES_PRIVATE = {"sans_travaux": 28, "avec_travaux": 13, "aucun": 59}
SIAO_SHARE = 81
ORIGIN_GROUP_SHARES = {  # bilan groups of code list A → shares of households entered in the year
    "structure_hebergement": 29,
    "hotel": 10,
    "tiers": 25,
    "sans_domicile_precaire": 12,
    "logement": 9,
    "institution": 6,
    "autre": 5,
    "inconnue": 4,
}
ORIGIN_CODES_OF_GROUP = {  # a group's codes, with their relative weights inside the group
    "structure_hebergement": {"hebergement_urgence": 17, "hebergement_insertion": 12},
    "hotel": {"hotel": 1},
    "tiers": {"chez_des_tiers": 1},
    "sans_domicile_precaire": {"sans_domicile": 7, "habitat_precaire": 5},
    "logement": {"logement_personnel": 1},
    "institution": {"sortie_institution": 1},
    "autre": {"autre": 1},
    "inconnue": {"inconnue": 1},
}
DALO_SHARE = 5
RESOURCE_PROFILES = {  # category → shares of households present in the year
    "rsa_seul": 24,
    "salaire_sans_rsa": 35,
    "rsa_et_salaire": 5,
    "aah": 10,
    "chomage": 8,
    "sans_ressources": 4,
    "autres": 14,
}
COMPOSITION_SHARES = {
    "personne_isolee": 58,
    "famille_monoparentale": 22,
    "couple_avec_enfants": 11,
    "couple_sans_enfant": 6,
    "autre": 3,
}
MEN_SHARE = 74
AGE_SHARES = {"moins_25": 12, "25_30": 16, "31_59": 62, "60_plus": 10}
DESTINATION_SHARES = {  # real exits; "perenne" (first five) = 73
    "parc_social": 30,
    "parc_prive": 10,
    "maintien_glissement_bail": 18,
    "maintien_mandat": 8,
    "logement_accompagne": 7,
    "mutation_parc_associatif": 3,
    "institution": 2,
    "hebergement_tiers": 6,
    "hebergement_urgence_insertion": 7,
    "expulsion": 2,
    "depart_sans_adresse": 4,
    "deces": 1,
    "autre": 1,
    "inconnue": 1,
}
# Loss at exit per 1 000 exits: 67.6 % none, 20.6 % unpaid only, 2.6 % damage only, 9.2 % both
# (the report rounds them to 68 / 21 / 3 / 9).
LOSS_SHARES = {"aucun": 676, "impaye_seul": 206, "degradation_seule": 26, "multiple": 92}
# Mean length of a stay by the year it starts (gamma law), calibrated so that the exits of 2023 last
# 18 months on average in the dispositif and those of 2024 21 months, as in the report (stays are also
# cut short when their dwelling leaves the park, hence means above the targets).
MEAN_MONTHS_BY_ENTRY_YEAR = {
    2018: 14.0,
    2019: 15.0,
    2020: 15.0,
    2021: 30.0,
    2022: 44.0,
    2023: 44.0,
    2024: 40.0,
    2025: 40.0,
    2026: 40.0,
}
GAMMA_SHAPE = 2.6
INTERNAL_MOVE_RATE = 0.03
RE_ENTRY_RATE = 0.02
BASE_SURFACE = {"T1": 24, "T2": 42, "T3": 60, "T4": 75, "T5+": 92}
PLACES_RANGE = {"T1": (1, 2), "T2": (2, 4), "T3": (3, 5), "T4": (4, 7), "T5+": (6, 9)}


def quotas(shares: dict[str, int], total: int) -> list[str]:
    """Exactly `total` labels split by `shares` with the largest-remainder method (deterministic)."""
    weight = sum(shares.values())
    raw = {k: total * v / weight for k, v in shares.items()}
    counts = {k: int(r) for k, r in raw.items()}
    for k in sorted(raw, key=lambda k: (raw[k] - counts[k], shares[k]), reverse=True)[
        : total - sum(counts.values())
    ]:
        counts[k] += 1
    return [k for k, c in counts.items() for _ in range(c)]


def draw(rng: random.Random, shares: dict[str, int]) -> str:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


@dataclass(eq=False)
class OperatorSpec:
    index: int
    department: str
    founded: int
    name: str
    dwellings: list[DwellingSpec] = field(default_factory=list)


@dataclass(eq=False)
class DwellingSpec:
    index: int
    operator: OperatorSpec
    entry_date: date
    exit_date: date | None = None
    exit_reason: str = ""
    commune_code: str = ""
    address: str = ""
    typology: str = "T2"
    places: int = 2
    parc: str = "prive"
    management_mode: str = "sous_location"
    conventionnement: str = "aucun"
    rent_level: str = ""
    surface: float = 40.0
    rent: float = 450.0
    charges: float = 60.0
    protected: bool = False
    stays: list[StaySpec] = field(default_factory=list)


@dataclass(eq=False)
class HouseholdSpec:
    index: int
    operator: OperatorSpec
    composition: str = "personne_isolee"
    siao: bool = True
    dalo: bool = False
    prior_situation: str = "chez_des_tiers"
    resources: list[str] = field(default_factory=list)
    demand: bool = True
    ref_sex: str = "M"
    ref_birth: date = date(1985, 7, 1)
    members: list[tuple[str, str, date, str, str]] = field(default_factory=list)


@dataclass(eq=False)
class StaySpec:
    index: int
    dwelling: DwellingSpec
    entry_date: date
    exit_date: date | None
    household: HouseholdSpec | None = None
    destination: str = ""
    pathway_start: date | None = None
    loss_unpaid: bool = False
    loss_damage: bool = False
    debt: float | None = None


@dataclass(eq=False)
class DemoRegion:
    operators: list[OperatorSpec]
    dwellings: list[DwellingSpec]
    households: list[HouseholdSpec]
    stays: list[StaySpec]


class Generator:
    def __init__(self, communes_by_department: dict[str, list[str]], seed: int = SEED):
        self.rng = random.Random(seed)
        self.communes = communes_by_department

    # ------------------------------------------------------------ operators and park
    def operators(self) -> list[OperatorSpec]:
        slots = [dep for dep, n in OPERATORS_PER_DEPARTMENT.items() for _ in range(n)]
        self.rng.shuffle(slots)
        # The two demo operators (Rhône, Isère) are founded first so that they have the full history.
        slots.remove("69")
        slots.remove("38")
        slots = ["69", "38", *slots]
        years = [y for y, n in NEW_OPERATORS_BY_YEAR.items() for _ in range(n)]
        stems_used: dict[tuple[str, str], int] = defaultdict(int)
        result = []
        for i, (dep, year) in enumerate(zip(slots, years, strict=True)):
            stem = names.OPERATOR_STEMS[i % len(names.OPERATOR_STEMS)]
            stems_used[(stem, dep)] += 1
            suffix = f" {stems_used[(stem, dep)]}" if stems_used[(stem, dep)] > 1 else ""
            result.append(
                OperatorSpec(
                    index=i + 1, department=dep, founded=year, name=f"{stem} {DEPARTMENT_LABELS[dep]}{suffix}"
                )
            )
        return result

    def park(self, operators: list[OperatorSpec]) -> list[DwellingSpec]:
        rng = self.rng
        dwellings: list[DwellingSpec] = []
        in_park: list[DwellingSpec] = []
        weights = {op.index: rng.uniform(0.4, 2.5) * (2.2 if op.index <= 2 else 1.0) for op in operators}
        previous_park = 0
        for year in YEARS:
            year_end = min(date(year, 12, 31), HORIZON)
            start = date(year, 1, 1)
            leaving = EXITS_BY_YEAR[year]
            entering = PARK_AT_END[year] - previous_park + leaving
            # Exits first: chosen among dwellings entered before this year and not protected.
            candidates = [d for d in in_park if d.entry_date < start and not d.protected]
            for dwelling in rng.sample(candidates, leaving):
                dwelling.exit_date = random_day(rng, start, year_end)
                in_park.remove(dwelling)
            # Entries: every operator founded this year gets its first (protected) dwellings.
            open_ops = [op for op in operators if op.founded <= year]
            new_ops = [op for op in operators if op.founded == year]
            owners = [op for op in new_ops for _ in range(2)]
            owners += rng.choices(
                open_ops, weights=[weights[op.index] for op in open_ops], k=entering - len(owners)
            )
            first_of = {op.index for op in new_ops}
            for op in owners:
                dwelling = DwellingSpec(
                    index=len(dwellings) + 1, operator=op, entry_date=random_day(rng, start, year_end)
                )
                if op.index in first_of:
                    dwelling.protected = True
                    first_of.discard(op.index)
                op.dwellings.append(dwelling)
                dwellings.append(dwelling)
                in_park.append(dwelling)
            previous_park = PARK_AT_END[year]
        self._dwelling_attributes(dwellings)
        return dwellings

    def _dwelling_attributes(self, dwellings: list[DwellingSpec]) -> None:
        rng = self.rng
        end_2024 = date(2024, 12, 31)
        park_2024 = [
            d
            for d in dwellings
            if d.entry_date <= end_2024 and (d.exit_date is None or d.exit_date > end_2024)
        ]
        entered_2024 = [d for d in park_2024 if d.entry_date.year == 2024]
        rest_of_park = [d for d in park_2024 if d.entry_date.year != 2024]
        park_set = set(park_2024)
        others = [d for d in dwellings if d not in park_set]
        others_set = set(others)

        def assign(population, attribute, shares):
            labels = quotas(shares, len(population))
            rng.shuffle(labels)
            for dwelling, label in zip(population, labels, strict=True):
                setattr(dwelling, attribute, label)

        # Modes: exact for the dwellings entered in 2024, then for the rest of the park so that the
        # whole park has 17 / 57 / 26 too.
        assign(entered_2024, "management_mode", MODE_SHARES)
        park_modes = quotas(MODE_SHARES, len(park_2024))
        for mode in (d.management_mode for d in entered_2024):
            park_modes.remove(mode)
        rng.shuffle(park_modes)
        for dwelling, mode in zip(rest_of_park, park_modes, strict=True):
            dwelling.management_mode = mode
        assign(park_2024, "parc", PARC_SHARES)
        assign(park_2024, "typology", TYPOLOGY_SHARES)
        for dwelling in others:
            dwelling.management_mode = draw(rng, MODE_SHARES)
            dwelling.parc = draw(rng, PARC_SHARES)
            dwelling.typology = draw(rng, TYPOLOGY_SHARES)
        private_park = [d for d in park_2024 if d.parc == "prive"]
        assign(private_park, "conventionnement", CONVENTION_SHARES_PRIVATE)
        for dwelling in dwellings:
            if dwelling in others_set and dwelling.parc == "prive":
                dwelling.conventionnement = draw(rng, CONVENTION_SHARES_PRIVATE)
            if dwelling.conventionnement != "aucun":
                dwelling.rent_level = rng.choice(["loc1", "loc2", "loc2", "loc3"])
            self._size_and_rent(dwelling)
            communes = self.communes[dwelling.operator.department]
            # Dwellings concentrate in the larger communes of the department.
            dwelling.commune_code = communes[min(int(rng.expovariate(1 / 12)), len(communes) - 1)]
            dwelling.address = f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}"
        # Exact number of places in the 2024 park: nudge places by one within each typology's range.
        gap = PLACES_TARGET_2024 - sum(d.places for d in park_2024)
        order = park_2024[:]
        rng.shuffle(order)
        step = 1 if gap > 0 else -1
        while gap:
            moved = False
            for dwelling in order:
                low, high = PLACES_RANGE[dwelling.typology]
                if low <= dwelling.places + step <= high:
                    dwelling.places += step
                    gap -= step
                    moved = True
                    if not gap:
                        break
            if not moved:
                raise RuntimeError("Impossible d'atteindre le nombre de places visé.")

    def _size_and_rent(self, dwelling: DwellingSpec) -> None:
        rng = self.rng
        low, high = PLACES_RANGE[dwelling.typology]
        dwelling.places = rng.randint(low, high)
        dwelling.surface = round(BASE_SURFACE[dwelling.typology] * rng.uniform(0.8, 1.25), 1)
        dwelling.rent = round(dwelling.surface * rng.uniform(7.5, 11.5), 2)
        dwelling.charges = round(dwelling.surface * rng.uniform(0.9, 1.8), 2)

    # ------------------------------------------------------------ stays and households
    def stays(self, dwellings: list[DwellingSpec]) -> list[StaySpec]:
        rng = self.rng
        stays: list[StaySpec] = []
        for dwelling in dwellings:
            own: list[StaySpec] = []
            end = min(dwelling.exit_date or HORIZON, HORIZON)
            cursor = dwelling.entry_date + timedelta(days=rng.randint(0, 45))
            while cursor < end:
                months = rng.gammavariate(GAMMA_SHAPE, 1 / GAMMA_SHAPE) * self._mean_months(cursor)
                exit_date = cursor + timedelta(days=max(20, int(months * 30.4375)))
                if exit_date >= end:
                    # Still there at the horizon, or leaves with the dwelling (lease slide, end of mandate).
                    leaves_with_dwelling = dwelling.exit_date and dwelling.exit_date <= HORIZON
                    own.append(
                        StaySpec(
                            len(stays) + len(own) + 1,
                            dwelling,
                            cursor,
                            dwelling.exit_date if leaves_with_dwelling else None,
                        )
                    )
                    break
                own.append(StaySpec(len(stays) + len(own) + 1, dwelling, cursor, exit_date))
                cursor = exit_date + timedelta(days=rng.randint(7, 75))
            dwelling.stays = own
            stays.extend(own)
        return stays

    def _mean_months(self, entry: date) -> float:
        return MEAN_MONTHS_BY_ENTRY_YEAR[entry.year]

    def households(self, stays: list[StaySpec]) -> list[HouseholdSpec]:
        rng = self.rng
        households: list[HouseholdSpec] = []
        by_operator_exit: dict[int, list[StaySpec]] = defaultdict(list)
        ordered = sorted(stays, key=lambda s: (s.entry_date, s.index))
        for stay in ordered:
            operator = stay.dwelling.operator
            stay.household = None
            if rng.random() < INTERNAL_MOVE_RATE + RE_ENTRY_RATE:
                stay.household = self._link_previous(stay, by_operator_exit[operator.index])
            if stay.household is None:
                household = HouseholdSpec(index=len(households) + 1, operator=operator)
                households.append(household)
                stay.household = household
                stay.pathway_start = stay.entry_date
                household.last_stay = stay
            if stay.exit_date:
                by_operator_exit[operator.index].append(stay)
        return households

    def _link_previous(self, stay: StaySpec, previous: list[StaySpec]) -> HouseholdSpec | None:
        """Internal move (a stay of the same operator that ended just before, on another dwelling) or
        re-entry (a household whose parcours ended months ago)."""
        rng = self.rng
        dwelling_previous_exit = max(
            (s.exit_date for s in stay.dwelling.stays if s.exit_date and s.exit_date <= stay.entry_date),
            default=stay.dwelling.entry_date,
        )
        for candidate in reversed(previous[-40:]):
            if (
                candidate.destination
                or candidate.dwelling is stay.dwelling
                or candidate.exit_date > stay.entry_date
            ):
                continue
            household = candidate.household
            if household_busy_after(household, candidate):
                continue
            if (
                candidate.exit_date >= dwelling_previous_exit
                and (stay.entry_date - candidate.exit_date).days <= 60
            ):
                stay.entry_date = candidate.exit_date
                candidate.destination = "mutation_interne_iml"
                stay.pathway_start = candidate.pathway_start
                household.last_stay = stay
                return household
            # Re-entry after a real exit (never twice in the same year, so that a household counts once
            # among the entries of a year and its attributes follow that year's quotas exactly).
            if (
                (stay.entry_date - candidate.exit_date).days > 120
                and rng.random() < 0.4
                and candidate.pathway_start.year != stay.entry_date.year
            ):
                candidate.destination = "__real__"
                stay.pathway_start = stay.entry_date
                household.last_stay = stay
                return household
        return None

    def assign_household_attributes(self, households: list[HouseholdSpec], stays: list[StaySpec]) -> None:
        rng = self.rng
        start_2024, end_2024 = date(2024, 1, 1), date(2024, 12, 31)
        entered_2024: list[StaySpec] = [
            s for s in stays if s.pathway_start == s.entry_date and s.entry_date.year == 2024
        ]
        entered_households = []
        seen = set()
        for stay in entered_2024:
            if stay.household.index not in seen:
                seen.add(stay.household.index)
                entered_households.append(stay.household)
        present = {}
        for stay in stays:
            if stay.entry_date <= end_2024 and (stay.exit_date is None or stay.exit_date >= start_2024):
                present[stay.household.index] = stay.household
        present_households = list(present.values())

        def assign(population, shares, setter):
            labels = quotas(shares, len(population))
            rng.shuffle(labels)
            for item, label in zip(population, labels, strict=True):
                setter(item, label)

        def set_origin(h, group):
            h.prior_situation = draw(rng, ORIGIN_CODES_OF_GROUP[group])

        def set_siao(h, v):
            h.siao = v == "oui"

        def set_dalo(h, v):
            h.dalo = v == "oui"

        def set_sex(h, v):
            h.ref_sex = v

        assign(entered_households, ORIGIN_GROUP_SHARES, set_origin)
        assign(entered_households, {"oui": SIAO_SHARE, "non": 100 - SIAO_SHARE}, set_siao)
        assign(present_households, {"oui": DALO_SHARE, "non": 100 - DALO_SHARE}, set_dalo)
        assign(
            present_households, RESOURCE_PROFILES, lambda h, v: setattr(h, "resources", self._resources(v))
        )
        assign(present_households, COMPOSITION_SHARES, lambda h, v: setattr(h, "composition", v))
        assign(present_households, {"M": MEN_SHARE, "F": 100 - MEN_SHARE}, set_sex)
        assign(present_households, AGE_SHARES, lambda h, v: setattr(h, "ref_birth", self._birth(v, 2024)))
        entered_ids = {h.index for h in entered_households}
        for household in households:
            if household.index not in entered_ids:
                household.prior_situation = draw(rng, ORIGIN_CODES_OF_GROUP[draw(rng, ORIGIN_GROUP_SHARES)])
                household.siao = rng.random() < SIAO_SHARE / 100
            if household.index not in present:
                household.dalo = rng.random() < DALO_SHARE / 100
                household.resources = self._resources(draw(rng, RESOURCE_PROFILES))
                household.composition = draw(rng, COMPOSITION_SHARES)
                household.ref_sex = "M" if rng.random() < MEN_SHARE / 100 else "F"
                household.ref_birth = self._birth(draw(rng, AGE_SHARES), 2024)
            household.demand = rng.random() < 0.85
            household.members = self._members(household)

    def _resources(self, category: str) -> list[str]:
        rng = self.rng
        extras = ["prime_activite", "prestations_familiales", "autre"]
        base = {
            "rsa_seul": ["rsa"],
            "salaire_sans_rsa": ["salaire"],
            "rsa_et_salaire": ["rsa", "salaire"],
            "aah": ["aah"],
            "chomage": ["chomage"],
            "sans_ressources": [],
            "autres": [rng.choice(["retraite", "pension_invalidite", "autre", "prestations_familiales"])],
        }[category]
        if category in {"rsa_seul", "salaire_sans_rsa", "rsa_et_salaire"} and rng.random() < 0.4:
            base = [*base, rng.choice(extras[:2])]
        return sorted(set(base))

    def _birth(self, band: str, year: int) -> date:
        low, high = {"moins_25": (18, 24), "25_30": (25, 30), "31_59": (31, 59), "60_plus": (60, 82)}[band]
        birth_year = year - self.rng.randint(low, high)
        return date(birth_year, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def _members(self, household: HouseholdSpec) -> list[tuple[str, str, date, str, str]]:
        rng = self.rng
        last = rng.choice(names.LAST_NAMES)

        def first(sex):
            return rng.choice(names.FIRST_NAMES_M if sex == "M" else names.FIRST_NAMES_F)

        members = [("reference", household.ref_sex, household.ref_birth, first(household.ref_sex), last)]
        composition = household.composition
        if composition in {"couple_sans_enfant", "couple_avec_enfants", "autre"}:
            sex = "F" if household.ref_sex == "M" else "M"
            role = "conjoint" if composition != "autre" else "autre"
            partner_birth = household.ref_birth + timedelta(days=rng.randint(-2500, 2500))
            members.append((role, sex, partner_birth, first(sex), last))
        if composition in {"couple_avec_enfants", "famille_monoparentale"}:
            for _ in range(rng.choice([1, 1, 2, 2, 3])):
                sex = rng.choice("FM")
                child_year = min(household.ref_birth.year + rng.randint(19, 40), 2024)
                members.append(
                    (
                        "enfant",
                        sex,
                        date(child_year, rng.randint(1, 12), rng.randint(1, 28)),
                        first(sex),
                        last,
                    )
                )
        return members

    def assign_exits(self, stays: list[StaySpec]) -> None:
        rng = self.rng
        real_exits = [s for s in stays if s.exit_date and s.destination != "mutation_interne_iml"]
        exits_2024 = [s for s in real_exits if s.exit_date.year == 2024]
        destinations = quotas(DESTINATION_SHARES, len(exits_2024))
        losses = quotas(LOSS_SHARES, len(exits_2024))
        rng.shuffle(destinations)
        rng.shuffle(losses)
        for stay, destination, loss in zip(exits_2024, destinations, losses, strict=True):
            stay.destination = destination
            self._set_loss(stay, loss)
        for stay in real_exits:
            if stay.exit_date.year != 2024:
                stay.destination = draw(rng, DESTINATION_SHARES)
                self._set_loss(stay, draw(rng, LOSS_SHARES))
        for dwelling_stay in stays:
            dwelling = dwelling_stay.dwelling
            if dwelling.exit_date and dwelling_stay.exit_date == dwelling.exit_date:
                dwelling.exit_reason = {
                    "maintien_glissement_bail": "glissement_bail",
                    "maintien_mandat": "fin_mandat",
                }.get(dwelling_stay.destination, "reprise_proprietaire")
        for dwelling in {s.dwelling.index: s.dwelling for s in stays}.values():
            if dwelling.exit_date and not dwelling.exit_reason:
                dwelling.exit_reason = rng.choice(
                    ["reprise_proprietaire", "fin_convention", "fin_mandat", "autre"]
                )

    def _set_loss(self, stay: StaySpec, loss: str) -> None:
        stay.loss_unpaid = loss in {"impaye_seul", "multiple"}
        stay.loss_damage = loss in {"degradation_seule", "multiple"}
        if stay.loss_unpaid:
            stay.debt = round(self.rng.uniform(150, 6000), 2)

    def build(self) -> DemoRegion:
        operators = self.operators()
        dwellings = self.park(operators)
        stays = self.stays(dwellings)
        households = self.households(stays)
        for stay in stays:
            if stay.destination == "__real__":
                stay.destination = ""
        self.assign_household_attributes(households, stays)
        self.assign_exits(stays)
        for dwelling in dwellings:
            if dwelling.exit_date and not dwelling.exit_reason:
                dwelling.exit_reason = self.rng.choice(["reprise_proprietaire", "fin_convention", "autre"])
        dwellings += self._recently_captured(operators[:2], start_index=len(dwellings) + 1)
        return DemoRegion(operators, dwellings, households, stays)

    def _recently_captured(self, operators: list[OperatorSpec], start_index: int) -> list[DwellingSpec]:
        """A few dwellings captured at the end of the history and still vacant, so that the demo users
        can place a household. Drawn last: they change none of the figures above."""
        rng, result = self.rng, []
        for operator in operators:
            for _ in range(4):
                dwelling = DwellingSpec(
                    index=start_index + len(result),
                    operator=operator,
                    entry_date=random_day(rng, date(2026, 9, 1), HORIZON),
                )
                dwelling.management_mode = draw(rng, MODE_SHARES)
                dwelling.parc = draw(rng, PARC_SHARES)
                dwelling.typology = draw(rng, TYPOLOGY_SHARES)
                self._size_and_rent(dwelling)
                dwelling.commune_code = self.communes[operator.department][rng.randint(0, 5)]
                dwelling.address = f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}"
                operator.dwellings.append(dwelling)
                result.append(dwelling)
        return result


def household_busy_after(household: HouseholdSpec, stay: StaySpec) -> bool:
    """True if the household already moved on from `stay` (linked to a later stay)."""
    last = getattr(household, "last_stay", None)
    return last is not None and last is not stay


DEPARTMENT_LABELS = {
    "01": "de l'Ain",
    "03": "de l'Allier",
    "07": "de l'Ardèche",
    "15": "du Cantal",
    "26": "de la Drôme",
    "38": "de l'Isère",
    "42": "de la Loire",
    "43": "de la Haute-Loire",
    "63": "du Puy-de-Dôme",
    "69": "du Rhône",
    "73": "de la Savoie",
    "74": "de la Haute-Savoie",
}
