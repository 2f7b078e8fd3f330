"""The dwelling form. Rules live in the domain (`Dwelling.clean`, `clef.dwellings.services`): this form
collects input and shows French errors next to each field."""

from django import forms

from clef.dwellings.models import Dwelling
from clef.www.editing import VersionedFormMixin
from clef.www.forms import DateInput, DsfrFormMixin
from clef.www.territories.fields import CommuneField


class DwellingForm(VersionedFormMixin, DsfrFormMixin, forms.ModelForm):
    commune = CommuneField()

    class Meta:
        model = Dwelling
        fields = [
            "address",
            "commune",
            "typology",
            "surface_m2",
            "places",
            "parc",
            "management_mode",
            "conventionnement",
            "rent_level",
            "rent_hc",
            "charges",
            "entry_date",
            "exit_date",
            "exit_reason",
        ]
        widgets = {"entry_date": DateInput(), "exit_date": DateInput()}
        localized_fields = ["surface_m2", "rent_hc", "charges"]  # accept « 41,5 »
        help_texts = {
            "conventionnement": "Uniquement pour un logement du parc privé.",
            "rent_level": "Uniquement pour un logement conventionné.",
            "entry_date": "Date de signature du mandat ou du bail principal.",
        }

    def __init__(self, *args, seen_journal_id: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_fields(seen_journal_id=seen_journal_id)
