"""Bank statements and their lines in the platform administration, read only (a statement is imported and
its lines matched on the operator's pages, journaled): per operator, the file's format and counts, each
line's date, amount, state and matching rule. Never the payer: a line's label, counterparty and reference
name households (they are left out of the lists and the detail pages)."""

from django.contrib import admin

from clef.banking.models import BankLine, BankStatement


class ReadOnlyAdmin(admin.ModelAdmin):
    list_select_related = ["organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BankStatement)
class BankStatementAdmin(ReadOnlyAdmin):
    list_display = ["imported_at", "organisation", "format", "lines_count", "matched_count"]
    list_filter = ["format"]
    date_hierarchy = "imported_at"


@admin.register(BankLine)
class BankLineAdmin(ReadOnlyAdmin):
    list_display = ["booked_on", "organisation", "amount", "status", "kind", "matched_rule", "matched_at"]
    list_filter = ["status", "kind", "matched_rule"]
    date_hierarchy = "booked_on"
    exclude = ["label", "counterparty", "reference", "queue_reason", "ignored_reason"]
