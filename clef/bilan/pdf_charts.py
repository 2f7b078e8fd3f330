"""The bilan's charts drawn on the server (matplotlib → PNG), for the PDF report only: web pages draw the
same `clef.bilan.charts.Chart` in the browser. Same colours as the State's chart components, French
numbers, axes from zero to `Chart.axis_max`."""

from __future__ import annotations

import base64
import html
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from clef.bilan.charts import BARS, COLUMNS, PIE, Chart, french_number  # noqa: E402

matplotlib.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)
# The categorical palette of @gouvfr/dsfr-chart (light theme), so that the PDF looks like the page.
PALETTE = ["#5C68E5", "#82B5F2", "#29598F", "#31A7AE", "#81EEF5", "#B478F1", "#CFB1F5", "#CECECE"]
DPI = 130


def _axis_fr(value: float, _position=None) -> str:
    return french_number(value)


def _png(fig, title: str) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode()
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(title)}">'


def _bars(chart: Chart):
    values = [v or 0 for v in chart.series[0][1]][::-1]
    labels = chart.categories[::-1]
    fig, ax = plt.subplots(figsize=(7.2, 0.32 * len(labels) + 0.7))
    bars = ax.barh(labels, values, color=PALETTE[0], height=0.6)
    top = chart.axis_max
    ax.set_xlim(0, top * 1.12)  # room for the value written after the longest bar
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    for bar, value in zip(bars, values, strict=True):
        ax.text(
            bar.get_width() + top * 0.01,
            bar.get_y() + bar.get_height() / 2,
            french_number(value, 1) + "\u00a0%",
            va="center",
            fontsize=8,
        )
    return fig, ax


def _columns(chart: Chart):
    fig, ax = plt.subplots(figsize=(7.2, 2.6))
    count = len(chart.series)
    width = 0.8 / count
    positions = range(len(chart.categories))
    for index, ((name, values), color) in enumerate(zip(chart.series, PALETTE, strict=False)):
        ax.bar(
            [p - 0.4 + width * (index + 0.5) for p in positions],
            [v or 0 for v in values],
            width=width * 0.9,
            color=color,
            label=name,
        )
    ax.set_xticks(list(positions), chart.categories)
    ax.set_ylim(0, chart.axis_max)
    ax.yaxis.set_major_locator(MaxNLocator(integer=chart.integral, nbins=5))
    ax.yaxis.set_major_formatter(FuncFormatter(_axis_fr))
    ax.grid(axis="y", color="#dddddd")
    ax.set_axisbelow(True)
    if count > 1:
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    return fig, ax


def _pie(chart: Chart):
    values = chart.series[0][1]
    fig, ax = plt.subplots(figsize=(5.2, 2.4))
    wedges, _ = ax.pie(
        values,
        colors=PALETTE[: len(values)],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.42, "edgecolor": "white"},
    )
    ax.legend(
        wedges,
        [
            f"{label} : {french_number(value, 1)}\u00a0%"
            for label, value in zip(chart.categories, values, strict=True)
        ],
        loc="center left",
        bbox_to_anchor=(1, 0.5),
        frameon=False,
        fontsize=8,
    )
    ax.axis("equal")
    return fig, ax


DRAW = {BARS: _bars, COLUMNS: _columns, PIE: _pie}


def draw(chart: Chart) -> str:
    """An `<img>` (PNG, WeasyPrint lays a bitmap out far faster than a large SVG) with the title as alt."""
    fig, ax = DRAW[chart.kind](chart)
    ax.set_title(chart.title, loc="left", fontsize=10, fontweight="bold")
    return _png(fig, chart.title)


def draw_all(charts_by_section: dict[str, list[dict]]) -> dict[str, list[str]]:
    """{section: [img, …]} for the report template."""
    return {section: [draw(item["drawn"]) for item in items] for section, items in charts_by_section.items()}
