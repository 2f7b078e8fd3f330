"""What the daily-work generation reads from the register already loaded: the demo operators, their
users, dwellings, households and stays, as plain rows ordered by external id (deterministic).

The daily work of issue 8 (orientation, occupancy, support, exits, agenda) is generated for the two
operators the demo users belong to (op1 « Toit Partagé du Rhône », op2 « Clé Solidaire de l'Isère») and
the SIAO of their departments: the records need a user who wrote them, and only those organisations have
users. Nothing here writes; the register rows are read only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone

from clef.accounts.models import User
from clef.demo import calibration as cal
from clef.dwellings.models import Dwelling
from clef.households.enums import PersonRole
from clef.households.models import HouseholdResource, Person
from clef.organisations.models import Organisation
from clef.stays.models import Stay

# The daily tools are in use from this day: records before it belong to the register only.
DAILY_SINCE = date(2025, 1, 1)
# The register's history stops at the horizon: records dated up to it depend on the seed only; records
# after it (current terms, appointments, pending proposals) follow the day the demo is loaded.
HORIZON = cal.HORIZON


@dataclass(frozen=True)
class Team:
    """The demo users of one operator, by trade."""

    director: User
    social_workers: tuple[User, ...]
    rental_manager: User


@dataclass(eq=False)
class StayRow:
    pk: int
    external_id: str
    organisation_id: int
    household_id: int
    dwelling_id: int
    entry_date: date
    exit_date: date | None
    destination: str
    pathway_start: date | None
    loss_unpaid_rent: bool
    loss_damage: bool
    management_mode: str
    dwelling_exit_reason: str
    dwelling_exit_date: date | None
    household_siao: bool
    household_dalo: bool
    household_demand: bool
    composition: str
    prior_situation: str
    household_last_exit: date | None = None  # None: the household is housed today
    later_stay: bool = False  # the household has a stay after this one

    @property
    def present(self) -> bool:
        return self.exit_date is None


@dataclass(eq=False)
class DailyContext:
    today: date
    operators: dict[str, Organisation]  # "op1", "op2"
    siao: dict[int, Organisation]  # operator pk → the SIAO of its department
    siao_agents: dict[int, User]  # SIAO pk → its demo agent
    teams: dict[int, Team]  # operator pk → its users
    admin: User
    stays: list[StayRow] = field(default_factory=list)
    references: dict[int, dict] = field(default_factory=dict)  # household pk → reference person
    members: dict[int, tuple[int, int]] = field(default_factory=dict)  # household pk → (adults, children)
    others: dict[int, list[dict]] = field(default_factory=dict)  # household pk → its other members
    resources: dict[int, list[str]] = field(default_factory=dict)  # household pk → sources
    dwellings: dict[int, dict] = field(default_factory=dict)  # dwelling pk → row

    def rng(self, *key) -> random.Random:
        """A generator of its own for one record: the draws of a record do not depend on how many other
        records were generated before it (so records after the horizon never move those before it)."""
        return random.Random("|".join(map(str, (cal.SEED, *key))))

    def operator_ids(self) -> list[int]:
        return [org.pk for org in self.operators.values()]


def at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _user(email: str) -> User:
    return User.objects.get(email=email)


def build_context(today: date) -> DailyContext:
    op1 = Organisation.objects.get(external_id="demo-op-001")
    op2 = Organisation.objects.get(external_id="demo-op-002")
    siao69 = Organisation.objects.get(external_id="demo-siao69")
    siao38 = Organisation.objects.get(external_id="demo-siao38")
    multi = _user("multi@clef.test")
    ctx = DailyContext(
        today=today,
        operators={"op1": op1, "op2": op2},
        siao={op1.pk: siao69, op2.pk: siao38},
        siao_agents={siao69.pk: _user("siao@siao-rhone.test"), siao38.pk: _user("siao@siao-isere.test")},
        teams={
            op1.pk: Team(
                _user("direction@toit-partage.test"),
                (_user("social@toit-partage.test"), multi),
                _user("gestion@toit-partage.test"),
            ),
            op2.pk: Team(
                _user("direction@cle-solidaire.test"),
                (_user("social@cle-solidaire.test"), multi),
                _user("gestion@cle-solidaire.test"),
            ),
        },
        admin=_user("admin@clef.test"),
    )
    _read_register(ctx)
    return ctx


def _read_register(ctx: DailyContext) -> None:
    ids = ctx.operator_ids()
    rows = (
        Stay.objects.filter(organisation_id__in=ids)
        .order_by("external_id", "pk")
        .values_list(
            "pk",
            "external_id",
            "organisation_id",
            "household_id",
            "dwelling_id",
            "entry_date",
            "exit_date",
            "destination",
            "pathway_start",
            "loss_unpaid_rent",
            "loss_damage",
            "dwelling__management_mode",
            "dwelling__exit_reason",
            "dwelling__exit_date",
            "household__siao_oriented",
            "household__dalo",
            "household__social_housing_demand",
            "household__composition",
            "household__prior_situation",
        )
    )
    ctx.stays = [StayRow(*row) for row in rows]
    _link_households(ctx)
    _read_people(ctx)
    _read_dwellings(ctx)


def _link_households(ctx: DailyContext) -> None:
    """Each stay knows whether its household moved on to a later stay."""
    by_household: dict[int, list[StayRow]] = {}
    for stay in ctx.stays:
        by_household.setdefault(stay.household_id, []).append(stay)
    for stays in by_household.values():
        stays.sort(key=lambda s: s.entry_date)
        last = stays[-1]
        for stay in stays:
            stay.household_last_exit = last.exit_date
            stay.later_stay = stay is not last


def _read_people(ctx: DailyContext) -> None:
    households = {"household__organisation_id__in": ctx.operator_ids()}
    for pk, first, last, sex, birth in Person.objects.filter(
        **households, role=PersonRole.REFERENCE
    ).values_list("household_id", "first_name", "last_name", "sex", "birth_date"):
        ctx.references[pk] = {"first_name": first, "last_name": last, "sex": sex, "birth_date": birth}
    adult_roles = {PersonRole.REFERENCE, PersonRole.CONJOINT, PersonRole.AUTRE}
    for person in (
        Person.objects.filter(**households)
        .order_by("external_id")
        .values("household_id", "role", "first_name", "last_name", "sex", "birth_date")
    ):
        household_id = person.pop("household_id")
        adults, children = ctx.members.get(household_id, (0, 0))
        is_adult = person["role"] in adult_roles
        ctx.members[household_id] = (adults + is_adult, children + (not is_adult))
        if person["role"] != PersonRole.REFERENCE:
            ctx.others.setdefault(household_id, []).append(person)
    resources = HouseholdResource.objects.filter(**households).order_by("household_id", "source")
    for household_id, source in resources.values_list("household_id", "source"):
        ctx.resources.setdefault(household_id, []).append(source)


def _read_dwellings(ctx: DailyContext) -> None:
    for row in (
        Dwelling.objects.filter(organisation_id__in=ctx.operator_ids())
        .order_by("external_id")
        .values(
            "pk",
            "external_id",
            "organisation_id",
            "entry_date",
            "exit_date",
            "places",
            "typology",
            "rent_hc",
            "charges",
            "commune_id",
            "management_mode",
        )
    ):
        ctx.dwellings[row["pk"]] = row
