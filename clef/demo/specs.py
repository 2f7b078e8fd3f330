"""The generated demo region as plain objects, before anything is written to the database.

The generation (clef/demo/generation/) fills them in; the loader (clef/demo/loader.py) turns them into
rows. `index` numbers each kind from 1 and gives the external identifiers (L00001, M00001, S00001).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from clef.dwellings.enums import Conventionnement, DwellingExitReason, ManagementMode, Parc, Typology
from clef.households.enums import Composition, PersonRole, PriorSituation, Sex
from clef.stays.enums import Destination

# A stay left for a real exit while the households are linked; its destination is drawn later with
# the other real exits (clef/demo/generation/exits.py).
REAL_EXIT_PENDING = "__real__"


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
    exit_reason: DwellingExitReason | str = ""
    commune_code: str = ""
    address: str = ""
    typology: Typology = Typology.T2
    places: int = 2
    parc: Parc = Parc.PRIVE
    management_mode: ManagementMode = ManagementMode.SOUS_LOCATION
    conventionnement: Conventionnement = Conventionnement.AUCUN
    rent_level: str = ""
    surface: float = 40.0
    rent: float = 450.0
    charges: float = 60.0
    protected: bool = False  # an operator's first dwelling never leaves the park
    stays: list[StaySpec] = field(default_factory=list)


class MemberSpec(NamedTuple):
    role: PersonRole
    sex: Sex
    birth_date: date
    first_name: str
    last_name: str


@dataclass(eq=False)
class HouseholdSpec:
    index: int
    operator: OperatorSpec
    composition: Composition = Composition.PERSONNE_ISOLEE
    siao: bool = True
    dalo: bool = False
    prior_situation: PriorSituation = PriorSituation.CHEZ_DES_TIERS
    resources: list[str] = field(default_factory=list)
    demand: bool = True
    ref_sex: Sex = Sex.M
    ref_birth: date = date(1985, 7, 1)
    members: list[MemberSpec] = field(default_factory=list)
    last_stay: StaySpec | None = None

    def busy_after(self, stay: StaySpec) -> bool:
        """True if the household already moved on from `stay` (linked to a later stay)."""
        return self.last_stay is not None and self.last_stay is not stay


@dataclass(eq=False)
class StaySpec:
    index: int
    dwelling: DwellingSpec
    entry_date: date
    exit_date: date | None
    household: HouseholdSpec | None = None
    destination: Destination | str = ""
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
