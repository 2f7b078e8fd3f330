"""What the captation generation reads: the demo organisations of captation, their users and the
dwellings of the demo operators (plain rows ordered by external id: deterministic). Nothing here writes."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from clef.accounts.models import User
from clef.demo import calibration as cal
from clef.demo.captation.organisations import AUTHORITY, OPERATORS, PLATFORM
from clef.demo.daily.context import at_noon
from clef.dwellings.models import Dwelling
from clef.organisations.models import Organisation
from clef.organisations.practice import practice_for

# Dwellings that left the park within this many days get an ended contract and a re-captation lead.
RECAPTATION_DAYS = 365
RECAPTATION_REASONS = ("glissement_bail", "reprise_proprietaire", "fin_convention", "fin_mandat")

# The writer of each operator's captation records (its captation officer) and of its contracts.
OFFICERS = {
    "op1": ("captation@toit-partage.test", "gestion@toit-partage.test"),
    "op2": ("captation@cle-solidaire.test", "gestion@cle-solidaire.test"),
    "op052": ("captation@logis-passerelle.test", "captation@logis-passerelle.test"),
    "op057": ("captation@seuil-commun.test", "captation@seuil-commun.test"),
}
ANIMATOR = "animation@louer-solidaire.test"
COORDINATOR = "coordination@dreets-ara.test"
SIAO_AGENTS = {"demo-siao38": "siao@siao-isere.test", "demo-siao73": "siao@siao-savoie.test"}


@dataclass(eq=False)
class CaptationContext:
    today: date
    platform: Organisation
    authority: Organisation
    operators: dict[str, Organisation]  # "op1", "op2", "op052", "op057"
    officers: dict[int, User]  # operator pk → its captation officer
    managers: dict[int, User]  # operator pk → who enters its contracts
    animator: User
    coordinator: User
    siao: dict[str, tuple[Organisation, User]]  # external id → the SIAO and its demo agent
    now: datetime  # the moment the seed runs
    dwellings: dict[int, list[dict]] = field(default_factory=dict)  # operator pk → its dwellings
    communes: dict[str, list[str]] = field(default_factory=dict)  # department → communes of the park
    fees: dict[int, Decimal] = field(default_factory=dict)

    def stamp(self, day: date) -> datetime:
        """The timestamp of a record of `day`: noon, or the moment the seed runs when noon is still to
        come (a record of today's morning): nothing seeded is later than now, so a seeded record never
        sorts above a real one entered after the seed."""
        return min(at_noon(day), self.now)

    def rng(self, *key) -> random.Random:
        """A generator of its own for one record (its draws do not depend on the other records')."""
        return random.Random("|".join(map(str, (cal.SEED, "captation", *key))))

    def operator_ids(self) -> list[int]:
        return [org.pk for org in self.operators.values()]

    def organisation(self, pk: int) -> Organisation:
        return next(org for org in self.operators.values() if org.pk == pk)

    def fee_percent(self, pk: int) -> Decimal:
        """The operator's management fee (its practice settings, default ⚠ of the settings)."""
        if pk not in self.fees:
            self.fees[pk] = practice_for(pk).management_fee_percent
        return self.fees[pk]

    def in_park(self, row: dict) -> bool:
        return row["entry_date"] <= self.today and (row["exit_date"] is None or row["exit_date"] > self.today)

    @property
    def recent(self) -> date:
        """The end of the register's recent past: today, or its horizon when the demo is loaded later (the
        register's entries and exits stop there)."""
        return min(self.today, cal.HORIZON)

    def left_lately(self, row: dict) -> bool:
        """Left the park within the last year for a reason that calls for a re-captation."""
        left = row["exit_date"]
        return (
            left is not None
            and 0 <= (self.recent - left).days <= RECAPTATION_DAYS
            and row["exit_reason"] in RECAPTATION_REASONS
        )


def _user(email: str) -> User:
    return User.objects.get(email=email)


def build_context(today: date) -> CaptationContext:
    orgs = {org.external_id: org for org in Organisation.objects.filter(external_id__startswith="demo-")}
    operators = {key: orgs[ext] for key, ext in OPERATORS.items()}
    ctx = CaptationContext(
        today=today,
        platform=orgs[PLATFORM],
        authority=orgs[AUTHORITY],
        operators=operators,
        officers={operators[key].pk: _user(officer) for key, (officer, _) in OFFICERS.items()},
        managers={operators[key].pk: _user(manager) for key, (_, manager) in OFFICERS.items()},
        animator=_user(ANIMATOR),
        coordinator=_user(COORDINATOR),
        siao={ext: (orgs[ext], _user(email)) for ext, email in SIAO_AGENTS.items()},
        now=timezone.now(),
    )
    _read_dwellings(ctx)
    return ctx


def _read_dwellings(ctx: CaptationContext) -> None:
    rows = (
        Dwelling.objects.filter(organisation_id__in=ctx.operator_ids())
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=date(ctx.today.year - 2, 1, 1)))
        .order_by("external_id")
        .values(
            "pk",
            "external_id",
            "organisation_id",
            "organisation__head_office_department_id",
            "commune_id",
            "commune__epci_id",
            "address",
            "typology",
            "surface_m2",
            "parc",
            "management_mode",
            "conventionnement",
            "rent_level",
            "rent_hc",
            "charges",
            "entry_date",
            "exit_date",
            "exit_reason",
        )
    )
    for row in rows:
        ctx.dwellings.setdefault(row["organisation_id"], []).append(row)
    for org in ctx.operators.values():
        communes = ctx.communes.setdefault(org.head_office_department_id, [])
        communes += sorted({row["commune_id"] for row in ctx.dwellings.get(org.pk, [])} - set(communes))
