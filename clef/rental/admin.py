"""The ledger in the platform administration: read-only (an entry is never changed; a mistake is
cancelled by a counter-entry from the operator's ledger page)."""

from django.contrib import admin

from clef.rental.models import LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ["booked_on", "organisation", "account", "kind", "amount", "source"]
    list_filter = ["account", "kind", "source"]
    list_select_related = ["organisation"]
    date_hierarchy = "booked_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
