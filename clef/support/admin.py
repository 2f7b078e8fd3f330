"""The platform's relay directory (« Relais ») is kept by the platform administrator here: its national and
departmental entries (an operator adds and withdraws its own local entries on the « Relais » page)."""

from django.contrib import admin
from django.db import models

from clef.support.models import RelayResource
from clef.utils.admin import FrenchLabelsMixin


@admin.register(RelayResource)
class RelayResourceAdmin(FrenchLabelsMixin, admin.ModelAdmin):
    list_display = ["name", "category", "department", "organisation", "is_active"]
    list_filter = ["category", "is_active", "department__region"]
    search_fields = ["name", "code", "description"]
    autocomplete_fields = ["department", "organisation"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a site typed without https://
