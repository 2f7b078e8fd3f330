"""Home page: an operator's dashboard, or the aggregates of what a member oversees (never a household)."""

from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.households.models import Household
from clef.organisations import perms
from clef.stays.models import Stay
from clef.territories.models import Department, Region
from clef.utils.dates import add_months
from clef.www.access import ClefRequest, require_login
from clef.www.agenda.blocks import todo_block

DURATION_THRESHOLDS = (6, 12, 18)


def home(request: ClefRequest) -> HttpResponse:
    membership = require_login(request)
    if perms.can_view_register(membership):
        return operator_dashboard(request, membership.organisation)
    return aggregates_home(request, membership)


def operator_dashboard(request: ClefRequest, organisation) -> HttpResponse:
    today = timezone.localdate()
    park = Dwelling.objects.for_organisation(organisation).in_park_on(today)
    park_totals = park.aggregate(dwellings=Count("pk"), places=Sum("places"))
    open_stays = Stay.objects.for_organisation(organisation).occupying_on(today)
    thresholds = {
        f"m{n}": Count("pk", filter=_pathway_before(add_months(today, -n))) for n in DURATION_THRESHOLDS
    }
    stay_totals = open_stays.aggregate(households=Count("household", distinct=True), **thresholds)
    context = {
        "today": today,
        "park_dwellings": park_totals["dwellings"],
        "park_places": park_totals["places"] or 0,
        "households_present": stay_totals["households"],
        "vacant_dwellings": Dwelling.objects.for_organisation(organisation).vacant_on(today).count(),
        "durations": [(n, stay_totals[f"m{n}"]) for n in DURATION_THRESHOLDS],
        "households_total": Household.objects.for_organisation(organisation).count(),
        "todo": todo_block(request),
    }
    return render(request, "www/dashboard.html", context)


def _pathway_before(day):
    return Q(pathway_start__lte=day)


def aggregates_home(request: ClefRequest, membership) -> HttpResponse:
    """State services, SIAO and others: aggregate figures only, never a household.

    A State service sees what it oversees (`perms.oversight`: a DDETS its department, a DREETS its
    region, the platform administrator everything); other organisations (SIAO, captation platform) their
    region. The figures are those of the operators inside (by their head office), as in the bilan."""
    today = timezone.localdate()
    over = perms.aggregates_oversight(membership)
    context = {"today": today, "territory": None, "todo": todo_block(request)}
    if over is not None:
        operators = over.operators().active()
        park = Dwelling.objects.in_park_on(today).filter(organisation__in=over.operators())
        by_department = (
            park.values(
                "organisation__head_office_department_id", "organisation__head_office_department__name"
            )
            .annotate(dwellings=Count("pk"), places=Sum("places"))
            .order_by("organisation__head_office_department_id")
        )
        totals = park.aggregate(
            dwellings=Count("pk"), places=Sum("places"), operators=Count("organisation", distinct=True)
        )
        context |= {
            "territory": _territory_label(over),
            "operators_count": operators.count(),
            "totals": totals,
            "by_department": by_department,
        }
    return render(request, "www/aggregates_home.html", context)


def _territory_label(over: perms.Oversight) -> str:
    if over.kind == "departement":
        department = Department.objects.filter(code=over.code).values_list("name", flat=True).first()
        return f"Département {over.code} — {department}"
    if over.kind == "region":
        region = Region.objects.filter(code=over.code).values_list("name", flat=True).first()
        return f"Région {region}"
    return "Toutes les régions"
