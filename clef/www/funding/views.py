"""« Financement de la mesure »: per operator and year, the IML subsidy, the days actually supported and the
cost per person-day (`clef.funding.queries.funding_figures`, the same figures as the exports and the
bilan). No business rule here."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from clef.bilan.charts import BARS, Chart
from clef.funding import perms, queries, services
from clef.funding.models import Subsidy
from clef.www.access import ClefRequest
from clef.www.editing import attach_errors, form_status, require_version_when_editing
from clef.www.funding.access import get_subsidy_operator_or_404, require_funding
from clef.www.funding.forms import SubsidyForm
from clef.www.needs import exports
from clef.www.needs.forms import year_choice

COLUMNS = [
    ("name", "Structure"),
    ("captation", "Part captation (€)"),
    ("gla", "Part gestion locative adaptée (€)"),
    ("support", "Part accompagnement (€)"),
    ("total", "Subvention IML (€)"),
    ("household_days", "Journées ménages"),
    ("person_days", "Journées personnes"),
    ("cost_per_household_day", "Coût par ménage et par jour (€)"),
    ("cost_per_person_day", "Coût par personne et par jour (€)"),
]


def _export_lines(figures: queries.FundingFigures) -> list[dict]:
    """The rows as plain numbers (floats: the CSV writes a decimal comma, the XLSX a number)."""
    lines = []
    for row in [*figures.rows, figures.total]:
        line = {name: getattr(row, name) for name, _ in COLUMNS}
        for name, value in line.items():
            if name != "name" and value is not None and not isinstance(value, int):
                line[name] = float(value)
        lines.append(line)
    return lines


CHART_BAR_PX = 26  # room for each operator's two bars in the chart (full width, about 1 150 px)


def _cost_chart(figures: queries.FundingFigures) -> dict | None:
    """The cost per person-day of each operator with days supported, beside the reference cost: the
    attributes of the dsfr-chart element (the table below carries the same figures, the accessible
    alternative). None when no operator has a cost to draw."""
    rows = [row for row in figures.rows if row.cost_per_person_day is not None]
    if not rows:
        return None
    chart = Chart(
        "financement_structures",
        "Coût par personne et par jour de chaque structure, face au coût de référence (€)",
        BARS,
        [row.name for row in rows],
        [
            ("Coût par personne et par jour (€)", [float(row.cost_per_person_day) for row in rows]),
            ("Coût de référence (€)", [float(figures.reference_cost)] * len(rows)),
        ],
        full_width=True,
        category_title="Structure",
    )
    attributes = chart.component()
    attributes["aspect_ratio"] = f"{max(0.3, 1150 / (60 + CHART_BAR_PX * len(rows))):.2f}"
    return {"title": chart.title, "attributes": attributes, "operators": len(rows)}


def funding(request: ClefRequest) -> HttpResponse:
    membership, over = require_funding(request)
    year = year_choice(request.GET.get("annee"), timezone.localdate().year - 1)
    figures = queries.funding_figures(over, year)
    kind = request.GET.get("format")
    if kind:
        response = exports.download(
            kind, f"financement-iml-{year}", f"Financement IML {year}", COLUMNS, _export_lines(figures)
        )
        if response is None:
            raise Http404
        return response
    current = timezone.localdate().year
    context = {
        "year": year,
        "years": list(range(current + 1, 2017, -1)),
        "figures": figures,
        "chart": _cost_chart(figures),
        "can_enter": perms.may_enter_subsidies(membership),
    }
    return render(request, "funding/funding.html", context)


def subsidy_edit(request: ClefRequest, pk: int, year: int) -> HttpResponse:
    operator = get_subsidy_operator_or_404(request, pk)
    if year_choice(str(year), 0) != year:
        raise Http404
    subsidy = Subsidy.objects.filter(organisation=operator, year=year).select_related("entered_by").first()
    form = SubsidyForm(request.POST or None, instance=subsidy or Subsidy(organisation=operator, year=year))
    require_version_when_editing(form, subsidy is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_subsidy(
                organisation=operator,
                year=year,
                captation_amount=data["captation_amount"],
                gla_amount=data["gla_amount"],
                support_amount=data["support_amount"],
                granted_on=data["granted_on"],
                comments=data["comments"],
                acting_user=request.user,
                expected_version=data["version"] if subsidy is not None else None,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"La subvention {year} de {operator.name} est enregistrée.")
            return redirect(f"{reverse('www:funding')}?annee={year}")
    context = {"form": form, "operator": operator, "year": year, "subsidy": subsidy}
    return render(request, "funding/subsidy_form.html", context, status=form_status(form))
