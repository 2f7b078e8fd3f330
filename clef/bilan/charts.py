"""The bilan's charts as data: what each chart shows (categories, series, unit, axis range), drawn in the
browser by the State's chart components (`@gouvfr/dsfr-chart`, see templates/bilan/chart.html) and, for
the PDF only, by matplotlib (`clef.bilan.pdf_charts`). Each chart carries its data table, the accessible
alternative shown beside it."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from clef.bilan.labels import AGE_LABELS, DECISION_LABELS, LOSS_LABELS, RESOURCE_LABELS, TYPOLOGY_LABELS
from clef.dwellings.enums import ManagementMode
from clef.exits.enums import Judgement, Perspective, RelayKind
from clef.households.enums import Composition, OriginGroup
from clef.stays.enums import EXIT_DESTINATIONS, Destination

BARS = "barres"  # horizontal bars, one per category
COLUMNS = "colonnes"  # vertical bars, one group per year
PIE = "secteurs"  # parts of a whole

# A count axis never goes below this top: Chart.js and matplotlib then tick whole numbers, and one
# structure is not drawn on an axis from 0,94 to 1,06.
MIN_COUNT_AXIS = 10


def french_number(value: float | int, decimals: int | None = None) -> str:
    """« 1 234,5 »: narrow no-break space between thousands, decimal comma."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")


def nice_ceiling(value: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ) that is ≥ value: an axis top."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * power >= value - 1e-9:
            return round(step * power, 6)
    return 10 * power  # pragma: no cover - the loop always returns


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    kind: str
    categories: list[str]
    series: list[tuple[str, list]]  # (name, one value per category: a number, "secret" or None)
    unit: str = ""  # "%", "€" (euros: the data table in euros and cents, the tooltip in €) or ""
    full_width: bool = False
    category_title: str = ""  # the heading of the data table's first column (default: Année / Catégorie)

    @property
    def is_percentage(self) -> bool:
        return self.unit == "%"

    @property
    def drawn(self) -> Chart | None:
        """The same chart without the categories that cannot be drawn (secret, undefined, or nothing at
        all); None when nothing is left to draw."""
        keep = [
            i
            for i in range(len(self.categories))
            if any(_number(values[i]) for _, values in self.series)
            and (self.kind != PIE or any(_number(v[i]) and v[i] > 0 for _, v in self.series))
        ]
        if not keep or not any(_number(v[i]) and v[i] for _, v in self.series for i in keep):
            return None
        return Chart(
            self.key,
            self.title,
            self.kind,
            [self.categories[i] for i in keep],
            [
                (name, [values[i] if _number(values[i]) else None for i in keep])
                for name, values in self.series
            ],
            self.unit,
            self.full_width,
            self.category_title,
        )

    @property
    def integral(self) -> bool:
        return not self.is_percentage and all(
            isinstance(v, int) for _, values in self.series for v in values if _number(v)
        )

    @property
    def axis_max(self) -> float:
        """A sane top for the value axis: from zero to a round number above the largest value; counts
        to at least MIN_COUNT_AXIS, percentages never above 100."""
        largest = max((v for _, values in self.series for v in values if _number(v)), default=0)
        top = nice_ceiling(largest * 1.1)
        if self.is_percentage:
            return min(100, top)
        return max(MIN_COUNT_AXIS, top)

    def table_rows(self) -> list[tuple[str, list]]:
        """(category, one value per series) for the data table."""
        return [
            (category, [values[i] for _, values in self.series]) for i, category in enumerate(self.categories)
        ]

    @property
    def series_names(self) -> list[str]:
        return [name for name, _ in self.series]

    @property
    def element(self) -> str:
        return "pie-chart" if self.kind == PIE else "bar-chart"

    def component(self) -> dict[str, str]:
        """Attributes of the dsfr-chart element, JSON in strings as the components expect (keys with `_`
        for `-`)."""
        names = self.series_names
        if self.kind == PIE:
            values = self.series[0][1]
            names = [f"{c} : {french_number(v, 1)} %" for c, v in zip(self.categories, values, strict=True)]
        attributes = {
            "x": json.dumps([self.categories], ensure_ascii=False),
            "y": json.dumps([values for _, values in self.series]),
            "name": json.dumps(names, ensure_ascii=False),
            "unit_tooltip": self.unit,
            "selected_palette": "categorical" if self.kind == PIE or len(self.series) > 1 else "default",
        }
        if self.kind == PIE:
            return attributes
        axis = "x" if self.kind == BARS else "y"
        top = self.axis_max
        attributes |= {
            f"{axis}_min": "0",
            f"{axis}_max": str(int(top) if float(top).is_integer() else top),
            "aspect_ratio": self.aspect_ratio,
            "horizontal": "true" if self.kind == BARS else "",
        }
        return attributes

    @property
    def aspect_ratio(self) -> str:
        """Room for every bar: about 32 px a category on a half (560 px) or full (1 150 px) width."""
        if self.kind != BARS:
            return "2"
        width = 1150 if self.full_width else 560
        return f"{max(1.0, width / (60 + 32 * len(self.categories))):.2f}"


