"""The bilan as a report: figures beside the previous year, charts, series, tables by department and by
structure, the categorisation schemes side by side; shown as a page (clef.www.bilan) or a PDF
(clef.bilan.pdf). The figures come from the cached bilan (`clef.bilan.cache.get_bilan`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from clef.bilan import charts
from clef.bilan.cache import get_bilan, remember
from clef.bilan.labels import SECTIONS, arrears_title, is_percentage, label, scheme_labels, section_of, unit
from clef.bilan.perimeter import Perimeter, arrears_day, is_running
from clef.referential.models import ExitScheme
from clef.stays.enums import EXIT_DESTINATIONS
from clef.territories.models import Department, Region

SPEC_PATH = Path(settings.BASE_DIR) / "docs" / "spec" / "bilan-indicators.md"
DEFAULT_TITLE = "Bilan de l'intermédiation locative"
CACHE_SECONDS = 7 * 24 * 3600


@dataclass
class Figure:
    key: str
    label: str
    value: object
    previous: object
    unit: str

    @property
    def change(self) -> tuple[str, str] | None:
        """(text, direction) beside the previous year: points for a percentage, % for a count. The
        direction is said (« hausse ») and drawn as an arrow, in a neutral colour: a change is not good
        or bad news in itself."""
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


def scheme_layout() -> dict:
    """The categorisation schemes as plain data: each scheme's name, categories and the category of every
    exit destination; and the labels of the categorisation indicators."""
    schemes = [
        {
            "code": scheme.code,
            "name": scheme.name,
            "categories": [(c.code, c.label) for c in scheme.categories.all()],
            "category_of": {e.destination: e.category.label for e in scheme.entries.all()},
        }
        for scheme in ExitScheme.objects.prefetch_related("categories", "entries__category")
    ]
    return {"schemes": schemes, "labels": scheme_labels()}


def schemes_side_by_side(values: dict, layout: dict) -> dict:
    """Each exit destination with the category every scheme puts it in, and each scheme's totals."""
    schemes = layout["schemes"]
    rows = [
        {
            "label": destination.label,
            "value": values.get(f"sorties.destination.{destination.value}_pct"),
            "categories": [s["category_of"].get(destination.value, "Non classé") for s in schemes],
        }
        for destination in EXIT_DESTINATIONS
    ]
    totals = [
        {
            "scheme": scheme,
            "categories": [
                (text, values.get(f"sorties.categorisation.{scheme['code']}.{code}_pct"))
                for code, text in scheme["categories"]
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


def expand(pattern: str) -> list[str]:
    """The keys a pattern of the spec names: `a.{b,c}.{d,e}_pct` → a.b.d_pct, a.b.e_pct, a.c.d_pct, …"""
    match = re.search(r"\{([^{}]*)\}", pattern)
    if match is None:
        return [pattern]
    head, tail = pattern[: match.start()], pattern[match.end() :]
    return [key for option in match.group(1).split(",") for key in expand(head + option + tail)]


def documented_keys() -> set[str]:
    """Every key the indicator tables of the spec name (patterns expanded)."""
    return {key for pattern, _definition in definitions() for key in expand(pattern)}


def perimeter_name(perimeter: Perimeter, *, departments=(), operators=()) -> str:
    """The perimeter's French name: « Auvergne-Rhône-Alpes », « Rhône (69) », a structure's name.
    `departments` and `operators` already loaded by the caller spare a query."""
    if perimeter.kind == "region":
        region = Region.objects.filter(pk=perimeter.code).first()
        return region.name if region else f"Région {perimeter.code}"
    if perimeter.kind == "departement":
        department = next((d for d in departments if d.code == perimeter.code), None)
        department = department or Department.objects.filter(pk=perimeter.code).first()
        return f"{department.name} ({department.code})" if department else f"Département {perimeter.code}"
    if perimeter.kind == "structure":
        operator = next((o for o in operators if str(o.pk) == perimeter.code), None)
        operator = operator or perimeter.organisations().first()
        return operator.name if operator else f"Structure {perimeter.code}"
    return "France entière"


def build(year: int, perimeter: Perimeter, *, diffusion: bool, title: str = "") -> dict:
    """The report of `year` over `perimeter` (masked when `diffusion`), from the cached bilan."""
    bilan = get_bilan(year, perimeter, diffusion=diffusion)
    values, previous = bilan["values"], bilan["previous"]
    # The schemes are part of the data version: cached with it.
    layout = cache.get_or_set(f"bilan:schemas:{bilan['version']}", scheme_layout, CACHE_SECONDS)
    labels = layout["labels"]
    arrears_on = arrears_day(year)
    sections = {code: {"title": name, "figures": []} for code, name in SECTIONS}
    sections["impayes"]["title"] = arrears_title(arrears_on)
    if is_running(year):
        sections["impayes"]["note"] = (
            f"L'année {year} n'est pas terminée : les impayés {year} sont ceux du {arrears_on:%d/%m/%Y}, "
            f"sans les loyers appelés pour les mois à venir ; ceux de {year - 1} sont au 31/12/{year - 1}."
        )
    for key, value in values.items():
        sections[section_of(key)]["figures"].append(
            Figure(key, label(key, labels, arrears_on=arrears_on), value, previous.get(key), unit(key))
        )
    chart_items = charts.by_section(charts.build_charts(values, bilan["series"]))
    return {
        "year": year,
        "year_label": str(year),
        "arrears_on": arrears_on,
        "previous_label": str(year - 1),
        "perimeter": perimeter,
        "title": title or DEFAULT_TITLE,
        "diffusion": diffusion,
        "values": values,
        "sections": [sections[code] | {"code": code, "charts": chart_items[code]} for code, _ in SECTIONS],
        "series": bilan["series"],
        "first_year": bilan["first_year"],
        "department_table": bilan["department_table"],
        "operator_table": bilan["operator_table"],
        "schemes": schemes_side_by_side(values, layout),
        "generated_on": date.today(),
    }


def chart_images(context: dict) -> dict[str, list[str]]:
    """The PDF's charts drawn on the server, cached with the bilan (same data version)."""
    from clef.bilan import pdf_charts

    return remember(
        "graphiques-pdf",
        context["year"],
        context["perimeter"],
        diffusion=context["diffusion"],
        compute=lambda: pdf_charts.draw_all({s["code"]: s["charts"] for s in context["sections"]}),
    )


def render_pdf(year: int, perimeter: Perimeter, *, diffusion: bool, **options) -> bytes:
    """The PDF report (see `clef.bilan.pdf.render`)."""
    from clef.bilan.pdf import render

    return render(year, perimeter, diffusion=diffusion, **options)
