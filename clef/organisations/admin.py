from django.contrib import admin

from clef.organisations.models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "competence", "head_office_department", "siret", "is_active"]
    list_filter = ["kind", "is_active", "head_office_department__region"]
    search_fields = ["name", "siret", "external_id"]
    filter_horizontal = ["departments"]
    inlines = [MembershipInline]
