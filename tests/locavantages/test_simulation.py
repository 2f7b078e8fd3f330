"""The one Loc'Avantages computation, figure by figure, with worked examples computed by hand (rates and
amounts of settings.CLEF_LOCAVANTAGES: 15/20 %, 35/40 %, —/65 %; IML bonus 1 000 € sous-location,
2 000 € mandate, 3 000 € mandate ≤ 40 m²; coefficient cap 1,2; annexes counted half, within 8 m²)."""

from datetime import date
from decimal import Decimal

import pytest

from clef.dwellings.enums import ManagementMode as Mode
from clef.dwellings.enums import RentLevel
from clef.locavantages import simulation as sim
from clef.territories.models import Commune
from tests.factories.locavantages import CHAMBERY, LocalBonusSchemeFactory, ceilings

D = Decimal
ON = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("habitable", "annexes", "expected"),
    [
        ("50", "6", "53"),  # 50 + 6/2
        ("50", "0", "50"),
        ("50", "16", "58"),  # half of 16 = 8: the limit
        ("50", "20", "58"),  # half of 20 = 10, counted within 8 m²
        ("42.5", "3", "44.0"),
    ],
)
def test_surface_fiscale_adds_half_the_annexes_within_8_m2(habitable, annexes, expected):
    assert sim.surface_fiscale(D(habitable), D(annexes)) == D(expected)


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("53", "1.06"),  # 0,7 + 19/53 = 1,0585 → 1,06
        ("50", "1.08"),  # 0,7 + 0,38
        ("152", "0.83"),  # 0,7 + 0,125 = 0,825 → half up 0,83 (not the banker's 0,82)
        ("38", "1.2"),  # 0,7 + 0,5 = 1,2: the cap itself
        ("30", "1.2"),  # 0,7 + 0,6333 = 1,33 → capped at 1,2
        ("100", "0.89"),
    ],
)
def test_surface_coefficient_rounds_to_2_decimals_then_caps(surface, expected):
    assert sim.surface_coefficient(D(surface)) == D(expected)


def test_raw_coefficient_of_a_small_dwelling_is_kept_to_show_the_cap():
    """30 m²: 1,33 before the cap (shown on the page as « plafonné à 1,2 »)."""
    assert sim.raw_coefficient(D("30")) == D("1.33")


def test_cap_comes_from_the_settings(settings):
    settings.CLEF_LOCAVANTAGES = {**settings.CLEF_LOCAVANTAGES, "coefficient_cap": D("1.3")}
    assert sim.surface_coefficient(D("30")) == D("1.3")


def test_monthly_ceiling_is_rounded_down_to_the_cent():
    """10,37 €/m² × 47 m² × 1,10 (0,7 + 19/47 = 1,104 → 1,10) = 536,129 → 536,12 (never above the ceiling)."""
    assert sim.monthly_ceiling(D("10.37"), D("47")) == D("536.12")


@pytest.mark.django_db
def test_ceiling_for_a_commune_year_and_level():
    """Loc1 of Chambéry 2026 at 10 €/m², S = 53: 10 × 53 × 1,06 = 561,80 €; no ceiling for 2025."""
    ceilings()
    chambery = Commune.objects.get(pk=CHAMBERY)
    assert sim.ceiling_for(chambery, 2026, RentLevel.LOC1, D("53")) == D("561.80")
    assert sim.ceiling_for(chambery, 2025, RentLevel.LOC1, D("53")) is None


@pytest.mark.parametrize(
    ("level", "with_iml", "expected"),
    [
        ("loc1", False, D("15")),
        ("loc1", True, D("20")),
        ("loc2", False, D("35")),
        ("loc2", True, D("40")),
        ("loc3", False, None),
        ("loc3", True, D("65")),
    ],
)
def test_tax_reduction_rates_loc3_only_with_iml(level, with_iml, expected):
    assert sim.tax_reduction_percent(level, with_iml) == expected


@pytest.mark.parametrize(
    ("level", "mode", "surface", "expected"),
    [
        ("loc1", Mode.MANDAT_GESTION, "30", "0"),  # Loc1: no IML bonus
        (None, Mode.MANDAT_GESTION, "30", "0"),  # without convention: none
        ("loc2", Mode.SOUS_LOCATION, "60", "1000"),
        ("loc2", Mode.SOUS_LOCATION, "30", "1000"),  # the small-surface amount is for mandates only
        ("loc3", Mode.BAIL_GLISSANT, "30", "1000"),  # a bail glissant is a sous-location
        ("loc2", Mode.MANDAT_GESTION, "41", "2000"),
        ("loc3", Mode.MANDAT_GESTION, "40", "3000"),  # ≤ 40 m²
    ],
)
def test_iml_bonus_by_level_mode_and_surface(level, mode, surface, expected):
    assert sim.iml_bonus(level, mode, D(surface)) == D(expected)