def _bars(key: str, title: str, items: list[tuple[str, object]], *, full_width: bool = False) -> Chart:
    return Chart(
        key,
        title,
        BARS,
        [label for label, _ in items],
        [("Part (%)", [value for _, value in items])],
        "%",
        full_width,
    )


def _pie(key: str, title: str, items: list[tuple[str, object]]) -> Chart:
    return Chart(
        key, title, PIE, [label for label, _ in items], [("Part (%)", [value for _, value in items])], "%"
    )


def _series_charts(trend: dict) -> list[Chart]:
    """Stock of each year since the first one; none when there is a single year (no series)."""
    years = [str(year) for year in trend["years"]]
    if len(years) < 2:
        return []
    return [
        Chart(
            "series",
            "Logements et places au 31/12 de chaque année",
            COLUMNS,
            years,
            [("Logements", trend["dwellings"]), ("Places", trend["places"])],
        ),
        Chart(
            "structures",
            "Structures actives chaque année",
            COLUMNS,
            years,
            [("Structures", trend["structures"])],
        ),
    ]


def _park_charts(v: dict) -> list[Chart]:
    return [
        _bars(
            "typologies",
            "Typologies du parc",
            [(TYPOLOGY_LABELS[k], v[f"parc.typologie.{k}_pct"]) for k in TYPOLOGY_LABELS],
        ),
        _pie(
            "modes",
            "Modes de gestion du parc",
            [(m.label, v[f"parc.mode.{m.value}_pct"]) for m in ManagementMode],
        ),
        _pie(
            "parc",
            "Parc privé et parc public",
            [("Parc privé", v["parc.prive_pct"]), ("Parc public", v["parc.public_pct"])],
        ),
    ]


def _household_charts(v: dict) -> list[Chart]:
    return [
        _bars(
            "origines",
            "Situation avant l'entrée (ménages entrés)",
            [(g.label, v[f"menages.entres.origine.{g.value}_pct"]) for g in OriginGroup],
        ),
        _bars(
            "ressources",
            "Ressources des ménages présents",
            [(RESOURCE_LABELS[k], v[f"menages.presents.ressources.{k}_pct"]) for k in RESOURCE_LABELS],
        ),
        _bars(
            "compositions",
            "Composition des ménages présents",
            [(c.label, v[f"menages.presents.composition.{c.value}_pct"]) for c in Composition],
        ),
        _bars(
            "ages",
            "Âge de la personne de référence",
            [(AGE_LABELS[k], v[f"menages.presents.age.{k}_pct"]) for k in AGE_LABELS],
        ),
    ]


