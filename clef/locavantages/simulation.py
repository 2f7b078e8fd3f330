"""THE Loc'Avantages computation: what an owner receives, market rent against each level, with and without
intermédiation locative (IML). Every page, the PDF and the demo call these functions; every rate and amount
comes from `settings.CLEF_LOCAVANTAGES` (⚠ values to confirm), never from this module.

Rules (shared/reference/domain_rules.md § 1.3–1.5):
- surface fiscale S = habitable surface + half the annexes, the half counted within the limit of 8 m²
  (`annex_max_m2`: annexes of 16 m² or more add 8 m²; the Pinel/Borloo reading « retenues pour la moitié de
  leur surface et dans la limite de 8 m² »);
- surface coefficient = 0,7 + 19/S, rounded half up to 2 decimals, then capped (1,2 ⚠ unverified);
- monthly rent ceiling of a level = ceiling of the commune (€/m², excluding charges) × S × coefficient,
  rounded DOWN to the cent, so that the rent applied never exceeds the legal ceiling;
- tax reduction = rate (level, direct or IML) × yearly gross rent, rounded half up to the cent; Loc3 has no
  rate without IML (not possible);
- prime d'intermédiation locative (IML only, levels of `iml_bonus_levels`): per mode; the small-surface
  amount for the modes of `iml_bonus_small_surface_modes` when the habitable surface is ≤ the limit; a
  bail glissant is a location / sous-location (main lease with a glissement clause);
- local bonuses: schemes of the commune (or its parent commune for an arrondissement) or of its EPCI in
  force on the day, for the mode and the level (or « sans convention »); IML only; one-off, first year;
- management fees: mandate only, fee % of the yearly gross rent, rounded half up to the cent.
Net first year = gross − fees + tax reduction + IML bonus + local bonuses; following years: without the
one-off bonuses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.conf import settings

from clef.dwellings.enums import ManagementMode, RentLevel
from clef.locavantages.models import LocalBonusScheme, RentCeiling

CENT = Decimal("0.01")
ZERO = Decimal("0")
MONTHS = 12


def _config() -> dict:
    return settings.CLEF_LOCAVANTAGES


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def surface_fiscale(habitable_m2: Decimal, annexes_m2: Decimal = ZERO) -> Decimal:
    """Habitable surface + half the annexes, the counted half limited to `annex_max_m2`."""
    config = _config()
    counted = min(Decimal(annexes_m2 or 0) * config["annex_factor"], config["annex_max_m2"])
    return Decimal(habitable_m2) + counted


def raw_coefficient(surface: Decimal) -> Decimal:
    """0,7 + 19/S rounded half up to 2 decimals, before the cap."""
    config = _config()
    value = config["coefficient_base"] + config["coefficient_numerator"] / Decimal(surface)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def surface_coefficient(surface: Decimal) -> Decimal:
    """The surface coefficient: rounded to 2 decimals, then capped at `coefficient_cap`."""
    return min(raw_coefficient(surface), _config()["coefficient_cap"])


def monthly_ceiling(eur_per_m2: Decimal, surface: Decimal) -> Decimal:
    """€/m² × S × coefficient, rounded down to the cent."""
    return (eur_per_m2 * surface * surface_coefficient(surface)).quantize(CENT, rounding=ROUND_DOWN)


def ceilings_of(commune, year: int) -> dict[str, RentCeiling]:
    """The loaded ceilings of the commune for the year, by level (one query)."""
    return {c.level: c for c in RentCeiling.objects.filter(commune_id=commune.pk, year=year)}


def ceiling_for(commune, year: int, level: str, surface: Decimal) -> Decimal | None:
    """Monthly rent ceiling excluding charges for a dwelling of surface fiscale `surface`; None when no
    ceiling is loaded for the commune, year and level."""
    found = RentCeiling.objects.filter(commune_id=commune.pk, year=year, level=level).first()
    return None if found is None else monthly_ceiling(found.eur_per_m2, surface)


def tax_reduction_percent(level: str, with_iml: bool) -> Decimal | None:
    """The rate of the tax reduction (% of the gross rent); None when the level is not possible this way
    (Loc3 without IML)."""
    return _config()["tax_reduction_percent"][level]["iml" if with_iml else "direct"]


def _bonus_mode(mode: str) -> str:
    return ManagementMode.SOUS_LOCATION if mode == ManagementMode.BAIL_GLISSANT else mode


def iml_bonus(level: str | None, mode: str, surface: Decimal) -> Decimal:
    """The prime d'intermédiation locative for a convention at `level` managed in `mode` (IML); `surface`
    is the habitable surface. 0 outside the levels that give it (and without convention)."""
    config = _config()
    if level not in config["iml_bonus_levels"]:
        return ZERO
    mode = _bonus_mode(mode)
    if (
        mode in config["iml_bonus_small_surface_modes"]
        and surface <= config["iml_bonus_small_surface_max_m2"]
    ):
        return config["iml_bonus_small_surface"]
    return config["iml_bonus"].get(mode, ZERO)


def local_bonuses(commune, mode: str, level: str | None, on: date, schemes=None) -> list[tuple]:
    """The local bonus schemes that apply: (scheme, amount) for the commune's or its EPCI's schemes in force
    on `on`, for `mode` and `level` (None: without convention). `schemes`: the candidates already read."""
    if schemes is None:
        schemes = schemes_for(commune, on)
    return [
        (scheme, scheme.amount)
        for scheme in schemes
        if scheme.in_force_on(on) and scheme.applies_to_mode(mode) and scheme.applies_to_level(level)
    ]


def schemes_for(commune, on: date) -> list[LocalBonusScheme]:
    """Schemes of the commune's territory in force on `on` (one query)."""
    return list(LocalBonusScheme.objects.for_commune(commune).in_force_on(on).order_by("name", "pk"))


