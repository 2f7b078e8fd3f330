from django.contrib import admin

from clef.referential.models import ExitCategory, ExitScheme, ExitSchemeEntry
from clef.utils.admin import FrenchLabelsMixin, TabularInline


class ExitCategoryInline(TabularInline):
    model = ExitCategory
    extra = 0
    labels = {"scheme": "schéma"}


class ExitSchemeEntryInline(TabularInline):
    model = ExitSchemeEntry
    extra = 0
    labels = {"scheme": "schéma", "category": "catégorie"}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the categories of the scheme being edited.
        if db_field.name == "category" and request.resolver_match.kwargs.get("object_id"):
            kwargs["queryset"] = ExitCategory.objects.filter(
                scheme_id=request.resolver_match.kwargs["object_id"]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ExitScheme)
class ExitSchemeAdmin(FrenchLabelsMixin, admin.ModelAdmin):
    list_display = ["name", "code", "is_builtin", "position"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [ExitCategoryInline, ExitSchemeEntryInline]
