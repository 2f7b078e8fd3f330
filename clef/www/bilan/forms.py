from django import forms
from django.utils.text import slugify
from dsfr.utils import dsfr_input_class_attr

from clef.referential.models import ExitScheme
from clef.stays.enums import EXIT_DESTINATIONS
from clef.www.forms import DsfrFormMixin


class SchemeForm(DsfrFormMixin, forms.Form):
    name = forms.CharField(label="Nom du schéma", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for destination in EXIT_DESTINATIONS:
            self.fields[f"d_{destination.value}"] = forms.CharField(
                label=destination.label,
                max_length=100,
                help_text="Nom de la catégorie (les destinations de même catégorie portent le même nom).",
            )
        for visible in self.visible_fields():  # fields added after the mixin styled the first ones
            dsfr_input_class_attr(visible)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        code = slugify(name).replace("-", "_")[:50]
        if not code:
            raise forms.ValidationError("Donnez un nom fait de lettres ou de chiffres.")
        if (
            ExitScheme.objects.filter(code=code).exists()
            or ExitScheme.objects.filter(name__iexact=name).exists()
        ):
            raise forms.ValidationError("Un schéma porte déjà ce nom.")
        self.cleaned_data["code"] = code
        return name

    def categories(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for destination in EXIT_DESTINATIONS:
            label = " ".join(self.cleaned_data[f"d_{destination.value}"].split())
            result.setdefault(label, []).append(destination.value)
        return result


class ReportRequestForm(forms.Form):
    """The year and perimeter of the bilan page a PDF report is asked from (hidden fields)."""

    annee = forms.IntegerField(min_value=2000, max_value=2100)
    perimetre = forms.CharField(max_length=120, required=False)
