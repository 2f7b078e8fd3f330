"""Forms of the register (dwellings, households and members, stays). Rules live in models/services;
these forms only collect input and show French errors next to each field."""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse_lazy
from dsfr.utils import dsfr_input_class_attr

from clef.dwellings.models import Dwelling
from clef.households.enums import PersonRole, ResourceSource, Sex
from clef.households.models import Household
from clef.stays.enums import Destination
from clef.territories.models import Commune
from clef.utils import bounds
from clef.utils.bounds import no_control_characters
from clef.www.forms import DateInput, DsfrFormMixin

YES_NO = [("oui", "Oui"), ("non", "Non")]
MAX_ID = 2**63 - 1  # the largest primary key: beyond, a database refuses the value itself
COMMUNE_INPUT_MAX_LENGTH = 200  # « Nom (69003) — 69383 »: the longest commune name is under 100


BASE_SALT = "clef.www.register_forms.base"
BOOKKEEPING = {"version", "seen", "base"}


def _norm(value):
    """A comparable, JSON-able form of a field value (form input, cleaned value or stored value)."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return sorted(str(_norm(v)) for v in value)
    return str(value)


class VersionedFormMixin:
    """Hidden fields of an edit form: the record's version when the form was built (optimistic
    concurrency, checked by the service), the last journal entry then shown (to list what changed
    since), and the values then shown, signed ("base": for a three-way merge after a refused save)."""

    def add_version_fields(self, *, seen_journal_id: int):
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, min_value=1, max_value=MAX_ID, required=bool(self.instance.pk)
        )
        self.fields["seen"] = forms.IntegerField(
            widget=forms.HiddenInput, min_value=0, max_value=MAX_ID, required=False
        )
        self.fields["base"] = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20_000)
        self.fields["version"].error_messages["required"] = self.fields["version"].error_messages[
            "invalid"
        ] = "Le formulaire est incomplet : rechargez la page."
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["seen"] = seen_journal_id
            self.seal_base()

    def merged_fields(self) -> list[str]:
        return [name for name in self.fields if name not in BOOKKEEPING]

    def seal_base(self, **extra) -> None:
        """Sign the values this (unbound) form shows, with `extra` ones (a household's members)."""
        values = {name: _norm(self[name].value()) for name in self.merged_fields()}
        values.update({key: _norm(value) for key, value in extra.items()})
        self.initial["base"] = signing.dumps(values, salt=BASE_SALT, compress=True)

    def base_values(self) -> dict | None:
        try:
            return signing.loads(self.data.get("base") or "", salt=BASE_SALT)
        except signing.BadSignature:
            return None

    def merge_after_conflict(self, current_form) -> list[str]:
        """After a refused stale save: a three-way merge of the values the form showed (base), the user's
        input (mine) and the stored record (current, `current_form` is an unbound form on it). A field the
        user did not touch takes the stored value (the colleague's change is kept, not undone); a field
        only the user changed keeps the input; a field both changed differently keeps the input and is
        flagged. Returns the flagged fields."""
        base = self.base_values() or {}
        data = self.data.copy()
        conflicts = []
        for name in self.merged_fields():
            current_field = current_form[name]
            mine, current = _norm(self.data_value(name)), _norm(current_field.value())
            if mine == current:
                continue
            if name in base and mine == base[name]:
                _put(data, current_field)  # untouched here: the colleague's value
            elif name in base and current == base[name]:
                continue  # only this user changed it
            else:
                conflicts.append(name)
        self.data = data
        return conflicts

    def data_value(self, name: str):
        """The user's input for a field, cleaned when possible."""
        if hasattr(self, "cleaned_data") and name in self.cleaned_data:
            return self.cleaned_data[name]
        return self[name].value()

    def refresh_version(self, version: int, seen_journal_id: int) -> None:
        """After a refused stale save: the form keeps the user's input and now carries the current
        version (and, as base, what is stored now), so that saving again is accepted."""
        self.data = self.data.copy()
        self.data["version"], self.data["seen"] = str(version), str(seen_journal_id)


def _put(data, bound_field) -> None:
    """Write a stored value into form data, as the browser would send it."""
    name, value, field = bound_field.html_name, bound_field.value(), bound_field.field
    if isinstance(field, forms.BooleanField):
        if value:
            data[name] = "on"
        else:
            data.pop(name, None)
    elif isinstance(field, forms.MultipleChoiceField):
        data.setlist(name, [str(v) for v in value or []])
    elif isinstance(field, forms.ChoiceField):
        data[name] = "" if value is None else str(value)
    else:
        shown = field.widget.format_value(field.prepare_value(value))
        data[name] = "" if shown is None else str(shown)


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
                "maxlength": COMMUNE_INPUT_MAX_LENGTH,
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
        # Checked before any query: a huge text would become a huge LIKE pattern, a NUL an SQL error.
        if len(text) > COMMUNE_INPUT_MAX_LENGTH:
            raise ValidationError(
                f"Saisissez au plus {COMMUNE_INPUT_MAX_LENGTH} caractères, puis choisissez la commune "
                "dans la liste proposée.",
                code="max_length",
            )
        no_control_characters(text)
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
    entry_date = forms.DateField(
        label="Date d'entrée", widget=DateInput(), validators=[bounds.ENTRY_DATE, bounds.ENTRY_NOT_IN_FUTURE]
    )

    def __init__(self, *args, dwellings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dwelling"].queryset = dwellings


class EndStayForm(DsfrFormMixin, forms.Form):
    exit_date = forms.DateField(
        label="Date de sortie",
        widget=DateInput(),
        validators=[bounds.EXIT_DATE, bounds.EXIT_NOT_IN_FUTURE],
    )
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
        max_digits=10,
        decimal_places=2,
        localize=True,
        validators=[bounds.DEBT],
    )


class MoveForm(DsfrFormMixin, forms.Form):
    dwelling = forms.ModelChoiceField(
        label="Nouveau logement",
        queryset=Dwelling.objects.none(),
        error_messages={"invalid_choice": "Choisissez un logement de la liste."},
    )
    move_date = forms.DateField(
        label="Date du changement",
        widget=DateInput(),
        validators=[
            bounds.MOVE_DATE,
            bounds.MOVE_NOT_IN_FUTURE,
        ],
    )

    def __init__(self, *args, dwellings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dwelling"].queryset = dwellings