def _exit_charts(v: dict) -> list[Chart]:
    return [
        _bars(
            "destinations",
            "Destinations à la sortie",
            [(Destination(d).label, v[f"sorties.destination.{d.value}_pct"]) for d in EXIT_DESTINATIONS],
            full_width=True,
        ),
        _pie(
            "sinistres",
            "Sinistres constatés à la sortie",
            [(LOSS_LABELS[k], v[f"sorties.sinistre.{k}_pct"]) for k in LOSS_LABELS],
        ),
    ]


def _pathway_charts(v: dict) -> list[Chart]:
    """Orientation decisions, the five perspectives on the exit side by side, the relays at exit."""
    return [
        _pie(
            "decisions",
            "Décisions sur les candidats proposés par le SIAO",
            [(text, v.get(f"orientation.decision.{k}_pct")) for k, text in DECISION_LABELS.items()],
        ),
        Chart(
            "regards",
            "La sortie vue par chacun : part des sorties jugées positives, mitigées, négatives",
            COLUMNS,
            [p.label for p in Perspective],
            [
                (f"{j.label} (%)", [v.get(f"regards_sortie.{p.value}.{j.value}_pct") for p in Perspective])
                for j in Judgement
            ],
            "%",
            full_width=True,
            category_title="Point de vue",
        ),
        _bars(
            "relais",
            "Relais établis à la sortie",
            [(k.label, v.get(f"relais_sortie.type.{k.value}_pct")) for k in RelayKind],
        ),
    ]


def _captation_charts(v: dict) -> list[Chart]:
    """The new dwellings' split between the two modes against the instruction's target (issue 9)."""
    target = v.get("captation.objectif.mandat_gestion_pct")
    other = 100 - target if isinstance(target, int | float) else None
    return [
        Chart(
            "captation_modes",
            "Nouvelles captations par mode de gestion, face à l'objectif",
            COLUMNS,
            ["Mandat de gestion", "Location / sous-location et bail glissant"],
            [
                (
                    "Réalisé (%)",
                    [
                        v.get("captation.nouveaux.mandat_gestion_pct"),
                        v.get("captation.nouveaux.sous_location_pct"),
                    ],
                ),
                ("Objectif (%)", [target, other]),
            ],
            "%",
            category_title="Mode de gestion",
        )
    ]


def build_charts(v: dict, trend: dict) -> list[Chart]:
    """Every chart of the bilan (`v`: the indicators, `trend`: the series since the first year)."""
    from clef.bilan.charts_rental import loss_charts, rental_charts  # they build on Chart

    return (
        _series_charts(trend)
        + _park_charts(v)
        + _household_charts(v)
        + _exit_charts(v)
        + _pathway_charts(v)
        + _captation_charts(v)
        + loss_charts(v)
        + rental_charts(v)
    )


SECTION_CHARTS = {
    "parc": ("series", "structures", "typologies"),
    "modes": ("modes", "parc"),
    "menages": ("origines", "ressources", "compositions", "ages"),
    "sorties": ("destinations",),
    "sinistralite": ("sinistres", "sinistres_modes", "sinistres_ressources"),
    "orientation": ("decisions",),
    "choix": (),
    "occupation": (),
    "regards_sortie": ("regards",),
    "relais_sortie": ("relais",),
    "sollicitations": (),
    "captation": ("captation_modes",),
    "impayes": ("impayes_anciennete",),
    "fonds": ("fonds_contributions",),
    "financement": ("financement_cout",),
}


def by_section(charts: list[Chart]) -> dict[str, list[dict]]:
    """The charts of each section that have something to draw: {"chart": what the data table lists
    (secret and undefined values included), "drawn": what the component draws}."""
    items = {c.key: {"chart": c, "drawn": c.drawn} for c in charts}
    return {
        section: [items[key] for key in keys if key in items and items[key]["drawn"] is not None]
        for section, keys in SECTION_CHARTS.items()
    }
