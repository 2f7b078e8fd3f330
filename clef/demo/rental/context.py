"""What the rental-management generation reads: the two demo operators of the daily work (« Toit Partagé du
Rhône », « Clé Solidaire de l'Isère »: the demo's rental managers, directors and litigation officer belong to
them), their users, and their stays present today or ended lately, with the dwelling, the contract with the
owner in force and the household's reference person (plain rows ordered by external id: deterministic).
Nothing here writes; the register is read only."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from clef.accounts.models import User
from clef.contracts.models import Contract
from clef.demo import calibration as cal
from clef.demo.daily.context import at_noon
from clef.demo.rental.organisations import FUND_MANAGER, LITIGATION_OFFICER, NETWORK
from clef.households.enums import PersonRole
from clef.households.models import HouseholdResource, Person
from clef.organisations.models import Organisation
from clef.stays.models import Stay
from clef.utils.dates import add_months

OPERATORS = {"op1": "demo-op-001", "op2": "demo-op-002"}
TEAMS = {
    "op1": ("direction@toit-partage.test", "gestion@toit-partage.test", "social@toit-partage.test"),
    "op2": ("direction@cle-solidaire.test", "gestion@cle-solidaire.test", "social@cle-solidaire.test"),
}
COORDINATOR = "coordination@dreets-ara.test"
LEDGER_MONTHS = 13  # the ledger: this month's calls and the twelve months before
RECENT_EXIT_MONTHS = LEDGER_MONTHS - 1  # stays ended since the ledger opened have their lease too
EXIT_AFTER_MONTHS = 4  # … after at least these months of calls,
EXIT_DEBT_MONTHS = 3  # … and with a debt at exit of at most these months of rent and charges


@dataclass(frozen=True)
class Team:
    director: User
    manager: User
    social_worker: User


@dataclass(eq=False)
class StayRow:
    pk: int
    external_id: str
    organisation_id: int
    household_id: int
    dwelling_id: int
    entry_date: date
    exit_date: date | None
    loss_unpaid_rent: bool
    loss_damage: bool
    exit_debt: Decimal | None
    management_mode: str
    typology: str
    surface: Decimal
    rent_hc: Decimal
    charges: Decimal
    name: str = ""  # the reference person's « FIRST LAST » (bank lines)
    resources: tuple[str, ...] = ()
    contract: Contract | None = None

    @property
    def present(self) -> bool:
        return self.exit_date is None


@dataclass(eq=False)
class RentalContext:
    today: date
    now: datetime
    operators: dict[str, Organisation]
    teams: dict[int, Team]  # operator pk → its users
    litigation_officer: User
    fund_manager: User
    coordinator: User
    network: Organisation
    stays: list[StayRow] = field(default_factory=list)

    def rng(self, *key) -> random.Random:
        return random.Random("|".join(map(str, (cal.SEED, "rental", *key))))

    def stamp(self, day: date) -> datetime:
        """Noon of `day`, never later than the moment the seed runs."""
        return min(at_noon(day), self.now)

    @property
    def first_month(self) -> date:
        return add_months(self.today.replace(day=1), -(LEDGER_MONTHS - 1))

    def months(self) -> list[date]:
        """The months of calls, the first to the current one."""
        result, month = [], self.first_month
        while month <= self.today:
            result.append(month)
            month = add_months(month, 1)
        return result

    def operator_ids(self) -> list[int]:
        return [org.pk for org in self.operators.values()]


def _user(email: str) -> User:
    return User.objects.get(email=email)


def build_context(today: date) -> RentalContext:
    operators = {key: Organisation.objects.get(external_id=ext) for key, ext in OPERATORS.items()}
    ctx = RentalContext(
        today=today,
        now=timezone.now(),
        operators=operators,
        teams={operators[key].pk: Team(*(_user(email) for email in emails)) for key, emails in TEAMS.items()},
        litigation_officer=_user(LITIGATION_OFFICER),
        fund_manager=_user(FUND_MANAGER),
        coordinator=_user(COORDINATOR),
        network=Organisation.objects.get(external_id=NETWORK),
    )
    _read_stays(ctx)
    return ctx


def _read_stays(ctx: RentalContext) -> None:
    since = add_months(ctx.today, -RECENT_EXIT_MONTHS)
    rows = (
        Stay.objects.filter(organisation_id__in=ctx.operator_ids())
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=max(since, ctx.first_month)))
        .order_by("external_id", "pk")
        .values_list(
            "pk",
            "external_id",
            "organisation_id",
            "household_id",
            "dwelling_id",
            "entry_date",
            "exit_date",
            "loss_unpaid_rent",
            "loss_damage",
            "exit_debt",
            "dwelling__management_mode",
            "dwelling__typology",
            "dwelling__surface_m2",
            "dwelling__rent_hc",
            "dwelling__charges",
        )
    )
    # An exit's debt must fit in the ledger's months (the ledger has no balance carried from before).
    ctx.stays = [
        stay
        for stay in (StayRow(*row) for row in rows)
        if stay.exit_date is None
        or (stay.exit_date >= add_months(ctx.first_month, EXIT_AFTER_MONTHS) and _debt_fits(stay))
    ]
    households = [s.household_id for s in ctx.stays]
    names = {
        pk: f"{first} {last}".upper()
        for pk, first, last in Person.objects.filter(
            household_id__in=households, role=PersonRole.REFERENCE
        ).values_list("household_id", "first_name", "last_name")
    }
    resources: dict[int, list[str]] = {}
    for pk, source in HouseholdResource.objects.filter(household_id__in=households).values_list(
        "household_id", "source"
    ):
        resources.setdefault(pk, []).append(source)
    contracts: dict[int, list[Contract]] = {}
    for contract in Contract.objects.filter(dwelling_id__in={s.dwelling_id for s in ctx.stays}).order_by(
        "starts_on", "pk"
    ):
        contracts.setdefault(contract.dwelling_id, []).append(contract)
    for stay in ctx.stays:
        stay.name = names.get(stay.household_id, "")
        stay.resources = tuple(sorted(resources.get(stay.household_id, ())))
        stay.contract = _in_force(contracts.get(stay.dwelling_id, []), max(stay.entry_date, ctx.first_month))


def _debt_fits(stay: StayRow) -> bool:
    if not (stay.loss_unpaid_rent and stay.exit_debt):
        return True
    return stay.exit_debt <= EXIT_DEBT_MONTHS * (stay.rent_hc + stay.charges)


def _in_force(contracts: list[Contract], day: date) -> Contract | None:
    """The dwelling's contract in force on `day` (else the latest one started before, else the first)."""
    started = [c for c in contracts if c.starts_on <= day]
    current = [c for c in started if c.ended_on is None or c.ended_on >= day]
    return (current or started or contracts or [None])[-1]
