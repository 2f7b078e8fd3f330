"""Server-side charts (matplotlib → inline SVG): the same drawings on the pages and in the PDF."""

from __future__ import annotations

import base64
import html
import io
import itertools
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

matplotlib.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "svg.fonttype": "none",  # text stays text: selectable, read by screen readers
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)
BLUE_FRANCE = "#000091"
PALETTE = [
    "#000091",
    "#6a6af4",
    "#e1000f",
    "#009081",
    "#c3992a",
    "#a558a0",
    "#465f9d",
    "#ce614a",
    "#8585f6",
    "#66673d",
    "#958b62",
    "#3a3a3a",
    "#bd987a",
    "#417dc4",
]


_counter = itertools.count(1)


_FORMAT = {"value": "svg"}


def use_png(enabled: bool) -> None:
    """PNG (120 dpi) for the PDF: WeasyPrint lays a bitmap out far faster than a large SVG."""
    _FORMAT["value"] = "png" if enabled else "svg"


def _svg(fig) -> str:
    """Inline SVG whose ids are unique on the page (several charts share one HTML document)."""
    if _FORMAT["value"] == "png":
        buffer_png = io.BytesIO()
        fig.savefig(buffer_png, format="png", dpi=120, bbox_inches="tight")
        title = fig.axes[0].get_title(loc="left") if fig.axes else ""
        plt.close(fig)
        data = base64.b64encode(buffer_png.getvalue()).decode()
        return f'<img src="data:image/png;base64,{data}" alt="{html.escape(title)}" style="width: 100%">'
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = _presentation_attributes(svg[svg.index("<svg") :])
    prefix = f"g{next(_counter)}-"
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r'(url\(#|href="#)', lambda m: m.group(1) + prefix, svg)
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


_STYLE_ELEMENT = re.compile(r"\s*<style[^>]*>(.*?)</style>", re.S)
_UNIVERSAL_RULE = re.compile(r"^\s*\*\s*\{([^}]*)\}\s*$", re.S)
_DRAWN_ELEMENT = re.compile(r"<(path|use|text|rect|circle|ellipse|line|polyline|polygon)\b([^>]*?)(/?)>")
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')


def _declarations(css: str) -> dict[str, str]:
    pairs = (item.split(":", 1) for item in css.split(";") if ":" in item)
    return {name.strip(): value.strip() for name, value in pairs}


def _presentation_attributes(svg: str) -> str:
    """The same drawing without CSS: the Content-Security-Policy (no 'unsafe-inline') blocks `style`
    attributes and `<style>` elements of an SVG inlined in a page.

    Matplotlib writes each element's look as `style="fill: …; stroke-width: …"` and one universal rule
    `*{stroke-linejoin: round; stroke-linecap: butt}`. Every declaration it writes is also an SVG
    presentation attribute (fill, stroke, stroke-width, font-size, font-family, text-anchor…), so
    each becomes an attribute of its element; the universal rule is applied to each drawn element,
    below its own declarations (as the CSS cascade did).
    """
    defaults: dict[str, str] = {}
    match = _STYLE_ELEMENT.search(svg)
    if match:
        rule = _UNIVERSAL_RULE.match(match.group(1))
        if rule is None:
            raise ValueError("Feuille de style SVG inattendue : seule la règle universelle est convertie.")
        defaults = _declarations(rule.group(1))
        svg = svg[: match.start()] + svg[match.end() :]

    def drawn(element: re.Match) -> str:
        tag, attributes, closing = element.groups()
        style = _STYLE_ATTRIBUTE.search(attributes)
        declarations = dict(defaults)
        if style:
            declarations.update(_declarations(style.group(1)))
            attributes = attributes[: style.start()] + attributes[style.end() :]
        extra = "".join(
            f' {name}="{html.escape(value, quote=True)}"'
            for name, value in declarations.items()
            if f" {name}=" not in attributes
        )
        return f"<{tag}{attributes}{extra}{closing}>"

    svg = _DRAWN_ELEMENT.sub(drawn, svg)
    svg = re.sub(r"\s*<defs>\s*</defs>", "", svg)
    if "style=" in svg:
        raise ValueError("Attribut style SVG non converti.")
    return svg


def _fr(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def _axis_fr(value: float, _position=None) -> str:
    """An axis tick in French: thin no-break space between thousands, decimal comma."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text.replace(",", "\u202f").replace(".", ",")


def horizontal_bars(title: str, items: list[tuple[str, float | None]], unit: str = " %") -> str | None:
    """One bar per category; None when there is nothing to draw (no data or secret)."""
    shown = [(label, value) for label, value in items if isinstance(value, int | float)]
    if not shown or not any(value for _, value in shown):
        return None
    labels = [label for label, _ in shown][::-1]
    values = [value for _, value in shown][::-1]
    fig, ax = plt.subplots(figsize=(6.4, 0.34 * len(shown) + 0.8))
    bars = ax.barh(labels, values, color=BLUE_FRANCE, height=0.6)
    ax.set_title(title, loc="left", fontsize=10, fontweight="bold")
    ax.set_xlim(0, max(values) * 1.18 or 1)
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    for bar, value in zip(bars, values, strict=True):
        ax.text(
            bar.get_width() + max(values) * 0.01,
            bar.get_y() + bar.get_height() / 2,
            _fr(value) + unit,
            va="center",
            fontsize=8,
        )
    return _svg(fig)


def donut(title: str, items: list[tuple[str, float | None]]) -> str | None:
    shown = [(label, value) for label, value in items if isinstance(value, int | float) and value > 0]
    if not shown:
        return None
    fig, ax = plt.subplots(figsize=(4.2, 2.6))
    wedges, _ = ax.pie(
        [v for _, v in shown],
        colors=PALETTE[: len(shown)],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.42, "edgecolor": "white"},
    )
    ax.legend(
        wedges,
        [f"{label} : {_fr(value)} %" for label, value in shown],
        loc="center left",
        bbox_to_anchor=(1, 0.5),
        frameon=False,
        fontsize=8,
    )
    ax.set_title(title, loc="left", fontsize=10, fontweight="bold")
    ax.axis("equal")
    return _svg(fig)


def lines(title: str, years: list[int], series: dict[str, list[float | None]]) -> str | None:
    if len(years) < 2:
        return None
    fig, ax = plt.subplots(figsize=(6.4, 2.6))
    for (name, values), color in zip(series.items(), PALETTE, strict=False):
        ax.plot(
            years,
            [v if isinstance(v, int | float) else None for v in values],
            marker="o",
            color=color,
            label=name,
            linewidth=2,
        )
    ax.set_xticks(years)
    # French numbers on the value axis, whole ticks for counts (« 1 500 », never « 2.5 structures »).
    integral = all(isinstance(v, int) for values in series.values() for v in values if v is not None)
    ax.yaxis.set_major_locator(MaxNLocator(integer=integral))
    ax.yaxis.set_major_formatter(FuncFormatter(_axis_fr))
    ax.set_title(title, loc="left", fontsize=10, fontweight="bold")
    ax.legend(frameon=False, fontsize=8)
    ax.grid(axis="y", color="#dddddd")
    return _svg(fig)
