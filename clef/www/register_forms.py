"""Forms of the register (dwellings, households and members, stays). Rules live in models/services;
these forms only collect input and show French errors next to each field."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone

from clef.dwellings.models import Dwelling
from clef.households.models import Household
from clef.referential.enums import Destination, PersonRole, ResourceSource, Sex
from clef.territories.models import Commune
from clef.www.forms import DateInput, DsfrFormMixin

YES_NO = [("oui", "Oui"), ("non", "Non")]


class CommuneField(forms.CharField):
    """Text input with autocomplete; accepts « Nom (69003) — 69383 », an INSEE code or a unique name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Commune")
        kwargs.setdefault(
            "help_text", "Tapez le nom, le code postal ou le code INSEE, puis choisissez dans la liste."
        )
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "list": "communes-suggestions",
                "autocomplete": "off",
                "data-commune-autocomplete": reverse_lazy("www:commune_autocomplete"),
            }
        )

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return value.label
        if isinstance(value, str) and re.fullmatch(r"[0-9AB]{5}", value or ""):
            commune = Commune.objects.filter(code=value).first()
            return commune.label if commune else value
        return value

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        match = re.search(r"([0-9][0-9AB][0-9]{3})\s*$", text)
        if match:
            commune = Commune.objects.filter(code=match.group(1).upper()).first()
            if commune:
                return commune
        candidates = list(Commune.objects.search(text)[:2])
        if len(candidates) == 1:
            return candidates[0]
        raise ValidationError(
            "Commune introuvable ou ambiguë : choisissez-la dans la liste proposée.", code="unknown_commune"
        )


class DwellingForm(DsfrFormMixin, forms.ModelForm):
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


class HouseholdForm(DsfrFormMixin, forms.ModelForm):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["resources"] = self.instance.resource_codes()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("social_housing_demand_number") and not cleaned.get("social_housing_demand"):
            self.add_error(
                "social_housing_demand", "Cochez la demande active pour indiquer son numéro unique."
            )
        return cleaned


class PersonForm(DsfrFormMixin, forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    first_name = forms.CharField(label="Prénom", max_length=100)
    last_name = forms.CharField(label="Nom", max_length=100)
    role = forms.ChoiceField(label="Rôle dans le ménage", choices=[("", "Choisir")] + PersonRole.choices)
    sex = forms.ChoiceField(label="Sexe", choices=[("", "Choisir")] + Sex.choices)
    birth_date = forms.DateField(label="Date de naissance", widget=DateInput())

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value > timezone.localdate():
            raise ValidationError("La date de naissance ne peut pas être dans le futur.")
        if value.year < 1900:
            raise ValidationError("La date de naissance doit être postérieure à 1900.")
        return value


class BasePersonFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        live = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not live:
            raise ValidationError("Ajoutez au moins une personne : la personne de référence.")
        references = [f for f in live if f.cleaned_data["role"] == PersonRole.REFERENCE]
        if len(references) != 1:
            raise ValidationError(
                "Le ménage doit compter exactement une personne de référence "
                f"({len(references)} indiquée(s))."
            )


PersonFormSet = forms.formset_factory(
    PersonForm, formset=BasePersonFormSet, extra=0, can_delete=True, max_num=15, validate_max=True
)


class EnterDwellingForm(DsfrFormMixin, forms.Form):
    dwelling = forms.ModelChoiceField(
        label="Logement",
        queryset=Dwelling.objects.none(),
        error_messages={"invalid_choice": "Choisissez un logement de la liste."},
    )
    entry_date = forms.DateField(label="Date d'entrée", widget=DateInput())

    def __init__(self, *args, dwellings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dwelling"].queryset = dwellings


class EndStayForm(DsfrFormMixin, forms.Form):
    exit_date = forms.DateField(label="Date de sortie", widget=DateInput())
    destination = forms.ChoiceField(
        label="Destination",
        choices=[("", "Choisissez la destination")]
        + [(d.value, d.label) for d in Destination if d != Destination.MUTATION_INTERNE_IML],
        help_text="Pour un changement de logement au sein de l'IML, utilisez « Changer de logement ».",
    )
    loss_unpaid_rent = forms.ChoiceField(
        label="Impayé constaté à la sortie", choices=YES_NO, widget=forms.RadioSelect
    )
    loss_damage = forms.ChoiceField(
        label="Dégradation constatée à la sortie", choices=YES_NO, widget=forms.RadioSelect
    )
    exit_debt = forms.DecimalField(
        label="Dette à la sortie (€)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        localize=True,
    )

    def clean_exit_date(self):
        value = self.cleaned_data["exit_date"]
        if value > timezone.localdate():
            raise ValidationError("La date de sortie ne peut pas être dans le futur.")
        return value


class MoveForm(DsfrFormMixin, forms.Form):
    dwelling = forms.ModelChoiceField(
        label="Nouveau logement",
        queryset=Dwelling.objects.none(),
        error_messages={"invalid_choice": "Choisissez un logement de la liste."},
    )
    move_date = forms.DateField(label="Date du changement", widget=DateInput())

    def __init__(self, *args, dwellings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dwelling"].queryset = dwellings
