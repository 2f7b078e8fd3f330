from django.contrib import admin

from clef.territories.models import Commune, Department, Epci, Region
from clef.utils.admin import FrenchLabelsMixin


@admin.register(Commune)
class CommuneAdmin(FrenchLabelsMixin, admin.ModelAdmin):
    list_display = ["code", "name", "department", "postcodes"]
    search_fields = ["code", "name", "postcodes"]
    search_help_text = "Nom (sans tenir compte des accents), code INSEE ou code postal."
    list_filter = ["kind", "region"]
    # 35 015 communes: a search box, never a select that lists them all.
    autocomplete_fields = ["department", "region", "epci", "parent"]
    labels = {
        "department": "département",
        "region": "région",
        "epci": "EPCI",
        "parent": "commune (d'un arrondissement municipal)",
    }

    def get_search_results(self, request, queryset, search_term):
        """The rule of Clef's own commune search: accents ignored, largest communes first."""
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term), False


@admin.register(Department)
class DepartmentAdmin(FrenchLabelsMixin, admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["region"]
    labels = {"region": "région"}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind"]
    search_fields = ["code", "name"]
