from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from dsfr.utils import dsfr_input_class_attr

from clef.bilan import exports, report
from clef.bilan.access import operators_in, scope_for
from clef.bilan.indicators import apply_secrecy, compute_detailed
from clef.organisations.perms import can_manage_exit_schemes
from clef.referential.enums import EXIT_DESTINATIONS
from clef.referential.models import ExitCategory, ExitScheme, ExitSchemeEntry
from clef.www.forms import DsfrFormMixin

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


def bilan(request):
    scope = scope_for(request, request.GET.get("perimetre"))
    year = _year(request)
    masked = not scope.is_operator and scope.perimeter.kind == "structure"
    context = report.build(year, scope.perimeter, diffusion=masked, title=scope.title)
    if scope.shows_department_table:
        context["department_table"] = report.table_by(year, scope.perimeter, "departement", secrecy=False)
    if scope.shows_operator_table:
        context["operator_table"] = report.table_by(year, scope.perimeter, "structure", secrecy=True)
    current = timezone.localdate().year
    context.update(
        {
            "scope": scope,
            "years": list(
                range(current, max(FIRST_YEAR, (report.first_year(scope.perimeter) or current - 1)) - 1, -1)
            ),
            "links": _drilldown(scope, year),
            "perimetre": request.GET.get("perimetre", ""),
            "departments": scope.departments(),
            "operators": operators_in(scope) if not scope.is_operator else [],
            "perimeter_options": _perimeter_options(scope, request.GET.get("perimetre", "")),
            "masked": masked,
            "can_manage_schemes": can_manage_exit_schemes(request.membership or None),
        }
    )
    return render(request, "bilan/page.html", context)


def _perimeter_options(scope, selected: str) -> list[tuple[str, str, bool]]:
    if scope.is_operator:
        return []
    over = scope.oversight
    first = {"region": "Toute la région", "departement": "Tout le département"}.get(
        over.kind, "Toutes les structures"
    )
    options = [("", first)]
    if over.kind != "departement":
        options += [(f"departement:{d.code}", f"Département {d}") for d in scope.departments()]
    options += [(f"structure:{o.pk}", o.name) for o in operators_in(scope)]
    return [(value, text, value == selected) for value, text in options]


def bilan_export(request):
    scope = scope_for(request, request.GET.get("perimetre"))
    year = _year(request)
    kind = request.GET.get("format", "xlsx")
    values, wholes = compute_detailed(year, scope.perimeter)
    publication = kind in {"opendata", "pdf"} and not scope.is_operator
    masked = (
        publication or (not scope.is_operator and scope.perimeter.kind == "structure") or kind == "opendata"
    )
    if masked:
        values = apply_secrecy(values, wholes)
    label = scope.perimeter.label
    stem = f"bilan-iml-{year}-{slugify(scope.title)}"
    if kind == "xlsx":
        return _file(
            exports.as_xlsx(year, label, values),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{stem}.xlsx",
        )
    if kind == "csv":
        return _file(exports.as_excel_csv(values), "text/csv; charset=utf-8", f"{stem}.csv")
    if kind == "opendata":
        return _file(
            exports.as_open_data_csv(year, label, values), "text/csv; charset=utf-8", f"{stem}-opendata.csv"
        )
    if kind == "json":
        return _file(exports.as_json(year, label, values).encode(), "application/json", f"{stem}.json")
    if kind == "pdf":
        tables = {}
        if scope.shows_department_table:
            tables["department_table"] = report.table_by(year, scope.perimeter, "departement", secrecy=masked)
        if scope.shows_operator_table:
            tables["operator_table"] = report.table_by(year, scope.perimeter, "structure", secrecy=True)
        content = report.render_pdf(year, scope.perimeter, diffusion=masked, title=scope.title, **tables)
        return _file(content, "application/pdf", f"{stem}.pdf")
    raise Http404


def open_data_schema(request):
    return JsonResponse(exports.OPEN_DATA_SCHEMA, json_dumps_params={"ensure_ascii": False, "indent": 2})


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SchemeForm(DsfrFormMixin, forms.Form):
    name = forms.CharField(label="Nom du schéma", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for destination in EXIT_DESTINATIONS:
            self.fields[f"d_{destination.value}"] = forms.CharField(
                label=destination.label,
                max_length=100,
                help_text="Nom de la catégorie (les destinations de même catégorie portent le même nom).",
            )
        for visible in self.visible_fields():  # fields added after the mixin styled the first ones
            dsfr_input_class_attr(visible)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        code = slugify(name).replace("-", "_")[:50]
        if not code:
            raise forms.ValidationError("Donnez un nom fait de lettres ou de chiffres.")
        if (
            ExitScheme.objects.filter(code=code).exists()
            or ExitScheme.objects.filter(name__iexact=name).exists()
        ):
            raise forms.ValidationError("Un schéma porte déjà ce nom.")
        self.cleaned_data["code"] = code
        return name

    def categories(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for destination in EXIT_DESTINATIONS:
            label = " ".join(self.cleaned_data[f"d_{destination.value}"].split())
            result.setdefault(label, []).append(destination.value)
        return result


def scheme_create(request):
    scope_for(request, None)  # 403 for whoever sees no bilan at all
    if not can_manage_exit_schemes(request.membership or None):
        raise PermissionDenied(
            "Seuls la coordination régionale (DREETS) et l'administration de la plateforme ajoutent un "
            "schéma de catégorisation : il s'affiche dans tous les bilans."
        )
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            scheme = ExitScheme.objects.create(
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                position=ExitScheme.objects.count() + 10,
            )
            for position, (label, destinations) in enumerate(form.categories().items()):
                code = (slugify(label).replace("-", "_") or f"categorie_{position}")[:50]
                category = ExitCategory.objects.create(
                    scheme=scheme, code=code, label=label, position=position
                )
                ExitSchemeEntry.objects.bulk_create(
                    [ExitSchemeEntry(scheme=scheme, category=category, destination=d) for d in destinations]
                )
        messages.success(request, f"Le schéma « {scheme.name} » est ajouté : tous les bilans l'affichent.")
        return redirect(reverse("www:bilan") + "#categorisations")
    return render(request, "bilan/scheme_form.html", {"form": form}, status=400 if form.errors else 200)
