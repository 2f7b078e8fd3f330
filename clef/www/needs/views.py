"""« État des lieux des besoins », the SIAO's declaration grid, « Objectifs de captation » and
« Mon territoire »: figures only, from `clef.needs.queries` (the same functions feed the exports, the PDF
and the bilan). No business rule here."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from clef.bilan.charts import COLUMNS, Chart
from clef.dwellings.enums import Typology
from clef.needs import perms, queries, rules, services
from clef.needs.models import CaptationTarget, NeedDeclaration
from clef.needs.pdf import render_territory
from clef.needs.territory import territory_names
from clef.organisations import perms as organisation_perms
from clef.territories.models import Commune, Epci
from clef.www.access import ClefRequest
from clef.www.editing import attach_errors, form_status, require_version_when_editing
from clef.www.needs import exports, tables
from clef.www.needs.access import (
    get_target_operator_or_404,
    require_needs,
    require_needs_declarer,
    require_targets,
    require_territory,
)
from clef.www.needs.forms import DeclarationForm, NeedsFilterForm, TargetForm, cell_name, year_choice


def _epcis(departments):
    """The EPCIs with a commune in `departments` (forward lookups only: the reverse ones of the territories
    are absent when a transactional test leaves their app out of `available_apps`)."""
    communes = Commune.objects.filter(department__in=departments, epci__isnull=False).values("epci_id")
    return Epci.objects.filter(code__in=communes).order_by("name")


def _chart(totals: list[dict]) -> dict:
    chart = Chart(
        "besoins",
        "Ménages en attente et offre par typologie",
        COLUMNS,
        [line["typology"] for line in totals],
        [
            ("Ménages en attente", [line["waiting"] for line in totals]),
            ("Logements vacants", [line["vacant"] for line in totals]),
            ("Logements en cours de captation", [line["pipeline"] for line in totals]),
        ],
        full_width=True,
        category_title="Typologie",
    )
    return {"chart": chart, "drawn": chart.drawn}


def needs(request: ClefRequest) -> HttpResponse:
    membership, area = require_needs(request)
    departments = list(area.departments())
    form = NeedsFilterForm(request.GET or None, departments=departments, epcis=_epcis(departments))
    today = timezone.localdate()
    rows = queries.needs_vs_supply(area, today, **form.filters())
    masked = not (perms.is_siao_member(membership) or organisation_perms.is_state_member(membership))
    lines = [tables.need_line(row, masked=masked) for row in rows]
    totals = [tables.need_line(row, masked=masked) for row in queries.totals_by_typology(rows)]
    kind = request.GET.get("format")
    if kind:
        stem = f"besoins-captation-{today:%Y-%m-%d}"
        title = f"État des lieux des besoins au {today:%d/%m/%Y}"
        response = exports.download(kind, stem, title, tables.NEED_COLUMNS, lines)
        if response is None:
            raise Http404
        return response
    context = {
        "form": form,
        "lines": lines,
        "totals": totals,
        "columns": tables.NEED_COLUMNS,
        "chart": _chart(totals),
        "today": today,
        "masked": masked,
        "can_declare": perms.can_declare_needs(membership),
        "query": request.GET.urlencode(),
    }
    return render(request, "needs/needs.html", context)


def _grid_initial(siao) -> dict:
    """The latest grid of the SIAO, to start from."""
    latest = (
        NeedDeclaration.objects.filter(siao=siao).order_by("-as_of").values_list("as_of", flat=True).first()
    )
    if latest is None:
        return {}
    cells = NeedDeclaration.objects.filter(siao=siao, as_of=latest)
    return {cell_name(c.epci_id, c.typology): c.households_waiting for c in cells}


def needs_declare(request: ClefRequest) -> HttpResponse:
    membership = require_needs_declarer(request)
    siao = membership.organisation
    department = siao.head_office_department
    epcis = list(_epcis([department]))
    form = DeclarationForm(request.POST or None, epcis=epcis, initial=_grid_initial(siao))
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_needs(
                siao=siao,
                as_of=form.cleaned_data["as_of"],
                cells=form.cells(),
                comments=form.cleaned_data["comments"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request, f"Les besoins au {form.cleaned_data['as_of']:%d/%m/%Y} sont enregistrés."
            )
            return redirect("www:needs")
    context = {"form": form, "department": department, "typologies": [t.label for t in Typology]}
    return render(request, "needs/declare.html", context, status=form_status(form))


def targets(request: ClefRequest) -> HttpResponse:
    membership, over = require_targets(request)
    year = year_choice(request.GET.get("annee"), timezone.localdate().year)
    whole = queries.targets_progress(over, year)
    lines = tables.target_lines(whole)
    columns = tables.target_columns(whole.park_on)
    kind = request.GET.get("format")
    if kind:
        response = exports.download(
            kind,
            f"objectifs-captation-{year}",
            f"Objectifs de captation {year}",
            columns,
            [line for _, line in lines],
        )
        if response is None:
            raise Http404
        return response
    current = timezone.localdate().year
    context = {
        "year": year,
        "years": list(range(current + 1, 2017, -1)),
        "whole": whole,
        "lines": lines,
        "columns": columns,
        "can_set": perms.can_set_targets(membership),
        "defaults": rules.target_defaults(),
    }
    return render(request, "needs/targets.html", context)


def target_edit(request: ClefRequest, pk: int, year: int) -> HttpResponse:
    operator = get_target_operator_or_404(request, pk)
    if year_choice(str(year), 0) != year:
        raise Http404
    target = CaptationTarget.objects.filter(organisation=operator, year=year).first()
    form = TargetForm(
        request.POST or None, instance=target or CaptationTarget(organisation=operator, year=year)
    )
    require_version_when_editing(form, target is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_target(
                organisation=operator,
                year=year,
                new_dwellings=data["new_dwellings"],
                mandate_share_percent=data["mandate_share_percent"],
                private_share_percent=data["private_share_percent"],
                comments=data["comments"],
                acting_user=request.user,
                expected_version=data["version"] if target is not None else None,
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"L'objectif {year} de {operator.name} est enregistré.")
            return redirect(f"{reverse('www:targets')}?annee={year}")
    context = {"form": form, "operator": operator, "year": year, "target": target}
    return render(request, "needs/target_form.html", context, status=form_status(form))


def territory(request: ClefRequest) -> HttpResponse:
    organisation = require_territory(request)
    year = year_choice(request.GET.get("annee"), timezone.localdate().year)
    figures = queries.territory_figures(organisation, year)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(render_territory(organisation, figures), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="mon-territoire-{year}.pdf"'
        return response
    current = timezone.localdate().year
    context = {
        "organisation": organisation,
        "figures": figures,
        "year": year,
        "years": list(range(current, 2017, -1)),
        "names": territory_names(organisation),
    }
    return render(request, "needs/territory.html", context)
