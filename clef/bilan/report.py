"""The bilan as a report: figures beside the previous year, series, tables by department and by
operator, the categorisation schemes side by side, charts; rendered as a page or a PDF (WeasyPrint)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Min, Q, Sum
from django.template.loader import render_to_string

from clef.bilan import charts
from clef.bilan.indicators import (
    MIN_COUNT,
    MIN_WHOLE,
    SECRET,
    Perimeter,
    apply_secrecy,
    compute_detailed,
    dwellings,
    exits,
    park_size,
    pct,
    stays,
    year_bounds,
)
from clef.bilan.labels import (
    AGE_LABELS,
    LOSS_LABELS,
    RESOURCE_LABELS,
    SECTIONS,
    TYPOLOGY_LABELS,
    is_percentage,
    label,
    scheme_labels,
    section_of,
)
from clef.dwellings.enums import ManagementMode
from clef.households.enums import Composition, OriginGroup
from clef.referential.models import ExitScheme
from clef.stays.enums import EXIT_DESTINATIONS, Destination
from clef.territories.models import Department

SPEC_PATH = Path(settings.BASE_DIR) / "docs" / "spec" / "bilan-indicators.md"


@dataclass
class Figure:
    key: str
    label: str
    value: object
    previous: object
    unit: str

    @property
    def change(self) -> tuple[str, str] | None:
        """(text, direction) beside the previous year: points for a percentage, % for a count."""
        if not isinstance(self.value, int | float) or not isinstance(self.previous, int | float):
            return None
        if is_percentage(self.key):
            delta = round(self.value - self.previous, 1)
            text = f"{delta:+.1f} pt".replace(".", ",")
        else:
            if not self.previous:
                return None
            delta = round(100 * (self.value - self.previous) / self.previous, 1)
            text = f"{delta:+.1f} %".replace(".", ",")
        direction = "hausse" if delta > 0 else "baisse" if delta < 0 else "stable"
        return text, direction


def first_year(perimeter: Perimeter) -> int | None:
    first = dwellings(perimeter).aggregate(first=Min("entry_date"))["first"]
    return first.year if first else None


def series(perimeter: Perimeter, year: int) -> dict:
    """Structures, dwellings and places at the end of each year since the first year with data."""
    start = first_year(perimeter)
    if start is None or start > year:
        return {"years": [], "structures": [], "dwellings": [], "places": []}
    years = list(range(start, year + 1))
    result = {"years": years, "structures": [], "dwellings": [], "places": []}
    for y in years:
        begin, end = year_bounds(y)
        result["structures"].append(
            dwellings(perimeter)
            .filter(entry_date__lte=end)
            .filter(Q(exit_date__isnull=True) | Q(exit_date__gt=begin))
            .values("organisation")
            .distinct()
            .count()
        )
        n, places = park_size(perimeter, y)
        result["dwellings"].append(n)
        result["places"].append(places)
    return result


def table_by(year: int, perimeter: Perimeter, group: str, *, secrecy: bool) -> list[dict]:
    """Main figures per department (of the head office) or per structure, in a handful of GROUP BY queries."""
    field = "organisation__head_office_department_id" if group == "departement" else "organisation_id"
    begin, end = year_bounds(year)
    park = dict_by(
        dwellings(perimeter).in_park_on(end).values(field).annotate(n=Count("pk"), places=Sum("places")),
        field,
    )
    active = dict_by(
        dwellings(perimeter)
        .filter(entry_date__lte=end)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gt=begin))
        .values(field)
        .annotate(structures=Count("organisation", distinct=True)),
        field,
    )
    present = dict_by(
        stays(perimeter)
        .filter(entry_date__lte=end)
        .filter(Q(exit_date__isnull=True) | Q(exit_date__gte=begin))
        .values(field)
        .annotate(households=Count("household", distinct=True)),
        field,
    )
    perenne = _perenne_destinations()
    out = dict_by(
        exits(perimeter, year)
        .values(field)
        .annotate(exits=Count("pk"), perenne=Count("pk", filter=Q(destination__in=perenne))),
        field,
    )
    keys = sorted(set(park) | set(active) | set(present) | set(out), key=lambda k: (k is None, k))
    if group == "departement":
        names = {
            d.code: f"{d.code} – {d.name}" for d in Department.objects.filter(code__in=[k for k in keys if k])
        }
    else:
        names = dict(perimeter.organisations().filter(pk__in=keys).values_list("pk", "name"))
    rows = []
    for key in keys:
        row = {
            "key": key,
            "name": names.get(key, "Non renseigné"),
            "structures": active.get(key, {}).get("structures", 0),
            "dwellings": park.get(key, {}).get("n", 0),
            "places": park.get(key, {}).get("places") or 0,
            "households": present.get(key, {}).get("households", 0),
            "exits": out.get(key, {}).get("exits", 0),
        }
        row["perenne_pct"] = pct(out.get(key, {}).get("perenne", 0), row["exits"])
        if secrecy:
            for measure in ("structures", "dwellings", "places", "households", "exits"):
                if row[measure] < MIN_COUNT:
                    row[measure] = SECRET
            if (out.get(key, {}).get("exits", 0)) < MIN_WHOLE:
                row["perenne_pct"] = SECRET
        rows.append(row)
    return rows


def dict_by(queryset, field: str) -> dict:
    return {row[field]: row for row in queryset}


def _perenne_destinations() -> list[str]:
    scheme = ExitScheme.objects.filter(code="officielle").first()
    if scheme is None:
        return []
    return list(scheme.entries.filter(category__code="perenne").values_list("destination", flat=True))


def schemes_side_by_side(values: dict) -> dict:
    schemes = list(ExitScheme.objects.prefetch_related("categories", "entries__category"))
    rows = []
    for destination in EXIT_DESTINATIONS:
        cells = []
        for scheme in schemes:
            category = next(
                (e.category.label for e in scheme.entries.all() if e.destination == destination), "Non classé"
            )
            cells.append(category)
        rows.append(
            {
                "label": destination.label,
                "value": values.get(f"sorties.destination.{destination.value}_pct"),
                "categories": cells,
            }
        )
    totals = [
        {
            "scheme": scheme,
            "categories": [
                (c.label, values.get(f"sorties.categorisation.{scheme.code}.{c.code}_pct"))
                for c in scheme.categories.all()
            ],
        }
        for scheme in schemes
    ]
    return {"schemes": schemes, "rows": rows, "totals": totals}


def definitions() -> list[tuple[str, str]]:
    """(key, definition) rows of the indicator table of the spec (docs/spec/bilan-indicators.md)."""
    if not SPEC_PATH.exists():
        return []
    result = []
    for line in SPEC_PATH.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| ([a-z_.{},|…0-9]+) \| (.+?) \|", line)
        if match and match.group(1) != "key":
            result.append((match.group(1), match.group(2)))
    return result


def build(year: int, perimeter: Perimeter, *, diffusion: bool, title: str = "") -> dict:
    values, wholes = compute_detailed(year, perimeter)
    previous, previous_wholes = compute_detailed(year - 1, perimeter)
    if diffusion:
        values, previous = apply_secrecy(values, wholes), apply_secrecy(previous, previous_wholes)
    labels = scheme_labels()
    sections = {code: {"title": name, "figures": []} for code, name in SECTIONS}
    for key, value in values.items():
        sections[section_of(key)]["figures"].append(
            Figure(key, label(key, labels), value, previous.get(key), "%" if is_percentage(key) else "")
        )
    trend = series(perimeter, year)
    return {
        "year": year,
        "year_label": str(year),
        "previous_label": str(year - 1),
        "perimeter": perimeter,
        "title": title or "Bilan de l'intermédiation locative",
        "diffusion": diffusion,
        "values": values,
        "sections": [sections[code] | {"code": code} for code, _ in SECTIONS],
        "series": trend,
        "charts": make_charts(values, trend),
        "schemes": schemes_side_by_side(values),
        "generated_on": date.today(),
    }


def make_charts(v: dict, trend: dict) -> dict[str, str | None]:
    return {
        "modes": charts.donut(
            "Modes de gestion du parc", [(m.label, v[f"parc.mode.{m.value}_pct"]) for m in ManagementMode]
        ),
        "parc": charts.donut(
            "Parc privé et parc public",
            [("Parc privé", v["parc.prive_pct"]), ("Parc public", v["parc.public_pct"])],
        ),
        "typologies": charts.horizontal_bars(
            "Typologies du parc",
            [(TYPOLOGY_LABELS[k], v[f"parc.typologie.{k}_pct"]) for k in TYPOLOGY_LABELS],
        ),
        "origines": charts.horizontal_bars(
            "Situation avant l'entrée (ménages entrés)",
            [(g.label, v[f"menages.entres.origine.{g.value}_pct"]) for g in OriginGroup],
        ),
        "ressources": charts.horizontal_bars(
            "Ressources des ménages présents",
            [(RESOURCE_LABELS[k], v[f"menages.presents.ressources.{k}_pct"]) for k in RESOURCE_LABELS],
        ),
        "compositions": charts.horizontal_bars(
            "Composition des ménages présents",
            [(c.label, v[f"menages.presents.composition.{c.value}_pct"]) for c in Composition],
        ),
        "ages": charts.horizontal_bars(
            "Âge de la personne de référence",
            [(AGE_LABELS[k], v[f"menages.presents.age.{k}_pct"]) for k in AGE_LABELS],
        ),
        "destinations": charts.horizontal_bars(
            "Destinations à la sortie",
            [(Destination(d).label, v[f"sorties.destination.{d.value}_pct"]) for d in EXIT_DESTINATIONS],
        ),
        "sinistres": charts.donut(
            "Sinistres constatés à la sortie",
            [(LOSS_LABELS[k], v[f"sorties.sinistre.{k}_pct"]) for k in LOSS_LABELS],
        ),
        "series": charts.lines(
            "Évolution depuis la première année",
            trend["years"],
            {"Logements": trend["dwellings"], "Places": trend["places"]},
        ),
        "structures": charts.lines("Structures actives", trend["years"], {"Structures": trend["structures"]}),
    }


def render_pdf(
    year: int,
    perimeter: Perimeter,
    *,
    diffusion: bool,
    title: str = "",
    department_table: list | None = None,
    operator_table: list | None = None,
) -> bytes:
    from weasyprint import HTML

    charts.use_png(True)
    try:
        context = build(year, perimeter, diffusion=diffusion, title=title)
    finally:
        charts.use_png(False)
    context["definitions"] = definitions()
    if department_table is None and perimeter.kind in {"tout", "region"}:
        department_table = table_by(year, perimeter, "departement", secrecy=diffusion)
    context["department_table"] = department_table
    context["operator_table"] = operator_table
    html = render_to_string("bilan/report_pdf.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
