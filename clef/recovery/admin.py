"""Recovery in the platform administration, read only (reminders, repayment plans, litigation cases change
through the operator's pages, checked and journaled): dates, states and amounts per operator, never the
household (the lease is named by its payment reference only) nor the free texts that may name people (a
reminder's note, a plan's comments, a case's decision and closing reason)."""

from django.contrib import admin

from clef.recovery.models import LitigationCase, Reminder, RepaymentPlan


class ReadOnlyAdmin(admin.ModelAdmin):
    list_select_related = ["organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["sent_on", "organisation", "channel", "debt"]
    list_filter = ["channel"]
    date_hierarchy = "sent_on"
    exclude = ["note"]


@admin.register(RepaymentPlan)
class RepaymentPlanAdmin(ReadOnlyAdmin):
    list_display = [
        "agreed_on",
        "organisation",
        "origin",
        "status",
        "debt_amount",
        "instalments_count",
        "monthly_amount",
        "respected_months",
        "slide_flagged_on",
    ]
    list_filter = ["status", "origin"]
    date_hierarchy = "agreed_on"
    exclude = ["comments"]


@admin.register(LitigationCase)
class LitigationCaseAdmin(ReadOnlyAdmin):
    list_display = ["opened_on", "organisation", "status"]
    list_filter = ["status"]
    date_hierarchy = "opened_on"
    exclude = ["decision", "closed_reason"]
