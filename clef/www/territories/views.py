"""Suggestions of the commune field (`clef.www.territories.fields.CommuneField`)."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from clef.territories.models import Commune
from clef.www.access import ClefRequest, require_login


@require_GET
def commune_autocomplete(request: ClefRequest) -> JsonResponse:
    """Suggestions for the commune field: name, postcode or INSEE code (max 15)."""
    require_login(request)
    query = request.GET.get("q", "")[:60]
    if len(query.strip()) < 2:
        return JsonResponse({"results": []})
    communes = Commune.objects.search(query).only("code", "name", "postcodes", "department_id")[:15]
    return JsonResponse({"results": [{"code": c.code, "label": c.label} for c in communes]})
