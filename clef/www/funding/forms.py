"""The subsidy form: it carries input; the bounds are the model's (`clef.funding.bounds`)."""

from __future__ import annotations

from django import forms

from clef.funding.models import PART_FIELDS, Subsidy
from clef.www.forms import DateInput, DsfrFormMixin


class SubsidyForm(DsfrFormMixin, forms.ModelForm):
    """A subsidy of one operator for one year (both come from the page)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31)

    class Meta:
        model = Subsidy
        fields = [*PART_FIELDS, "granted_on", "comments"]
        localized_fields = list(PART_FIELDS)  # « 12500,50 » as French users write it
        widgets = {"granted_on": DateInput(), "comments": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "captation_amount": "En euros, par exemple 12500,50.",
            "granted_on": "Date de l'arrêté ou de la convention de financement (facultatif).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PART_FIELDS:
            self.fields[name].error_messages["invalid"] = (
                "Saisissez un montant en euros, par exemple 12500,50."
            )
        self.fields["granted_on"].error_messages["invalid"] = (
            "Saisissez une date valide, par exemple 15/03/2026."
        )
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
