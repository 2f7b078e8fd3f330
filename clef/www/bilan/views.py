"""The bilan pages: the bilan of a year and perimeter (figures, charts drawn in the browser, tables by
department and by structure linking to their own bilan), its exports, the categorisation schemes."""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify

from clef.bilan import exports, report
from clef.bilan.access import BilanScope, operators_in
from clef.bilan.cache import get_bilan
from clef.bilan.perimeter import arrears_day
from clef.bilan.secrecy import Output, applies, notice
from clef.organisations.perms import can_manage_exit_schemes
from clef.referential.schemes import create_exit_scheme
from clef.stays.enums import EXIT_DESTINATIONS
from clef.www.access import require_bilan, require_scheme_manager, require_user
from clef.www.bilan.forms import SchemeForm

FIRST_YEAR = 2010


def _year(request) -> int:
    default = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("annee", default))
    except ValueError:
        return default
    return year if FIRST_YEAR <= year <= timezone.localdate().year else default


def _drilldown(scope, year: int) -> dict[str, str]:
    """Inside its own organisation, a figure links to the records behind it."""
    if not scope.is_operator:
        return {}
    households = reverse("www:household_list")
    dwellings = reverse("www:dwelling_list")
    links = {
        "menages.sortis": f"{households}?sortie={year}",
        "menages.entres": f"{households}?entree={year}",
        "menages.presents": f"{households}?present_en={year}",
        "parc.logements": f"{dwellings}?parc_au={year}-12-31",
        "logements_entres.nombre": f"{dwellings}?entree={year}",
        "logements_sortis.nombre": f"{dwellings}?sortie={year}",
    }
    for destination in EXIT_DESTINATIONS:
        links[f"sorties.destination.{destination.value}_pct"] = (
            f"{households}?sortie={year}&destination={destination.value}"
        )
    return links


def perimeter_url(year: int, perimeter: str) -> str:
    """The bilan of a perimeter: the URL the perimeter selector leads to."""
    return f"{reverse('www:bilan')}?{urlencode({'annee': year, 'perimetre': perimeter})}"


def _link_rows(rows: list[dict], year: int, kind: str, allowed: set) -> list[dict]:
    """Each row of a table by department or by structure links to that perimeter's bilan, only where the
    viewer may open it."""
    return [
        row | {"href": perimeter_url(year, f"{kind}:{row['key']}")} if row["key"] in allowed else row
        for row in rows
    ]


def bilan(request):
    scope = require_bilan(request, request.GET.get("perimetre"))
    year = _year(request)
    masked = applies(operator=scope.is_operator, perimeter=scope.perimeter, output=Output.PAGE)
    context = report.build(year, scope.perimeter, diffusion=masked, title=scope.title)
    departments = list(scope.departments())
    operators = list(operators_in(scope))
    if context["department_table"]:
        context["department_table"] = _link_rows(
            context["department_table"], year, "departement", {d.code for d in departments}
        )
    if context["operator_table"]:
        context["operator_table"] = _link_rows(
            context["operator_table"], year, "structure", {o.pk for o in operators}
        )
    current = timezone.localdate().year
    first = context["first_year"] or current - 1
    selected = request.GET.get("perimetre", "")
    context.update(
        {
            "scope": scope,
            "perimeter_name": scope.title
            if scope.is_operator
            else report.perimeter_name(scope.perimeter, departments=departments, operators=operators),
            "years": list(range(current, max(FIRST_YEAR, first) - 1, -1)),
            "links": _drilldown(scope, year),
            "perimetre": selected,
            "perimeter_options": _perimeter_options(scope, selected, departments, operators),
            "masked": masked,
            "secrecy_notice": notice(masked=masked, operator=scope.is_operator),
            "can_manage_schemes": can_manage_exit_schemes(request.membership),
        }
    )
    return render(request, "bilan/page.html", context)


def _perimeter_options(
    scope: BilanScope, selected: str, departments, operators
) -> list[tuple[str, str, bool]]:
    if scope.is_operator:
        return []
    over = scope.oversight
    first = {"region": "Toute la région", "departement": "Tout le département"}.get(
        over.kind, "Toutes les structures"
    )
    options = [("", first)]
    if over.kind != "departement":
        options += [(f"departement:{d.code}", f"Département {d}") for d in departments]
    options += [(f"structure:{o.pk}", o.name) for o in operators]
    return [(value, text, value == selected) for value, text in options]


def bilan_export(request):
    scope = require_bilan(request, request.GET.get("perimetre"))
    year = _year(request)
    kind = request.GET.get("format", "xlsx")
    if kind == "pdf":  # drawn by the worker now: the bilan page's « Préparer le rapport PDF »
        messages.info(request, "Le rapport PDF se prépare en arrière-plan : « Préparer le rapport PDF ».")
        return redirect(perimeter_url(year, request.GET.get("perimetre", "")) + "#exporter")
    output = Output.OPEN_DATA if kind == "opendata" else Output.DOWNLOAD
    masked = applies(operator=scope.is_operator, perimeter=scope.perimeter, output=output)
    values = get_bilan(year, scope.perimeter, diffusion=masked)["values"]
    label = scope.perimeter.label
    stem = f"bilan-iml-{year}-{slugify(scope.title)}"
    if kind == "xlsx":
        return _file(
            exports.as_xlsx(year, label, values),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{stem}.xlsx",
        )
    if kind == "csv":
        csv_bytes = exports.as_excel_csv(values, arrears_day(year))
        return _file(csv_bytes, "text/csv; charset=utf-8", f"{stem}.csv")
    if kind == "opendata":
        return _file(
            exports.as_open_data_csv(year, label, values), "text/csv; charset=utf-8", f"{stem}-opendata.csv"
        )
    if kind == "json":
        return _file(exports.as_json(year, label, values).encode(), "application/json", f"{stem}.json")
    raise Http404


def open_data_schema(request):
    require_user(request)  # the description of the open-data columns: no record, any signed-in user
    return JsonResponse(exports.OPEN_DATA_SCHEMA, json_dumps_params={"ensure_ascii": False, "indent": 2})


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def scheme_create(request):
    require_scheme_manager(request)
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scheme = create_exit_scheme(
            name=form.cleaned_data["name"],
            code=form.cleaned_data["code"],
            categories=form.categories(),
            acting_user=request.user,
            organisation=request.membership.organisation,
        )
        messages.success(request, f"Le schéma « {scheme.name} » est ajouté : tous les bilans l'affichent.")
        return redirect(reverse("www:bilan") + "#categorisations")
    return render(request, "bilan/scheme_form.html", {"form": form}, status=400 if form.errors else 200)
