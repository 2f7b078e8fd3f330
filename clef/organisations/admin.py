from django.contrib import admin

from clef.organisations.models import Membership, Organisation
from clef.utils.admin import FrenchLabelsMixin, TabularInline

MEMBERSHIP_LABELS = {"user": "utilisateur", "organisation": "organisation", "created_at": "créée le"}


class MembershipInline(TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    labels = MEMBERSHIP_LABELS


@admin.register(Organisation)
class OrganisationAdmin(FrenchLabelsMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "competence", "head_office_department", "siret", "is_active"]
    list_filter = ["kind", "is_active", "head_office_department__region"]
    search_fields = ["name", "siret", "external_id"]
    autocomplete_fields = ["head_office_department", "region"]
    # Plain labelled inputs (codes), not Select2: its multiple-choice search box has no label (axe, RGAA).
    raw_id_fields = ["territory_epcis", "territory_communes"]
    filter_horizontal = ["departments"]
    inlines = [MembershipInline]