def test_iml_bonus_follows_the_settings(settings):
    """The faire.fr reading (+1 000 € for small sublet dwellings too) is one setting away."""
    settings.CLEF_LOCAVANTAGES = {
        **settings.CLEF_LOCAVANTAGES,
        "iml_bonus_small_surface_modes": ["mandat_gestion", "sous_location"],
        "iml_bonus_small_surface": D("2500"),
    }
    assert sim.iml_bonus("loc2", Mode.SOUS_LOCATION, D("30")) == D("2500")


@pytest.mark.django_db
def test_local_bonuses_of_the_commune_or_its_epci_in_force_for_mode_and_level():
    epci_scheme = LocalBonusSchemeFactory()  # Grand Chambéry: Loc2/Loc3, mandate, from 01/01/2026
    commune_scheme = LocalBonusSchemeFactory(for_commune=True, amount=D("500"), for_sous_location=True)
    LocalBonusSchemeFactory(valid_from=date(2027, 1, 1))  # not yet in force
    LocalBonusSchemeFactory(valid_from=date(2025, 1, 1), valid_until=date(2025, 12, 31))  # ended
    LocalBonusSchemeFactory(epci_id="200040715")  # Grenoble-Alpes-Métropole: elsewhere
    chambery = Commune.objects.get(pk=CHAMBERY)
    found = sim.local_bonuses(chambery, Mode.MANDAT_GESTION, RentLevel.LOC2, ON)
    assert {(s.pk, amount) for s, amount in found} == {
        (epci_scheme.pk, D("1500")),
        (commune_scheme.pk, D("500")),
    }
    assert sim.local_bonuses(chambery, Mode.SOUS_LOCATION, RentLevel.LOC2, ON) == [(commune_scheme, D("500"))]
    assert sim.local_bonuses(chambery, Mode.MANDAT_GESTION, RentLevel.LOC1, ON) == []
    assert sim.local_bonuses(chambery, Mode.MANDAT_GESTION, None, ON) == []  # not « sans convention »


@pytest.mark.django_db
def test_arrondissement_gets_the_schemes_of_its_commune():
    scheme = LocalBonusSchemeFactory(epci_id=None, commune_id="69123", for_loc1=True)  # Lyon
    lyon_3 = Commune.objects.get(pk="69383")
    assert sim.local_bonuses(lyon_3, Mode.MANDAT_GESTION, RentLevel.LOC1, ON) == [(scheme, D("1500"))]


def _rows(result):
    return {row.key: row for row in result.rows}


@pytest.mark.django_db
def test_simulation_mandate_50_m2_with_6_m2_annexes(django_assert_num_queries):
    """Chambéry 2026 (10 / 8 / 6 €/m²), 50 m² + 6 m² annexes → S = 53, coefficient 1,06; asked 600 €/month;
    mandate at 7 %; Grand Chambéry's 1 500 € for Loc2/Loc3 mandates.

    - market, direct: 600 × 12 = 7 200,00 net.
    - market, IML: 7 200 − 7 % (504,00) = 6 696,00.
    - Loc1 ceiling 10 × 53 × 1,06 = 561,80 (< 600: rent capped). Gross 6 741,60.
      direct: + 15 % = 1 011,24 → 7 752,84. IML: + 20 % = 1 348,32, − fees 471,91 (471,912) → 7 618,01.
    - Loc2 ceiling 8 × 53 × 1,06 = 449,44. Gross 5 393,28. direct: + 35 % = 1 887,65 (1 887,648) → 7 280,93.
      IML: + 40 % = 2 157,31 (2 157,312), − fees 377,53 (377,5296) → following years 7 173,06;
      first year + 2 000 (IML bonus, mandate > 40 m²) + 1 500 (local) = 10 673,06.
    - Loc3 direct: impossible. Loc3 IML ceiling 6 × 53 × 1,06 = 337,08; gross 4 044,96; + 65 % = 2 629,22
      (2 629,224); − fees 283,15 (283,1472) → 6 391,03; first year + 2 000 + 1 500 = 9 891,03.
    """
    ceilings()
    LocalBonusSchemeFactory()
    chambery = Commune.objects.get(pk=CHAMBERY)
    with django_assert_num_queries(2):
        result = sim.simulate(chambery, 2026, D("50"), D("6"), D("600"), Mode.MANDAT_GESTION, D("7"), ON)
    assert (result.surface, result.coefficient, result.uses_sample, result.no_ceiling) == (
        D("53"),
        D("1.06"),
        False,
        False,
    )
    rows = _rows(result)
    assert list(rows) == [
        "marche_direct",
        "marche_iml",
        "loc1_direct",
        "loc1_iml",
        "loc2_direct",
        "loc2_iml",
        "loc3_direct",
        "loc3_iml",
    ]
    assert rows["marche_direct"].net_first_year == D("7200.00")
    assert (rows["marche_iml"].fees, rows["marche_iml"].net_first_year) == (D("504.00"), D("6696.00"))
    loc1d, loc1i = rows["loc1_direct"], rows["loc1_iml"]
    assert (loc1d.ceiling, loc1d.rent, loc1d.capped, loc1d.yearly_gross) == (
        D("561.80"),
        D("561.80"),
        True,
        D("6741.60"),
    )
    assert (loc1d.tax_reduction, loc1d.fees, loc1d.net_first_year) == (D("1011.24"), 0, D("7752.84"))
    assert (loc1i.tax_reduction, loc1i.fees, loc1i.iml_bonus, loc1i.net_first_year) == (
        D("1348.32"),
        D("471.91"),
        0,
        D("7618.01"),
    )
    loc2d, loc2i = rows["loc2_direct"], rows["loc2_iml"]
    assert (loc2d.ceiling, loc2d.tax_reduction, loc2d.net_first_year) == (
        D("449.44"),
        D("1887.65"),
        D("7280.93"),
    )
    assert (loc2i.tax_reduction, loc2i.fees, loc2i.iml_bonus, loc2i.local_total) == (
        D("2157.31"),
        D("377.53"),
        D("2000"),
        D("1500"),
    )
    assert (loc2i.net_following_years, loc2i.net_first_year) == (D("7173.06"), D("10673.06"))
    assert rows["loc3_direct"].available is False
    assert rows["loc3_direct"].reason == "Possible seulement avec l'intermédiation locative."
    loc3i = rows["loc3_iml"]
    assert (loc3i.ceiling, loc3i.tax_reduction, loc3i.fees, loc3i.net_first_year) == (
        D("337.08"),
        D("2629.22"),
        D("283.15"),
        D("9891.03"),
    )
    assert result.best == loc2i


