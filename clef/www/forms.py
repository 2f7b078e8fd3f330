"""Shared form plumbing: DSFR rendering, French error messages next to each field."""

from django import forms
from django.forms.utils import ErrorList
from dsfr.forms import DsfrBoundField
from dsfr.utils import dsfr_input_class_attr


class DsfrErrorList(ErrorList):
    template_name = "components/error_list.html"


class DsfrFormMixin:
    """DSFR markup for any Form or ModelForm (django-dsfr's DsfrBaseForm only covers plain forms)."""

    template_name = "components/form.html"
    bound_field_class = DsfrBoundField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_class", DsfrErrorList)
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def get_context(self):
        context = super().get_context()
        context.setdefault("DSFR_MARK_OPTIONAL_FIELDS", False)
        return context

    def full_clean(self):
        super().full_clean()
        # Refresh aria attributes once errors are known (RGAA: the input points at its error).
        for visible in self.visible_fields():
            if visible.name in self.errors:
                visible.field.widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{visible.auto_id}-desc-error"}
                )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
