"""The form that opens a campaign."""

from django import forms
from django.utils import timezone

from clef.territories.models import Department, Region
from clef.utils import bounds
from clef.www.forms import DateInput, DsfrFormMixin


class CampaignForm(DsfrFormMixin, forms.Form):
    year = forms.IntegerField(label="Année à collecter", min_value=2010, validators=[bounds.YEAR])
    department = forms.ModelChoiceField(
        label="Périmètre", queryset=Department.objects.none(), required=False, empty_label="Toute la région"
    )
    deadline = forms.DateField(label="Date limite de dépôt", widget=DateInput(), validators=[bounds.DATE])

    def __init__(self, *args, oversight, **kwargs):
        super().__init__(*args, **kwargs)
        # The perimeter offered is what the coordinator oversees: its region (or one of its departments),
        # or, for a DDETS, its department only.
        self.region = None
        departments = Department.objects.all()
        if oversight.kind == "region":
            self.region = Region.objects.filter(code=oversight.code).first()
            departments = departments.filter(region_id=oversight.code)
        elif oversight.kind == "departement":
            departments = departments.filter(code=oversight.code)
            self.fields["department"].empty_label = None
            self.fields["department"].required = True
        self.fields["department"].queryset = departments

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year >= timezone.localdate().year + 1:
            raise forms.ValidationError("On ne collecte qu'une année commencée.")
        return year

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError("La date limite est déjà passée.")
        return deadline

    def clean(self):
        cleaned = super().clean()
        if self.region is None and not cleaned.get("department"):
            self.add_error("department", "Choisissez un département.")
        return cleaned
