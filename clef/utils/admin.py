"""French labels in the admin site for fields whose model gives none (or an English one).

A model's verbose_name is part of its migrations; third-party models (django-otp, django-tasks) and
fields named only by their attribute (`department`, `parent`) get their French label here instead."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.text import capfirst


def titled(title: str, filter_class=admin.RelatedFieldListFilter):
    """A list filter (for `list_filter = [("field", titled("département"))]`) headed by a French title."""

    class TitledFilter(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return TitledFilter


def name_widgets(formfield, *, every_widget: bool) -> None:
    """Give an accessible name to controls that no <label> names: the second input of a date-and-time
    field (the admin's <label> points at the first), and, in a table of inlines, every control (the
    column header is not a label)."""
    widget = getattr(formfield.widget, "widget", formfield.widget)  # inside RelatedFieldWidgetWrapper
    label = str(formfield.label)
    if isinstance(widget, forms.MultiWidget):
        for part, subwidget in zip(("date", "heure"), widget.widgets, strict=False):
            subwidget.attrs["aria-label"] = f"{label} ({part})"
    elif every_widget:
        widget.attrs["aria-label"] = label


class NamedAutocompleteSelect(AutocompleteSelect):
    """The admin's search box for a related record (select2), named by its field's label when empty: select2
    names its combobox by the text it shows, which is nothing until a value is chosen (axe-core:
    aria-input-field-name). The label is shown as the placeholder."""

    def __init__(self, *args, label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.label = label

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-placeholder"] = self.label
        return attrs


class FrenchLabelsMixin:
    """`labels = {"field": "libellé"}`: the label of the field in forms and of its column in lists; every
    control named (`label_every_widget` for tables of inlines)."""

    labels: dict[str, str] = {}
    label_every_widget = False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            if db_field.name in self.labels:
                formfield.label = capfirst(self.labels[db_field.name])
            name_widgets(formfield, every_widget=self.label_every_widget)
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            label = capfirst(self.labels.get(db_field.name, db_field.verbose_name))
            kwargs["widget"] = NamedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using"), label=label
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_display(self, request):
        return [self._column(name) for name in super().get_list_display(request)]

    def get_list_filter(self, request):
        return [
            (name, titled(self.labels[name], self._filter_class(name)))
            if isinstance(name, str) and name in self.labels
            else name
            for name in super().get_list_filter(request)
        ]

    def _column(self, name):
        if not isinstance(name, str) or name not in self.labels:
            return name
        field = self.model._meta.get_field(name)

        @admin.display(
            description=self.labels[name], ordering=name, boolean=isinstance(field, models.BooleanField)
        )
        def column(obj):
            return getattr(obj, name)

        column.__name__ = name
        return column

    def _filter_class(self, name):
        field = self.model._meta.get_field(name)
        if field.is_relation:
            return admin.RelatedFieldListFilter
        if isinstance(field, models.BooleanField):
            return admin.BooleanFieldListFilter
        if isinstance(field, models.DateField):
            return admin.DateFieldListFilter
        return admin.AllValuesFieldListFilter if not field.choices else admin.ChoicesFieldListFilter


class NamedDeletionFormSet(BaseInlineFormSet):
    """The « delete » box of each row of a table of inlines, named (its column header is no label)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = "Supprimer cette ligne"


class TabularInline(FrenchLabelsMixin, admin.TabularInline):
    """A table of inlines whose every control is named (axe: `label`)."""

    formset = NamedDeletionFormSet
    label_every_widget = True
