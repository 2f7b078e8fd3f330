"""Households' attributes and members: exact shares over the households entered in 2024 (origin,
SIAO) and present in 2024 (DALO, resources, composition, sex and age of the reference person), drawn
with the same shares for every other household."""

import random
from datetime import date, timedelta

from clef.demo import calibration as cal
from clef.demo import names
from clef.demo.generation.draws import assign_by_quotas, draw, yes_no
from clef.demo.specs import HouseholdSpec, MemberSpec, StaySpec
from clef.households.enums import PersonRole, Sex


def assign_attributes(rng: random.Random, households: list[HouseholdSpec], stays: list[StaySpec]) -> None:
    entered, present = _populations_2024(stays)
    assign_by_quotas(rng, entered, cal.ORIGIN_GROUP_SHARES, lambda h, group: _set_origin(rng, h, group))
    assign_by_quotas(rng, entered, yes_no(cal.SIAO_SHARE), lambda h, v: setattr(h, "siao", v))
    assign_by_quotas(rng, present, yes_no(cal.DALO_SHARE), lambda h, v: setattr(h, "dalo", v))
    assign_by_quotas(
        rng,
        present,
        cal.RESOURCE_PROFILES,
        lambda h, profile: setattr(h, "resources", _resources(rng, profile)),
    )
    assign_by_quotas(rng, present, cal.COMPOSITION_SHARES, lambda h, v: setattr(h, "composition", v))
    assign_by_quotas(rng, present, {Sex.M: cal.MEN_SHARE, Sex.F: 100 - cal.MEN_SHARE}, _set_sex)
    assign_by_quotas(rng, present, cal.AGE_SHARES, lambda h, band: setattr(h, "ref_birth", _birth(rng, band)))
    entered_ids = {h.index for h in entered}
    present_ids = {h.index for h in present}
    for household in households:
        if household.index not in entered_ids:
            household.prior_situation = draw(
                rng, cal.ORIGIN_CODES_OF_GROUP[draw(rng, cal.ORIGIN_GROUP_SHARES)]
            )
            household.siao = rng.random() < cal.SIAO_SHARE / 100
        if household.index not in present_ids:
            household.dalo = rng.random() < cal.DALO_SHARE / 100
            household.resources = _resources(rng, draw(rng, cal.RESOURCE_PROFILES))
            household.composition = draw(rng, cal.COMPOSITION_SHARES)
            household.ref_sex = Sex.M if rng.random() < cal.MEN_SHARE / 100 else Sex.F
            household.ref_birth = _birth(rng, draw(rng, cal.AGE_SHARES))
        household.demand = rng.random() < cal.SOCIAL_HOUSING_DEMAND_RATE
        household.members = _members(rng, household)


def _populations_2024(stays: list[StaySpec]) -> tuple[list[HouseholdSpec], list[HouseholdSpec]]:
    """Households entered in the dispositif in 2024 (a new pathway), and households present in 2024,
    each once, in the order of their stays."""
    start, end = date(cal.BILAN_YEAR, 1, 1), date(cal.BILAN_YEAR, 12, 31)
    entered: dict[int, HouseholdSpec] = {}
    for stay in stays:
        if stay.pathway_start == stay.entry_date and stay.entry_date.year == cal.BILAN_YEAR:
            entered.setdefault(stay.household.index, stay.household)
    present: dict[int, HouseholdSpec] = {}
    for stay in stays:
        if stay.entry_date <= end and (stay.exit_date is None or stay.exit_date >= start):
            present[stay.household.index] = stay.household
    return list(entered.values()), list(present.values())


def _set_origin(rng: random.Random, household: HouseholdSpec, group: str) -> None:
    household.prior_situation = draw(rng, cal.ORIGIN_CODES_OF_GROUP[group])


def _set_sex(household: HouseholdSpec, sex: Sex) -> None:
    household.ref_sex = sex


def _resources(rng: random.Random, profile: str) -> list[str]:
    other = rng.choice(cal.OTHER_SOURCES)  # drawn for every profile: the sequence of draws depends on it
    sources = list(cal.SOURCES_OF_PROFILE.get(profile, [other]))  # "autres": one other source
    if profile in cal.PROFILES_WITH_COMPLEMENT and rng.random() < cal.COMPLEMENT_RATE:
        sources = [*sources, rng.choice(cal.COMPLEMENTS)]
    return sorted(set(sources))


def _birth(rng: random.Random, band: str) -> date:
    low, high = cal.AGE_RANGE[band]
    birth_year = cal.BILAN_YEAR - rng.randint(low, high)
    return date(birth_year, rng.randint(1, 12), rng.randint(1, 28))


def _members(rng: random.Random, household: HouseholdSpec) -> list[MemberSpec]:
    last = rng.choice(names.LAST_NAMES)

    def first(sex: Sex) -> str:
        return rng.choice(names.FIRST_NAMES_M if sex == Sex.M else names.FIRST_NAMES_F)

    members = [
        MemberSpec(
            PersonRole.REFERENCE, household.ref_sex, household.ref_birth, first(household.ref_sex), last
        )
    ]
    partner_role = cal.WITH_PARTNER.get(household.composition)
    if partner_role:
        sex = Sex.F if household.ref_sex == Sex.M else Sex.M
        partner_birth = household.ref_birth + timedelta(days=rng.randint(-2500, 2500))
        members.append(MemberSpec(partner_role, sex, partner_birth, first(sex), last))
    if household.composition in cal.WITH_CHILDREN:
        for _ in range(rng.choice(cal.CHILDREN_DRAW)):
            sex = rng.choice(cal.SEXES)
            child_year = min(household.ref_birth.year + rng.randint(19, 40), cal.BILAN_YEAR)
            birth = date(child_year, rng.randint(1, 12), rng.randint(1, 28))
            members.append(MemberSpec(PersonRole.ENFANT, sex, birth, first(sex), last))
    return members
