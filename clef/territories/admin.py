from django.contrib import admin

from clef.territories.models import Commune, Department, Epci, Region


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "department", "postcodes"]
    search_fields = ["code", "name", "postcodes"]
    list_filter = ["kind", "region"]


admin.site.register([Region, Department, Epci], search_fields=["code", "name"])