@pytest.mark.django_db
def test_simulation_sublet_30_m2_capped_coefficient_no_fees():
    """Chambéry, 30 m², no annexes: S = 30, coefficient 1,33 capped at 1,2; asked 300 €, sous-location.
    Loc2: 8 × 30 × 1,2 = 288,00 → gross 3 456,00; + 40 % = 1 382,40; no fees (not a mandate); IML bonus
    1 000 (sous-location, whatever the surface); Grand Chambéry's scheme is for mandates only: first year
    3 456 + 1 382,40 + 1 000 = 5 838,40. Loc1: 10 × 30 × 1,2 = 360 > 300: the asked rent stays (300)."""
    ceilings()
    LocalBonusSchemeFactory()
    chambery = Commune.objects.get(pk=CHAMBERY)
    result = sim.simulate(chambery, 2026, D("30"), D("0"), D("300"), Mode.SOUS_LOCATION, D("7"), ON)
    assert (result.raw_coefficient, result.coefficient, result.coefficient_capped) == (
        D("1.33"),
        D("1.2"),
        True,
    )
    rows = _rows(result)
    assert (rows["loc2_iml"].ceiling, rows["loc2_iml"].fees, rows["loc2_iml"].iml_bonus) == (
        D("288.00"),
        0,
        D("1000"),
    )
    assert rows["loc2_iml"].local_bonuses == []
    assert rows["loc2_iml"].net_first_year == D("5838.40")
    assert (rows["loc1_iml"].ceiling, rows["loc1_iml"].rent, rows["loc1_iml"].capped) == (
        D("360.00"),
        D("300"),
        False,
    )
    assert rows["marche_iml"].fees == 0


@pytest.mark.django_db
def test_simulation_without_ceilings_says_so_and_keeps_the_market_rows():
    chambery = Commune.objects.get(pk=CHAMBERY)
    result = sim.simulate(chambery, 2026, D("50"), D("0"), D("600"), Mode.MANDAT_GESTION, D("7"), ON)
    assert result.no_ceiling is True
    rows = _rows(result)
    assert rows["marche_direct"].available and rows["marche_iml"].available
    assert rows["loc1_iml"].available is False
    assert rows["loc1_iml"].reason == "Aucun plafond chargé pour cette commune et cette année."


@pytest.mark.django_db
def test_sample_ceilings_are_flagged():
    ceilings(sample=True)
    chambery = Commune.objects.get(pk=CHAMBERY)
    result = sim.simulate(chambery, 2026, D("50"), D("0"), D("600"), Mode.MANDAT_GESTION, D("7"), ON)
    assert result.uses_sample is True
    assert result.sources == ["valeur d'exemple"]


@pytest.mark.django_db
def test_sans_convention_scheme_applies_to_the_market_row_with_iml():
    LocalBonusSchemeFactory(for_loc2=False, for_loc3=False, for_sans_convention=True, amount=D("800"))
    chambery = Commune.objects.get(pk=CHAMBERY)
    result = sim.simulate(chambery, 2026, D("50"), D("0"), D("600"), Mode.MANDAT_GESTION, D("0"), ON)
    rows = _rows(result)
    assert rows["marche_iml"].local_total == D("800")
    assert rows["marche_iml"].net_first_year == D("8000")  # 7 200 + 800, no fees at 0 %
    assert rows["marche_direct"].local_total == 0  # local bonuses go with IML
