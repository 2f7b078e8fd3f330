from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.households.models import Household, Stay
from clef.organisations import perms
from clef.organisations.models import Organisation
from clef.utils.dates import add_months

DURATION_THRESHOLDS = (6, 12, 18)


def home(request):
    membership = request.membership if request.membership else None
    if perms.can_view_register(membership):
        return operator_dashboard(request, membership.organisation)
    return aggregates_home(request, membership)


def operator_dashboard(request, organisation):
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
    }
    return render(request, "www/dashboard.html", context)


def _pathway_before(day):
    return Q(pathway_start__lte=day)


def aggregates_home(request, membership):
    """State services, SIAO and others: aggregate figures only, never a household."""
    today = timezone.localdate()
    operators = Organisation.objects.operators().active()
    region = membership.organisation.region if membership else None
    park = Dwelling.objects.in_park_on(today)
    if region is not None:
        operators = operators.filter(head_office_department__region=region)
        park = park.filter(organisation__head_office_department__region=region)
    by_department = (
        park.values("commune__department_id", "commune__department__name")
        .annotate(dwellings=Count("pk"), places=Sum("places"))
        .order_by("commune__department_id")
    )
    totals = park.aggregate(
        dwellings=Count("pk"), places=Sum("places"), operators=Count("organisation", distinct=True)
    )
    context = {
        "today": today,
        "region": region,
        "operators_count": operators.count(),
        "totals": totals,
        "by_department": by_department,
    }
    return render(request, "www/aggregates_home.html", context)
