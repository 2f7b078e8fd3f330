"""Forms of the « Gestion locative » pages: input and French messages only; the rules are in clef.rental."""

from __future__ import annotations

from datetime import date

from django import forms

from clef.rental import bounds as rb
from clef.rental import rules
from clef.rental.enums import AgeingBucket, BenefitStatus, EntryKind, LedgerMode
from clef.rental.models import CafReport, Lease, RentDifferential
from clef.utils import bounds
from clef.www.forms import DateInput, DsfrFormMixin

MAX_VERSION = 2**31 - 1
MONEY_ERRORS = {"invalid": "Saisissez un montant en euros, par exemple 650 ou 650,50."}


def money_field(label: str, bound, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=10,
        decimal_places=2,
        validators=[bound],
        error_messages=MONEY_ERRORS,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        **kwargs,
    )


def month_choices(today: date) -> list[tuple[str, str]]:
    """The months whose calls may be generated: the next one and the twelve before it."""
    start = rules.add_months(rules.month_start(today), 1)
    months = [rules.add_months(start, -offset) for offset in range(13)]
    return [(f"{month:%Y-%m}", rules.month_label(month).capitalize()) for month in months]


class CallsForm(DsfrFormMixin, forms.Form):
    month = forms.ChoiceField(
        label="Mois des appels",
        error_messages={
            "invalid_choice": "Choisissez un mois proposé dans la liste.",
            "required": "Choisissez un mois proposé dans la liste.",
        },
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(today)
        self.fields["month"].initial = f"{today:%Y-%m}"

    @property
    def period(self) -> date:
        year, month = self.cleaned_data["month"].split("-")
        return date(int(year), int(month), 1)


class PaymentForm(DsfrFormMixin, forms.Form):
    amount = money_field("Montant reçu (€)", rb.PAYMENT)
    on = forms.DateField(label="Reçu le", widget=DateInput(), validators=[rb.BOOKED_ON])
    kind = forms.ChoiceField(
        label="Origine",
        choices=[
            (EntryKind.PAIEMENT, "Le ménage"),
            (EntryKind.AIDE_LOGEMENT, "L'aide au logement (CAF/MSA)"),
        ],
        initial=EntryKind.PAIEMENT,
    )
    label = forms.CharField(
        label="Libellé", max_length=rb.LABEL_MAX, required=False, validators=[bounds.no_control_characters]
    )


class ReverseForm(DsfrFormMixin, forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_VERSION)
    reason = forms.CharField(
        label="Motif de la contre-passation",
        max_length=rb.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Indiquez le motif de la contre-passation."},
    )


class PayoverForm(DsfrFormMixin, forms.Form):
    contract = forms.ModelChoiceField(
        label="Contrat avec le propriétaire",
        queryset=None,
        error_messages={
            "invalid_choice": "Choisissez un contrat de la liste.",
            "required": "Choisissez le contrat.",
        },
    )
    amount = money_field("Montant versé (€)", rb.PAYMENT)
    on = forms.DateField(label="Versé le", widget=DateInput(), validators=[rb.BOOKED_ON])
    label = forms.CharField(
        label="Libellé", max_length=rb.LABEL_MAX, required=False, validators=[bounds.no_control_characters]
    )

    def __init__(self, *args, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts
        self.fields["contract"].label_from_instance = lambda c: (
            f"{c.get_kind_display()} du {c.starts_on:%d/%m/%Y}"
        )


class PeriodForm(DsfrFormMixin, forms.Form):
    start = forms.DateField(label="Du", widget=DateInput(), validators=[bounds.DATE])
    end = forms.DateField(label="Au", widget=DateInput(), validators=[bounds.DATE])

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "La fin de la période doit suivre son début.")
        return data


class LeaseForm(DsfrFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_VERSION)

    class Meta:
        model = Lease
        fields = [
            "starts_on",
            "rent",
            "charges",
            "due_day",
            "benefit_kind",
            "benefit_payer",
            "benefit_tiers_payant",
            "benefit_amount",
            "benefit_status",
            "benefit_status_since",
            "deposit_amount",
            "irl_year",
            "irl_quarter",
        ]
        widgets = {"starts_on": DateInput(), "benefit_status_since": DateInput()}
        localized_fields = ["rent", "charges", "benefit_amount", "deposit_amount"]
        error_messages = dict.fromkeys(("rent", "charges", "benefit_amount", "deposit_amount"), MONEY_ERRORS)

    def clean(self):
        data = super().clean()
        if data.get("benefit_tiers_payant") and not data.get("benefit_kind"):
            self.add_error(
                "benefit_kind", "Le tiers payant suppose une aide au logement : indiquez laquelle."
            )
        if data.get("benefit_kind") and not data.get("benefit_payer"):
            self.add_error("benefit_payer", "Indiquez l'organisme qui verse l'aide (CAF ou MSA).")
        return data


class DifferentialForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = RentDifferential
        fields = ["reason", "starts_on", "ends_on", "monthly_amount"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        localized_fields = ["monthly_amount"]
        error_messages = {"monthly_amount": MONEY_ERRORS}
        help_texts = {
            "starts_on": "Le premier jour du mois.",
            "ends_on": "Le premier jour du dernier mois (24 mois au plus).",
        }


class CafReportForm(DsfrFormMixin, forms.ModelForm):
    class Meta:
        model = CafReport
        fields = ["reported_on", "debt", "payer", "reference"]
        widgets = {"reported_on": DateInput()}
        localized_fields = ["debt"]
        error_messages = {"debt": MONEY_ERRORS}


class LedgerFilterForm(DsfrFormMixin, forms.Form):
    bucket = forms.ChoiceField(
        label="Ancienneté de la dette", required=False, choices=[("", "Toutes"), *AgeingBucket.choices]
    )
    mode = forms.ChoiceField(
        label="Mode de gestion", required=False, choices=[("", "Tous"), *LedgerMode.choices]
    )
    benefit_status = forms.ChoiceField(
        label="Aide au logement", required=False, choices=[("", "Toutes"), *BenefitStatus.choices]
    )
