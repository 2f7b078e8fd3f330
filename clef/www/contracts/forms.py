"""Forms of the conventions and contracts pages. They collect input; the rules are clef.contracts.rules,
applied by the models' clean() and the services (their French errors come back on the fields)."""

from django import forms
from django.core.exceptions import ValidationError
from dsfr.utils import dsfr_input_class_attr

from clef.contracts import models, rules, services
from clef.contracts.enums import ContractKind, ConventionWorks
from clef.dwellings.enums import DwellingExitReason
from clef.dwellings.models import Dwelling
from clef.organisations.models import Organisation
from clef.utils import bounds
from clef.www.editing import MISSING_VERSION
from clef.www.forms import DateInput, DsfrFormMixin
from clef.www.territories.fields import CommuneField

MAX_VERSION = 2**31 - 1


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_VERSION)


class SignDwellingForm(DsfrFormMixin, forms.ModelForm):
    """The dwelling entering the park, pre-filled from the lead's offered dwelling (no retyping)."""

    commune = CommuneField()

    class Meta:
        model = Dwelling
        fields = ["address", "commune", "typology", "surface_m2", "places"]
        localized_fields = ["surface_m2"]
        help_texts = {"places": rules.PLACES_HELP}


class ContractForm(DsfrFormMixin, forms.ModelForm):
    version = version_field()

    class Meta:
        model = models.Contract
        fields = [
            "kind",
            "glissement_clause",
            "signed_on",
            "starts_on",
            "ends_on",
            "renewal_on",
            "tacit_renewal",
            "rent",
            "charges",
            "fee_percent",
            "comments",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "signed_on": DateInput(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "renewal_on": DateInput(),
            "comments": forms.Textarea(attrs={"rows": 3}),
        }
        localized_fields = ["rent", "charges", "fee_percent"]
        help_texts = {
            "starts_on": "Le logement entre dans le parc IML à cette date.",
            "fee_percent": "Mandat de gestion seulement (pré-rempli avec le taux de votre structure).",
        }

    def __init__(self, *args, landlords=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ContractKind.choices  # radio buttons: no blank choice
        if landlords is not None:  # a new contract for a dwelling of the park: whose owner?
            self.fields = {
                "landlord": forms.ModelChoiceField(
                    queryset=landlords,
                    label="Propriétaire",
                    help_text="Les propriétaires de votre structure (fiches de la captation).",
                ),
                **self.fields,
            }
            dsfr_input_class_attr(self["landlord"])

    def clean(self):
        data = super().clean()
        if data.get("landlord"):
            self.instance.landlord = data["landlord"]
        if data.get("kind") == ContractKind.BAIL_PRINCIPAL:
            data["fee_percent"] = None  # the pre-filled rate only concerns a mandate
            self.instance.fee_percent = None
        return data


class ConventionForm(DsfrFormMixin, forms.ModelForm):
    """An Anah convention: requested (and, when the Anah already signed it, signed)."""

    class Meta:
        model = models.AnahConvention
        fields = ["works", "level", "requested_on", "signed_on", "starts_on", "duration_years", "comments"]
        widgets = {
            "works": forms.RadioSelect,
            "requested_on": DateInput(),
            "signed_on": DateInput(),
            "starts_on": DateInput(),
            "comments": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "signed_on": "Laissez vide tant que l'Anah n'a pas signé.",
            "starts_on": "La convention prend effet avec le premier bail.",
            "duration_years": "Laissé vide : 6 ans sans travaux, 9 ans avec travaux.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["works"].choices = ConventionWorks.choices  # radio buttons: no blank choice
        self.fields["duration_years"].required = False

    def clean(self):
        data = super().clean()
        if data.get("works") and not data.get("duration_years"):
            data["duration_years"] = rules.default_duration_years(data["works"])
            self.instance.duration_years = data["duration_years"]
        return data


class BankAccountForm(DsfrFormMixin, forms.Form):
    holder = forms.CharField(label="Titulaire du compte", max_length=models.HOLDER_MAX)
    iban = forms.CharField(
        label="IBAN", max_length=50, help_text="Par exemple FR76 3000 6000 0112 3456 7890 189."
    )
    bic = forms.CharField(label="BIC", max_length=20, required=False, help_text="8 ou 11 caractères.")

    def clean_iban(self):
        if not self.cleaned_data["iban"]:
            return ""  # optional at signing (required fields never reach here empty)
        try:
            return services.clean_iban(self.cleaned_data["iban"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["iban"]) from exc

    def clean_bic(self):
        try:
            return services.clean_bic(self.cleaned_data["bic"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["bic"]) from exc

    def account(self) -> models.OwnerBankAccount:
        return models.OwnerBankAccount(**self.cleaned_data)


class OptionalBankAccountForm(BankAccountForm):
    """At signing: bank details are optional (all three left empty)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean(self):
        data = super().clean()
        if (data.get("iban") or data.get("bic")) and not data.get("holder"):
            self.add_error("holder", "Indiquez le titulaire du compte.")
        if data.get("holder") and not data.get("iban") and "iban" not in self.errors:
            self.add_error("iban", "Indiquez l'IBAN du compte.")
        return data

    def account(self) -> models.OwnerBankAccount | None:
        return super().account() if self.cleaned_data.get("iban") else None


class SignOptionsForm(DsfrFormMixin, forms.Form):
    with_convention = forms.BooleanField(
        label="Le logement fait l'objet d'une convention Anah (demandée ou signée)", required=False
    )


class RenewForm(DsfrFormMixin, forms.Form):
    renewal_on = forms.DateField(
        label="Prochain renouvellement", required=False, widget=DateInput(), validators=[models.RENEWAL_DATE]
    )
    ends_on = forms.DateField(
        label="Nouvelle échéance prévue", required=False, widget=DateInput(), validators=[models.END_DATE]
    )
    rent = forms.DecimalField(
        label="Nouveau loyer hors charges (€/mois)",
        required=False,
        max_digits=8,
        decimal_places=2,
        localize=True,
        validators=[bounds.RENT],
        help_text="Laissez vide si le loyer ne change pas.",
    )
    version = version_field()


class EndContractForm(DsfrFormMixin, forms.Form):
    ended_on = forms.DateField(label="Date de fin", widget=DateInput(), validators=[models.ENDED_DATE])
    end_reason = forms.ChoiceField(label="Motif", choices=[("", "—"), *DwellingExitReason.choices])
    dwelling_leaves = forms.BooleanField(
        label="Le logement quitte le parc IML à cette date",
        required=False,
        initial=True,
        help_text="Pour un glissement de bail, une reprise par le propriétaire, une fin de convention ou de "
        "mandat, un dossier de re-captation s'ouvre.",
    )
    version = version_field()


class SignConventionForm(DsfrFormMixin, forms.Form):
    signed_on = forms.DateField(
        label="Signée par l'Anah le", widget=DateInput(), validators=[models.SIGNATURE_DATE]
    )
    starts_on = forms.DateField(
        label="Prend effet le",
        widget=DateInput(),
        validators=[models.START_DATE],
        help_text="La date du premier bail.",
    )
    duration_years = forms.IntegerField(
        label="Durée (ans)",
        required=False,
        validators=[models.DURATION_YEARS],
        help_text="Laissé vide : inchangée.",
    )
    version = version_field()


class EndConventionForm(DsfrFormMixin, forms.Form):
    ended_on = forms.DateField(label="Terminée le", widget=DateInput(), validators=[models.ENDED_DATE])
    version = version_field()


class CardForm(DsfrFormMixin, forms.ModelForm):
    """The operator's carte professionnelle (carte G), entered by its direction. `seen` is its optimistic
    lock (the card as shown: rules.carte_pro_seen), required."""

    seen = forms.CharField(widget=forms.HiddenInput, max_length=200)

    class Meta:
        model = Organisation
        fields = ["has_carte_professionnelle", "carte_pro_number", "carte_pro_issued_on", "carte_pro_expiry"]
        widgets = {"carte_pro_issued_on": DateInput(), "carte_pro_expiry": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen"].error_messages["required"] = MISSING_VERSION
        if not self.is_bound:
            self.initial["seen"] = rules.carte_pro_seen(self.instance)

    def clean(self):
        data = super().clean()
        try:
            rules.check_carte_pro_dates(data.get("carte_pro_issued_on"), data.get("carte_pro_expiry"))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, errors)
        return data