@dataclass
class SimulationRow:
    key: str
    label: str
    level: str | None
    with_iml: bool
    available: bool = True
    reason: str = ""
    ceiling: Decimal | None = None
    rent: Decimal = ZERO  # monthly rent applied, excluding charges
    capped: bool = False
    yearly_gross: Decimal = ZERO
    tax_percent: Decimal | None = None
    tax_reduction: Decimal = ZERO
    iml_bonus: Decimal = ZERO
    local_bonuses: list = field(default_factory=list)
    fees: Decimal = ZERO
    net_first_year: Decimal = ZERO
    net_following_years: Decimal = ZERO

    @property
    def local_total(self) -> Decimal:
        return sum((amount for _, amount in self.local_bonuses), ZERO)


@dataclass
class Simulation:
    commune: object
    year: int
    habitable_m2: Decimal
    annexes_m2: Decimal
    surface: Decimal
    raw_coefficient: Decimal
    coefficient: Decimal
    market_rent: Decimal
    mode: str
    fee_percent: Decimal
    on: date
    rows: list[SimulationRow]
    uses_sample: bool
    no_ceiling: bool
    sources: list[str]

    @property
    def coefficient_capped(self) -> bool:
        return self.coefficient < self.raw_coefficient

    @property
    def coefficient_cap(self) -> Decimal:
        return _config()["coefficient_cap"]

    @property
    def coefficient_cap_verified(self) -> bool:
        return bool(_config().get("coefficient_cap_verified"))

    @property
    def mode_label(self) -> str:
        return ManagementMode(self.mode).label

    @property
    def best(self) -> SimulationRow | None:
        options = [row for row in self.rows if row.available]
        return max(options, key=lambda row: row.net_first_year) if options else None


def _finish(row: SimulationRow, *, mode: str, fee_percent: Decimal) -> SimulationRow:
    row.yearly_gross = row.rent * MONTHS
    if row.tax_percent:
        row.tax_reduction = _cents(row.yearly_gross * row.tax_percent / 100)
    if row.with_iml and mode == ManagementMode.MANDAT_GESTION:
        row.fees = _cents(row.yearly_gross * fee_percent / 100)
    row.net_following_years = row.yearly_gross - row.fees + row.tax_reduction
    row.net_first_year = row.net_following_years + row.iml_bonus + row.local_total
    return row


def _level_row(level, with_iml, ceiling, market_rent, surface_row) -> SimulationRow:
    label = f"{RentLevel(level).label}, {'avec' if with_iml else 'sans'} intermédiation locative"
    row = SimulationRow(
        key=f"{level}_{'iml' if with_iml else 'direct'}", label=label, level=level, with_iml=with_iml
    )
    row.tax_percent = tax_reduction_percent(level, with_iml)
    if row.tax_percent is None:
        row.available, row.reason = False, "Possible seulement avec l'intermédiation locative."
        return row
    if ceiling is None:
        row.available, row.reason = False, "Aucun plafond chargé pour cette commune et cette année."
        return row
    row.ceiling = monthly_ceiling(ceiling.eur_per_m2, surface_row)
    row.rent = min(market_rent, row.ceiling)
    row.capped = row.rent < market_rent
    return row


def simulate(
    commune,
    year: int,
    habitable_m2: Decimal,
    annexes_m2: Decimal,
    market_rent: Decimal,
    mode: str,
    fee_percent: Decimal,
    on: date,
) -> Simulation:
    """Side by side: the market rent without convention, then each level, with and without IML (two
    queries: the ceilings of the commune and year, the local schemes of its territory)."""
    surface = surface_fiscale(habitable_m2, annexes_m2)
    ceilings = ceilings_of(commune, year)
    schemes = schemes_for(commune, on)
    rows = [
        SimulationRow(
            key="marche_direct", label="Sans convention, gestion directe", level=None, with_iml=False
        ),
        SimulationRow(
            key="marche_iml", label="Sans convention, avec intermédiation locative", level=None, with_iml=True
        ),
    ]
    for row in rows:
        row.rent = market_rent
    rows[1].local_bonuses = local_bonuses(commune, mode, None, on, schemes)
    for level in RentLevel.values:
        for with_iml in (False, True):
            row = _level_row(level, with_iml, ceilings.get(level), market_rent, surface)
            if row.available and with_iml:
                row.iml_bonus = iml_bonus(level, mode, Decimal(habitable_m2))
                row.local_bonuses = local_bonuses(commune, mode, level, on, schemes)
            rows.append(row)
    for row in rows:
        if row.available:
            _finish(row, mode=mode, fee_percent=fee_percent)
    return Simulation(
        commune=commune,
        year=year,
        habitable_m2=Decimal(habitable_m2),
        annexes_m2=Decimal(annexes_m2 or 0),
        surface=surface,
        raw_coefficient=raw_coefficient(surface),
        coefficient=surface_coefficient(surface),
        market_rent=market_rent,
        mode=mode,
        fee_percent=fee_percent,
        on=on,
        rows=rows,
        uses_sample=any(c.is_sample for c in ceilings.values()),
        no_ceiling=not ceilings,
        sources=sorted({c.source for c in ceilings.values() if c.source}),
    )
