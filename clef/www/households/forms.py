"""The household form and its members. Rules live in the domain (`clef.households`): these forms
collect input and show French errors next to each field."""

from django import forms
from django.core.exceptions import ValidationError
from dsfr.utils import dsfr_input_class_attr

from clef.households import rules
from clef.households.enums import PersonRole, ResourceSource, Sex
from clef.households.models import Household
from clef.utils import bounds
from clef.utils.bounds import no_control_characters
from clef.www.editing import MAX_ID, VersionedFormMixin
from clef.www.forms import DateInput, DsfrFormMixin


class HouseholdForm(VersionedFormMixin, DsfrFormMixin, forms.ModelForm):
    resources = forms.MultipleChoiceField(
        label="Ressources du ménage",
        choices=ResourceSource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez toutes les sources de revenus. Aucune case cochée : ménage sans ressources.",
    )

    class Meta:
        model = Household
        fields = [
            "composition",
            "prior_situation",
            "siao_oriented",
            "dalo",
            "social_housing_demand",
            "social_housing_demand_number",
        ]

    def __init__(self, *args, seen_journal_id: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["resources"] = self.instance.resource_codes()
        self.add_version_fields(seen_journal_id=seen_journal_id)
        if not self.instance.pk:  # shown (as a checkbox) only when a similar household exists
            self.fields["create_anyway"] = forms.BooleanField(
                required=False, widget=forms.HiddenInput, label="Créer quand même un nouveau ménage"
            )

    def ask_to_confirm_creation(self) -> None:
        field = self.fields["create_anyway"]
        field.widget = forms.CheckboxInput()
        field.help_text = "Cochez seulement s'il s'agit d'un autre ménage que celui déjà enregistré."
        dsfr_input_class_attr(self["create_anyway"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("social_housing_demand_number") and not cleaned.get("social_housing_demand"):
            self.add_error(
                "social_housing_demand", "Cochez la demande active pour indiquer son numéro unique."
            )
        return cleaned


class PersonForm(DsfrFormMixin, forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    first_name = forms.CharField(label="Prénom", max_length=100, validators=[no_control_characters])
    last_name = forms.CharField(label="Nom", max_length=100, validators=[no_control_characters])
    role = forms.ChoiceField(label="Rôle dans le ménage", choices=[("", "Choisir")] + PersonRole.choices)
    sex = forms.ChoiceField(label="Sexe", choices=[("", "Choisir")] + Sex.choices)
    birth_date = forms.DateField(
        label="Date de naissance",
        widget=DateInput(),
        validators=[
            bounds.BIRTH_DATE,
            bounds.BIRTH_NOT_IN_FUTURE,
        ],
    )


class BasePersonFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        live = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not live:
            raise ValidationError("Ajoutez au moins une personne : la personne de référence.")
        rules.check_reference_person(f.cleaned_data["role"] for f in live)


PersonFormSet = forms.formset_factory(
    PersonForm, formset=BasePersonFormSet, extra=0, can_delete=True, max_num=15, validate_max=True
)
